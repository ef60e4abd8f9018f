package org.flotilla.secagg.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.crypto.X25519;
import org.junit.jupiter.api.Test;

/** Every JSON message round-trips, and malformed ones fail naming the field and the limit. */
class MessagesTest {

    private final SecureRandom random = new SecureRandom();

    private KeyAdvertisement ad(String id) {
        return new KeyAdvertisement("job-1/round-2", id, X25519.generate(random).publicKey(),
                X25519.generate(random).publicKey());
    }

    private SealedShare sealed(String peer) {
        byte[] c = new byte[SealedShare.CIPHERTEXT_BYTES];
        random.nextBytes(c);
        return new SealedShare(peer, c);
    }

    @Test
    void everyMessageRoundTrips() {
        RoundSetup setup = new RoundSetup("job-1/round-2", SecAggParameters.defaults(), 199_210);
        assertThat(RoundSetup.fromJson(setup.toJson())).isEqualTo(setup);

        KeyAdvertisement ad = ad("a");
        assertThat(KeyAdvertisement.fromJson(ad.toJson())).isEqualTo(ad);

        byte[] seed = new byte[32];
        random.nextBytes(seed);
        ShareKeysRequest skr = new ShareKeysRequest("job-1/round-2", seed, List.of("a", "b", "c"), List.of(ad("b"), ad("c")));
        assertThat(ShareKeysRequest.fromJson(skr.toJson())).isEqualTo(skr);

        SealedShares shares = new SealedShares("job-1/round-2", "a", List.of(sealed("b"), sealed("c")));
        assertThat(SealedShares.fromJson(shares.toJson())).isEqualTo(shares);

        UnmaskRequest ur = new UnmaskRequest("job-1/round-2", List.of("a", "b"), List.of("c"));
        assertThat(UnmaskRequest.fromJson(ur.toJson())).isEqualTo(ur);

        List<Shamir.Share> s = Shamir.split(new byte[32], 2, 3, random);
        UnmaskResponse resp = new UnmaskResponse("job-1/round-2", "a",
                List.of(new RevealedShare("a", s.get(0)), new RevealedShare("b", s.get(1))),
                List.of(new RevealedShare("c", s.get(2))));
        assertThat(UnmaskResponse.fromJson(resp.toJson())).isEqualTo(resp);
    }

    @Test
    void unknownFieldsWrongLengthsAndBadIdsNameTheField() {
        String ad = ad("a").toJson();
        assertThatThrownBy(() -> KeyAdvertisement.fromJson(ad.replace("{", "{\"extra\":1,")))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo("extra"));
        String shortKey = ad.replaceFirst("\"encryptionKey\":\"[^\"]+\"", "\"encryptionKey\":\"AAAA\"");
        assertThatThrownBy(() -> KeyAdvertisement.fromJson(shortKey))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("encryptionKey");
                    assertThat(e.limit()).isEqualTo("base64 of 32 bytes");
                });
        assertThatThrownBy(() -> KeyAdvertisement.fromJson(ad.replace("\"a\"", "\"a b\"")))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo("clientId"));
        assertThatThrownBy(() -> KeyAdvertisement.fromJson(ad.replace("}", ",\"roundId\":\"x\"}")))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.limit()).containsIgnoringCase("duplicate"));
        String shares = new SealedShares("r", "a", List.of(sealed("b"))).toJson();
        assertThatThrownBy(() -> SealedShares.fromJson(shares.replace("\"b\"", "\"a\"")))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo("shares[].peer"));
        assertThatThrownBy(() -> new UnmaskRequest("r", List.of("a", "b"), List.of("b")))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.limit()).contains("disjoint"));
    }

    @Test
    void oversizedTextIsRefusedBeforeParsing() {
        String huge = "[" + "0,".repeat(Wire.maxJsonChars()) + "0]";
        assertThatThrownBy(() -> SealedShares.fromJson(huge))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.limit()).contains("characters"));
        assertThatThrownBy(() -> KeyAdvertisement.fromJson("[".repeat(50) + "]".repeat(50)))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.limit()).contains("nesting"));
        assertThatThrownBy(() -> KeyAdvertisement.fromJson(ad("a").toJson() + " {}"))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void theWireBoundCoversTheLargestMessagesOfARound() {
        // A round of 300 participants in the complete graph: the share-keys request carries 299
        // advertisements and 300 ids, the sealed shares 299 ciphertexts.
        int n = 300;
        List<String> ids = java.util.stream.IntStream.range(0, n).mapToObj(i -> "job-123/client-" + "x".repeat(80) + i).toList();
        List<KeyAdvertisement> ads = ids.subList(1, n).stream().map(id -> new KeyAdvertisement(
                "job-123/round-456/attempt-2", id, X25519.generate(random).publicKey(), X25519.generate(random).publicKey())).toList();
        ShareKeysRequest skr = new ShareKeysRequest("job-123/round-456/attempt-2", new byte[32], ids, ads);
        SealedShares s = new SealedShares("job-123/round-456/attempt-2", ids.get(0),
                ids.subList(1, n).stream().map(this::sealed).toList());
        assertThat(skr.toJson().length()).isLessThan(Wire.maxJsonChars(n));
        assertThat(s.toJson().length()).isLessThan(Wire.maxJsonChars(n));
    }
}
