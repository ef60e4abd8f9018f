package org.flotilla.secagg.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.crypto.X25519;
import org.flotilla.secagg.wire.Fields;
import org.flotilla.secagg.wire.Json;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MessageFormatException;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;
import org.flotilla.secagg.wire.Wire;

/**
 * The JSON form of a {@link ClientState} (format version 1): secrets base64, the messages it
 * kept embedded as their own JSON text. Read back with the same bounds as the messages.
 * The text is secret; see {@link ClientState} for how to store it.
 */
public final class ClientStateCodec {

    static final int VERSION = 1;
    private static final Set<String> KEYS = Set.of("version", "clientId", "setup", "phase", "abortReason",
            "advertisement", "encryptionPrivateKey", "maskPrivateKey", "selfMaskSeed", "roundingSeed",
            "shareKeysRequest", "sentShares", "ownShareX", "ownSelfMaskShare", "ownMaskKeyShare",
            "forwardedShares", "unmaskRequest", "unmaskResponse");

    private ClientStateCodec() {
    }

    public static String toJson(ClientState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("clientId", s.clientId());
        m.put("setup", s.setup().toJson());
        m.put("phase", s.phase().name());
        if (s.abortReason() != null) {
            m.put("abortReason", s.abortReason().name());
        }
        m.put("advertisement", s.advertisement().toJson());
        m.put("encryptionPrivateKey", Fields.base64(s.encryptionPrivateKey().bytes()));
        m.put("maskPrivateKey", Fields.base64(s.maskPrivateKey().bytes()));
        m.put("selfMaskSeed", Fields.base64(s.selfMaskSeed()));
        m.put("roundingSeed", Fields.base64(s.roundingSeed()));
        if (s.shareKeysRequest() != null) {
            m.put("shareKeysRequest", s.shareKeysRequest().toJson());
        }
        if (s.sentShares() != null) {
            m.put("sentShares", s.sentShares().toJson());
        }
        if (s.ownSelfMaskShare() != null) {
            m.put("ownShareX", s.ownSelfMaskShare().x());
            m.put("ownSelfMaskShare", Fields.base64(s.ownSelfMaskShare().y()));
            m.put("ownMaskKeyShare", Fields.base64(s.ownMaskKeyShare().y()));
        }
        if (s.forwardedShares() != null) {
            m.put("forwardedShares", s.forwardedShares().toJson());
        }
        if (s.unmaskRequest() != null) {
            m.put("unmaskRequest", s.unmaskRequest().toJson());
        }
        if (s.unmaskResponse() != null) {
            m.put("unmaskResponse", s.unmaskResponse().toJson());
        }
        return Json.write(m);
    }

    /** Reads a state; a damaged or foreign text is a {@link MessageFormatException}. */
    public static ClientState fromJson(String json) {
        Fields f = Fields.of(Json.parse(json, 8 * Wire.maxJsonChars()), "", KEYS);
        if (f.integer("version", 0, Integer.MAX_VALUE) != VERSION) {
            throw new MessageFormatException("version", String.valueOf(VERSION));
        }
        ClientPhase phase = enumOf(ClientPhase.class, f, "phase");
        AbortReason reason = f.has("abortReason") ? enumOf(AbortReason.class, f, "abortReason") : null;
        Shamir.Share ownB = null;
        Shamir.Share ownS = null;
        if (f.has("ownShareX")) {
            int x = (int) f.integer("ownShareX", 1, Shamir.MAX_SHARES);
            ownB = new Shamir.Share(x, f.bytes("ownSelfMaskShare", Shamir.SHARE_BYTES));
            ownS = new Shamir.Share(x, f.bytes("ownMaskKeyShare", Shamir.SHARE_BYTES));
        }
        int max = Wire.maxJsonChars();
        return new ClientState(
                f.id("clientId"),
                RoundSetup.fromJson(f.string("setup", max)),
                phase,
                reason,
                KeyAdvertisement.fromJson(f.string("advertisement", max)),
                new X25519.PrivateKey32(f.bytes("encryptionPrivateKey", X25519.KEY_BYTES)),
                new X25519.PrivateKey32(f.bytes("maskPrivateKey", X25519.KEY_BYTES)),
                f.bytes("selfMaskSeed", 32),
                f.bytes("roundingSeed", 32),
                f.has("shareKeysRequest") ? ShareKeysRequest.fromJson(f.string("shareKeysRequest", max)) : null,
                f.has("sentShares") ? SealedShares.fromJson(f.string("sentShares", max)) : null,
                ownB,
                ownS,
                f.has("forwardedShares") ? SealedShares.fromJson(f.string("forwardedShares", max)) : null,
                f.has("unmaskRequest") ? UnmaskRequest.fromJson(f.string("unmaskRequest", max)) : null,
                f.has("unmaskResponse") ? UnmaskResponse.fromJson(f.string("unmaskResponse", max)) : null);
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, Fields f, String field) {
        String name = f.string(field, 64);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new MessageFormatException(field, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
