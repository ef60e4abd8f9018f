package org.flotilla.edge.secagg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.flotilla.edge.state.FileStateStore;
import org.flotilla.edge.state.StateCorruptException;
import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.client.ClientPhase;
import org.flotilla.secagg.quant.Quantizer;
import org.flotilla.secagg.server.AggregationResult;
import org.flotilla.secagg.server.PhaseOutcome;
import org.flotilla.secagg.server.ServerSession;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.MaskedVectorCodec;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShare;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * The device's side of a secure round against the library's real server session, with each client's
 * state in its own real state directory and every client restarted (its store reopened, its round
 * resumed from disk) before every phase.
 */
class SecureRoundTest {

    private static final RoundKey KEY = new RoundKey(3, 2);
    private static final int LENGTH = 40;
    private static final List<String> IDS = List.of("c1", "c2", "c3", "c4");

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final RoundSetup setup = new RoundSetup("job-3/round-2/attempt-1", SecAggParameters.defaults(), LENGTH);

    @Test
    void clientsRestartedBeforeEveryPhaseFinishTheRoundAndTheSumIsTheirWeightedMean() throws IOException {
        // Prepare
        ServerSession server = new ServerSession(setup, seed());
        Map<String, float[]> updates = new LinkedHashMap<>();
        Map<String, Long> examples = new LinkedHashMap<>();
        Random data = new Random(5);
        for (String id : IDS) {
            float[] u = new float[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                u[i] = (float) (data.nextGaussian() * 0.1);
            }
            updates.put(id, u);
            examples.put(id, 10L + data.nextInt(90));
        }

        // Execute
        for (String id : IDS) {
            server.acceptKeys(send(SecureRound.join(store(id), KEY, setup, id, random).advertisement()));
        }
        assertThat(server.closeKeys()).isNotInstanceOf(PhaseOutcome.Failed.class);
        for (String id : IDS) {
            ShareKeysRequest request = server.shareKeysRequest(id);
            SealedShares shares = send(resumed(id).shareKeys(request));
            assertThat(send(resumed(id).shareKeys(request)).toJson()).as("a repeat after a restart").isEqualTo(shares.toJson());
            server.acceptShares(shares);
        }
        assertThat(server.closeShares()).isNotInstanceOf(PhaseOutcome.Failed.class);
        for (String id : IDS) {
            MaskedInput masked = send(resumed(id).maskInput(server.forwardedShares(id), updates.get(id), examples.get(id)));
            server.acceptMaskedInput(MaskedVectorCodec.decode(MaskedVectorCodec.encode(masked),
                    server.plan().modulusBits(), LENGTH + 1));
        }
        assertThat(server.closeMaskedInput()).isNotInstanceOf(PhaseOutcome.Failed.class);
        for (String id : IDS) {
            server.acceptUnmask(send(resumed(id).unmask(server.unmaskRequest(id))));
        }
        AggregationResult result = server.finish();
        for (String id : IDS) {
            assertThat(stateFile(id)).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile(id)))).isEqualTo("rw-------");
            assertThat(resumed(id).phase()).isEqualTo(ClientPhase.UNMASKED);
            resumed(id).finish();
        }

        // Assert
        assertThat(result).isInstanceOf(AggregationResult.Aggregated.class);
        float[] mean = ((AggregationResult.Aggregated) result).weightedMean();
        double bound = new Quantizer(SecAggParameters.defaults()).errorBound();
        long total = examples.values().stream().mapToLong(Long::longValue).sum();
        for (int i = 0; i < LENGTH; i++) {
            double expected = 0;
            for (String id : IDS) {
                expected += examples.get(id) * (double) updates.get(id)[i];
            }
            assertThat((double) mean[i]).isCloseTo(expected / total, offset(bound + 1e-6));
        }
        for (String id : IDS) {
            assertThat(stateFile(id)).doesNotExist();
            try (Stream<Path> left = Files.list(dir.resolve(id).resolve(SecureRoundStore.DIRECTORY))) {
                assertThat(left).as("no temporary files").isEmpty();
            }
            assertThat(SecureRound.resume(store(id), KEY, random)).isEmpty();
        }
    }

    @Test
    void aTamperedShareIsDeclinedAndTheClientRevealsNothingMoreEvenAfterARestart() throws IOException {
        // Prepare
        ServerSession server = new ServerSession(setup, seed());
        for (String id : IDS) {
            server.acceptKeys(send(SecureRound.join(store(id), KEY, setup, id, random).advertisement()));
        }
        server.closeKeys();
        for (String id : IDS) {
            server.acceptShares(send(resumed(id).shareKeys(server.shareKeysRequest(id))));
        }
        server.closeShares();
        SealedShares forwarded = server.forwardedShares("c1");
        List<SealedShare> shares = new ArrayList<>(forwarded.shares());
        byte[] ct = shares.getFirst().ciphertext();
        ct[20] ^= 1;
        shares.set(0, new SealedShare(shares.getFirst().peer(), ct));

        // Execute
        SecureAnswer<MaskedInput> answer = resumed("c1").maskInput(
                new SealedShares(forwarded.roundId(), "c1", shares), new float[LENGTH], 10);
        SecureAnswer<UnmaskResponse> later = resumed("c1").unmask(new UnmaskRequest(setup.roundId(),
                List.of("c2", "c3", "c4"), List.of("c1")));

        // Assert
        assertThat(answer).isInstanceOfSatisfying(SecureAnswer.Decline.class, d -> {
            assertThat(d.reason()).isEqualTo(DeclineReason.SECURE_AGGREGATION_ABORTED);
            assertThat(d.detail()).startsWith("SHARE_TAMPERED");
            assertThat(d.blamesServer()).isTrue();
        });
        assertThat(later).isInstanceOf(SecureAnswer.Decline.class);
        assertThat(resumed("c1").phase()).isEqualTo(ClientPhase.ABORTED);
        assertThat(resumed("c1").advertisement()).isInstanceOf(SecureAnswer.Decline.class);
    }

    @Test
    void anotherAttemptReplacesTheStateAndEndedRoundsAreSweptAndACorruptStateIsNamed() throws IOException {
        // Prepare
        SecureRoundStore store = store("c1");
        KeyAdvertisement first = send(SecureRound.join(store, KEY, setup, "c1", random).advertisement());
        RoundSetup retry = new RoundSetup("job-3/round-2/attempt-2", SecAggParameters.defaults(), LENGTH);
        SecureRound.join(store, new RoundKey(3, 1), setup, "c1", random);
        SecureRound.join(store, new RoundKey(2, 9), setup, "c1", random);

        // Execute
        KeyAdvertisement again = send(SecureRound.join(store, KEY, setup, "c1", random).advertisement());
        KeyAdvertisement second = send(SecureRound.join(store, KEY, retry, "c1", random).advertisement());
        int swept = store.deleteAllExcept(Optional.of(KEY));
        Files.writeString(stateFile("c1"), "{\"format\":");

        // Assert
        assertThat(again.toJson()).as("the same attempt after a restart").isEqualTo(first.toJson());
        assertThat(second.encryptionKey().bytes()).isNotEqualTo(first.encryptionKey().bytes());
        assertThat(swept).isEqualTo(2);
        assertThat(store.load(new RoundKey(3, 1))).isEmpty();
        assertThatThrownBy(() -> store.load(KEY)).isInstanceOf(StateCorruptException.class)
                .hasMessageContaining("job-3-round-2.json");
    }

    @Test
    void theLiveRoundIsContinuedOnlyWhileTheFileIsTheTextItSaved() throws IOException {
        // Prepare
        SecureRoundStore store = store("c1");
        SecureRound live = SecureRound.join(store, KEY, setup, "c1", random);
        byte[] written = Files.readAllBytes(stateFile("c1"));

        // Execute and Assert: the file as the live round left it
        assertThat(SecureRound.resume(store, KEY, random, live)).containsSame(live);
        // the same text written again is the same state
        Files.write(stateFile("c1"), written);
        assertThat(SecureRound.resume(store, KEY, random, live)).containsSame(live);
        // another state under the key (another attempt joined elsewhere): read from the device
        RoundSetup retry = new RoundSetup("job-3/round-2/attempt-2", SecAggParameters.defaults(), LENGTH);
        SecureRound other = SecureRound.join(store("c1"), KEY, retry, "c1", random);
        Optional<SecureRound> resumed = SecureRound.resume(store, KEY, random, live);
        assertThat(resumed).isPresent().get().isNotSameAs(live);
        assertThat(send(resumed.get().advertisement()).toJson()).isEqualTo(send(other.advertisement()).toJson());
        // no file: no round, whatever the process remembers
        store.delete(KEY);
        assertThat(SecureRound.resume(store, KEY, random, live)).isEmpty();
    }

    private SecureRoundStore store(String id) throws IOException {
        return new SecureRoundStore(FileStateStore.open(dir.resolve(id)));
    }

    /** The client restarted: a freshly opened store and the round resumed from its file. */
    private SecureRound resumed(String id) throws IOException {
        return SecureRound.resume(store(id), KEY, random).orElseThrow();
    }

    private Path stateFile(String id) {
        return dir.resolve(id).resolve(KEY.fileName());
    }

    private byte[] seed() {
        byte[] seed = new byte[ShareKeysRequest.SEED_BYTES];
        random.nextBytes(seed);
        return seed;
    }

    private static <M> M send(SecureAnswer<M> answer) {
        assertThat(answer).isInstanceOf(SecureAnswer.Send.class);
        return ((SecureAnswer.Send<M>) answer).message();
    }
}
