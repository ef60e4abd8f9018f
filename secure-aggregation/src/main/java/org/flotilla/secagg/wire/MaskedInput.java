package org.flotilla.secagg.wire;

import java.util.Arrays;

/**
 * Client → server in phase 2 (Bonawitz et al. 2017, MaskedInputCollection): the client's
 * weighted quantized update [w, w·q(x)] plus its self-mask and its pairwise masks, modulo 2^b.
 * Uniformly random to anyone without the masks. Travels in the binary format of
 * {@link MaskedVectorCodec}.
 */
public record MaskedInput(String roundId, String clientId, int modulusBits, long[] vector) {

    public MaskedInput {
        Ids.check("roundId", roundId);
        Ids.check("clientId", clientId);
        if (modulusBits < 1 || modulusBits > 64) {
            throw new MessageFormatException("modulusBits", "an integer in [1, 64]");
        }
        if (vector == null || vector.length < 2 || vector.length > RoundSetup.MAX_VECTOR_LENGTH + 1) {
            throw new MessageFormatException("vector", "between 2 and " + (RoundSetup.MAX_VECTOR_LENGTH + 1) + " elements");
        }
        // Not copied: a masked vector is large and the record is the hand-over from its producer.
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedInput m && m.roundId.equals(roundId) && m.clientId.equals(clientId)
                && m.modulusBits == modulusBits && Arrays.equals(m.vector, vector);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector) * 31 + clientId.hashCode();
    }

    @Override
    public String toString() {
        return "MaskedInput[round=" + roundId + ", client=" + clientId + ", bits=" + modulusBits
                + ", length=" + vector.length + "]";
    }
}
