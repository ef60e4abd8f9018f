package org.flotilla.secagg.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import org.flotilla.secagg.crypto.X25519;

/**
 * Client → server in phase 0 (Bonawitz et al. 2017, AdvertiseKeys): the client's two fresh
 * X25519 public keys, one for encrypting shares ({@code c^PK}) and one for agreeing pairwise
 * masks ({@code s^PK}). The server relays them to the client's neighbours.
 */
public record KeyAdvertisement(String roundId, String clientId, X25519.PublicKey32 encryptionKey,
                               X25519.PublicKey32 maskKey) {

    static final Set<String> KEYS = Set.of("roundId", "clientId", "encryptionKey", "maskKey");

    public KeyAdvertisement {
        Ids.check("roundId", roundId);
        Ids.check("clientId", clientId);
        if (encryptionKey == null || maskKey == null) {
            throw new MessageFormatException("encryptionKey", "present, with maskKey");
        }
        if (encryptionKey.equals(maskKey)) {
            throw new MessageFormatException("maskKey", "different from encryptionKey");
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roundId", roundId);
        m.put("clientId", clientId);
        m.put("encryptionKey", Fields.base64(encryptionKey.bytes()));
        m.put("maskKey", Fields.base64(maskKey.bytes()));
        return m;
    }

    static KeyAdvertisement fromValue(JsonNode value, String path) {
        Fields f = Fields.of(value, path, KEYS);
        return new KeyAdvertisement(f.id("roundId"), f.id("clientId"),
                new X25519.PublicKey32(f.bytes("encryptionKey", X25519.KEY_BYTES)),
                new X25519.PublicKey32(f.bytes("maskKey", X25519.KEY_BYTES)));
    }

    /** The JSON text of this message. */
    public String toJson() {
        return Json.write(toMap());
    }

    /** Parses the JSON text; a malformed message is a {@link MessageFormatException} naming the field. */
    public static KeyAdvertisement fromJson(String json) {
        return fromValue(Json.parse(json, Wire.BASE_CHARS), "");
    }
}
