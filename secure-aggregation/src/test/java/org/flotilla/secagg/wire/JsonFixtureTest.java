package org.flotilla.secagg.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.client.ClientPhase;
import org.flotilla.secagg.client.ClientState;
import org.flotilla.secagg.client.ClientStateCodec;
import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.crypto.X25519;
import org.junit.jupiter.api.Test;

/**
 * The JSON wire format, held to checked-in texts ({@code src/test/resources/fixtures/*.json}, written
 * by the first version of the library): each message and a client state built from fixed bytes
 * encodes to exactly the fixture's text, and the fixture decodes to the same value. A change of the
 * format (field names, order, number or base64 spelling) fails here.
 */
class JsonFixtureTest {

    private static final Path DIR = Path.of("src/test/resources/fixtures");
    private static final String ROUND = "job-7/round-3/attempt-1";

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    static KeyAdvertisement ad(String id, int seed) {
        return new KeyAdvertisement(ROUND, id, new X25519.PublicKey32(bytes(32, seed)),
                new X25519.PublicKey32(bytes(32, seed + 1)));
    }

    static Shamir.Share share(int x, int seed) {
        byte[] y = bytes(Shamir.SHARE_BYTES, seed);
        y[0] = 0; // below the prime 2^521 − 1
        return new Shamir.Share(x, y);
    }

    /** Every fixture by file name, with its value, its encoder and its decoder. */
    static Map<String, Fixture<?>> fixtures() {
        SecAggParameters params = new SecAggParameters(new Threshold.Fixed(3), new Neighbourhood.Regular(4), 0.00001, 12, 1000);
        RoundSetup setup = new RoundSetup(ROUND, params, 199_210);
        KeyAdvertisement ad = ad("c-a", 1);
        ShareKeysRequest skr = new ShareKeysRequest(ROUND, bytes(32, 9), List.of("c-a", "c-b", "c-c"),
                List.of(ad("c-b", 3), ad("c-c", 5)));
        SealedShares shares = new SealedShares(ROUND, "c-a",
                List.of(new SealedShare("c-b", bytes(SealedShare.CIPHERTEXT_BYTES, 11)),
                        new SealedShare("c-c", bytes(SealedShare.CIPHERTEXT_BYTES, 12))));
        UnmaskRequest ur = new UnmaskRequest(ROUND, List.of("c-a", "c-b"), List.of("c-c"));
        UnmaskResponse resp = new UnmaskResponse(ROUND, "c-a",
                List.of(new RevealedShare("c-a", share(1, 20)), new RevealedShare("c-b", share(1, 21))),
                List.of(new RevealedShare("c-c", share(1, 22))));
        ClientState state = new ClientState("c-a", setup, ClientPhase.UNMASKED, null, ad,
                new X25519.PrivateKey32(bytes(32, 30)), new X25519.PrivateKey32(bytes(32, 31)), bytes(32, 32),
                bytes(32, 33), skr, shares, share(1, 34), share(1, 35), shares, ur, resp);
        Map<String, Fixture<?>> all = new LinkedHashMap<>();
        all.put("parameters-v1.json", new Fixture<>(params, ParametersCodec::toJson, ParametersCodec::fromJson));
        all.put("round-setup-v1.json", new Fixture<>(setup, RoundSetup::toJson, RoundSetup::fromJson));
        all.put("key-advertisement-v1.json", new Fixture<>(ad, KeyAdvertisement::toJson, KeyAdvertisement::fromJson));
        all.put("share-keys-request-v1.json", new Fixture<>(skr, ShareKeysRequest::toJson, ShareKeysRequest::fromJson));
        all.put("sealed-shares-v1.json", new Fixture<>(shares, SealedShares::toJson, SealedShares::fromJson));
        all.put("unmask-request-v1.json", new Fixture<>(ur, UnmaskRequest::toJson, UnmaskRequest::fromJson));
        all.put("unmask-response-v1.json", new Fixture<>(resp, UnmaskResponse::toJson, UnmaskResponse::fromJson));
        all.put("client-state-v1.json", new Fixture<>(state, ClientStateCodec::toJson, ClientStateCodec::fromJson));
        return all;
    }

    record Fixture<T>(T value, Function<T, String> encode, Function<String, T> decode) {
    }

    @Test
    void everyMessageEncodesToItsFixtureAndTheFixtureDecodesToIt() throws IOException {
        String writeTo = System.getenv("SECAGG_WRITE_FIXTURES");
        for (var e : fixtures().entrySet()) {
            check(e.getKey(), e.getValue(), writeTo);
        }
    }

    private static <T> void check(String file, Fixture<T> f, String writeTo) throws IOException {
        String encoded = f.encode().apply(f.value());
        if (writeTo != null) {
            Files.writeString(Path.of(writeTo).resolve(file), encoded, StandardCharsets.UTF_8);
            return;
        }
        String fixture = Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
        assertThat(encoded).as(file + " encodes to the fixture").isEqualTo(fixture);
        T decoded = f.decode().apply(fixture);
        if (decoded instanceof ClientState s) {
            // ClientState holds arrays; compare through its encoding.
            assertThat(ClientStateCodec.toJson(s)).as(file).isEqualTo(fixture);
        } else {
            assertThat(decoded).as(file + " decodes to the value").isEqualTo(f.value());
        }
    }
}
