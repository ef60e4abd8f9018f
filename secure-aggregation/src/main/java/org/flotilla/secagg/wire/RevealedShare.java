package org.flotilla.secagg.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import org.flotilla.secagg.crypto.Shamir;

/** One share a client reveals in phase 3: the share it holds of {@code owner}'s secret. */
public record RevealedShare(String owner, Shamir.Share share) {

    public RevealedShare {
        Ids.check("owner", owner);
        if (share == null) {
            throw new MessageFormatException("share", "present");
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("owner", owner);
        m.put("x", share.x());
        m.put("y", Fields.base64(share.y()));
        return m;
    }

    static RevealedShare fromValue(JsonNode value, String path) {
        Fields f = Fields.of(value, path, Set.of("owner", "x", "y"));
        byte[] y = f.bytes("y", Shamir.SHARE_BYTES);
        if (new java.math.BigInteger(1, y).compareTo(Shamir.PRIME) >= 0) {
            throw new MessageFormatException(f.name("y"), "a field element below 2^521 - 1");
        }
        return new RevealedShare(f.id("owner"), new Shamir.Share((int) f.integer("x", 1, Shamir.MAX_SHARES), y));
    }
}
