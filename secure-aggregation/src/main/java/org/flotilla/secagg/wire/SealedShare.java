package org.flotilla.secagg.wire;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.crypto.ShareCipher;

/**
 * One client's shares for one other client, AES-GCM-sealed so the server that routes them
 * learns nothing: {@code peer} is the receiver when a client sends it and the sender when the
 * server forwards it. The plaintext is x (4 bytes) ‖ share of the self-mask seed ‖ share of the
 * mask private key ({@value #PLAINTEXT_BYTES} bytes).
 */
public record SealedShare(String peer, byte[] ciphertext) {

    /** Plaintext length: x-coordinate and two field elements. */
    public static final int PLAINTEXT_BYTES = 4 + 2 * Shamir.SHARE_BYTES;
    /** Ciphertext length: nonce, plaintext, tag. */
    public static final int CIPHERTEXT_BYTES = ShareCipher.NONCE_BYTES + PLAINTEXT_BYTES + ShareCipher.TAG_BYTES;

    public SealedShare {
        Ids.check("peer", peer);
        if (ciphertext == null || ciphertext.length != CIPHERTEXT_BYTES) {
            throw new MessageFormatException("ciphertext", CIPHERTEXT_BYTES + " bytes");
        }
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedShare s && s.peer.equals(peer) && Arrays.equals(s.ciphertext, ciphertext);
    }

    @Override
    public int hashCode() {
        return peer.hashCode() * 31 + Arrays.hashCode(ciphertext);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peer", peer);
        m.put("ciphertext", Fields.base64(ciphertext));
        return m;
    }

    static SealedShare fromValue(JsonNode value, String path) {
        Fields f = Fields.of(value, path, Set.of("peer", "ciphertext"));
        return new SealedShare(f.id("peer"), f.bytes("ciphertext", CIPHERTEXT_BYTES));
    }
}
