package org.flotilla.model.codec;

/**
 * The fixed 24-byte header of the weights format.
 *
 * @param version       format version (only {@link WeightsCodec#FORMAT_VERSION} is read)
 * @param dtype         element type code (1 = float32)
 * @param codec         payload codec code (1 = raw little-endian)
 * @param elementCount  number of parameters
 * @param payloadLength payload size in bytes
 */
public record WeightsHeader(int version, int dtype, int codec, long elementCount, long payloadLength) {

    /** Total encoded size: header, payload and trailer. */
    public long encodedLength() {
        return WeightsCodec.HEADER_BYTES + payloadLength + WeightsCodec.TRAILER_BYTES;
    }
}
