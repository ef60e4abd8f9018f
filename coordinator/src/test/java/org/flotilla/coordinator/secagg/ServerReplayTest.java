package org.flotilla.coordinator.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.flotilla.coordinator.strategy.AggregationOutcome;
import org.flotilla.coordinator.strategy.FedAvg;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.RoundSeeds;
import org.flotilla.coordinator.strategy.StrategyState;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.client.ClientSession;
import org.flotilla.secagg.client.ClientStep;
import org.flotilla.secagg.quant.Quantizer;
import org.flotilla.secagg.server.ServerSession;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.MaskedVectorCodec;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * A secure round of six real protocol clients (the library's ClientSession), two of them gone after
 * sharing their keys, with the server session rebuilt from the stored messages at every phase:
 * the rebuilt session asks what the live one asks, and FedAvg from the unmasked mean equals FedAvg
 * of the four survivors computed in the clear, within the quantization bound.
 */
class ServerReplayTest {

    private static final int LENGTH = 120;
    private static final List<String> IDS = List.of("c1", "c2", "c3", "c4", "c5", "c6");
    private static final List<String> SURVIVORS = List.of("c1", "c2", "c3", "c4");
    private static final SecAggParameters PARAMETERS =
            new SecAggParameters(new Threshold.Fixed(4), new Neighbourhood.Complete(), 1.0, 16, 65_536);

    private final SecureRandom random = new SecureRandom();
    private final RoundSetup setup = SecureRounds.setup(7, 3, 1, PARAMETERS, LENGTH);
    private final byte[] seed = new byte[ShareKeysRequest.SEED_BYTES];
    private final Map<String, ClientSession> clients = new LinkedHashMap<>();
    private final Map<String, float[]> updates = new LinkedHashMap<>();
    private final Map<String, Long> examples = new LinkedHashMap<>();
    private final List<KeyAdvertisement> keys = new ArrayList<>();
    private final List<SealedShares> shares = new ArrayList<>();
    private final List<MaskedInput> masked = new ArrayList<>();
    private final List<UnmaskResponse> unmasks = new ArrayList<>();

    ServerReplayTest() {
        random.nextBytes(seed);
        Random data = new Random(11);
        for (String id : IDS) {
            float[] u = new float[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                u[i] = (float) (data.nextGaussian() * 0.05);
            }
            updates.put(id, u);
            examples.put(id, 20L + data.nextInt(200));
        }
    }

    @Test
    void twoOfSixGoneAfterSharingKeysTheRebuiltServerFinishesWithTheSurvivorsFedAvg() {
        // Prepare
        ServerSession live = new ServerSession(setup, seed);

        // Execute: every phase on the live session, checked against a session rebuilt from the record
        advertiseAll(live);
        assertSameRequests(live, rebuilt(1), id -> live.shareKeysRequest(id).toJson(), IDS);
        for (String id : IDS) {
            shares.add(sent(clients.get(id).shareKeys(rebuilt(1).session().shareKeysRequest(id))));
            live.acceptShares(shares.getLast());
        }
        live.closeShares();
        assertSameRequests(live, rebuilt(2), id -> live.forwardedShares(id).toJson(), IDS);
        for (String id : SURVIVORS) { // c5 and c6 are killed after key sharing
            MaskedInput input = sent(clients.get(id).maskInput(rebuilt(2).session().forwardedShares(id),
                    updates.get(id), examples.get(id)));
            masked.add(MaskedVectorCodec.decode(MaskedVectorCodec.encode(input), live.plan().modulusBits(), LENGTH + 1));
            live.acceptMaskedInput(masked.getLast());
        }
        live.closeMaskedInput();
        assertSameRequests(live, rebuilt(3), id -> live.unmaskRequest(id).toJson(), SURVIVORS);
        for (String id : SURVIVORS) {
            unmasks.add(sent(clients.get(id).unmask(rebuilt(3).session().unmaskRequest(id))));
            live.acceptUnmask(unmasks.getLast());
        }
        SecureMean fromLive = SecureMean.of(live.finish());
        SecureMean fromRecord = SecureMean.of(rebuilt(3).session().finish());

        // Assert
        assertThat(fromRecord).isInstanceOf(SecureMean.Mean.class);
        SecureMean.Mean mean = (SecureMean.Mean) fromRecord;
        assertThat(mean.mean().delta()).containsExactly(((SecureMean.Mean) fromLive).mean().delta());
        assertThat(mean.participation().advertised()).containsExactlyElementsOf(IDS);
        assertThat(mean.participation().shared()).containsExactlyElementsOf(IDS);
        assertThat(mean.participation().masked()).containsExactlyElementsOf(SURVIVORS);
        assertThat(mean.totalWeight()).isEqualTo(SURVIVORS.stream().mapToLong(examples::get).sum());
        float[] global = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            global[i] = 0.5f - i / (float) LENGTH;
        }
        RoundContext round = new RoundContext(7, 3, 6, RoundSeeds.of(42, 3));
        float[] secure = ((AggregationOutcome.NewModel) new FedAvg().aggregateMean(round, global, mean.mean(),
                StrategyState.EMPTY)).weights();
        double bound = new Quantizer(PARAMETERS).errorBound();
        long total = mean.totalWeight();
        for (int i = 0; i < LENGTH; i++) {
            double clear = global[i];
            for (String id : SURVIVORS) {
                clear += examples.get(id) * (double) updates.get(id)[i] / total;
            }
            assertThat((double) secure[i]).as("coordinate %d", i).isCloseTo(clear, offset(bound + 1e-6));
        }
    }

    @Test
    void fewerSurvivorsThanTheThresholdFailTheAttemptNamingNeededAndHad() {
        // Prepare
        ServerSession live = new ServerSession(setup, seed);
        advertiseAll(live);
        for (String id : IDS) {
            shares.add(sent(clients.get(id).shareKeys(live.shareKeysRequest(id))));
            live.acceptShares(shares.getLast());
        }
        live.closeShares();
        for (String id : List.of("c1", "c2", "c3")) {
            masked.add(sent(clients.get(id).maskInput(live.forwardedShares(id), updates.get(id), examples.get(id))));
        }

        // Execute
        ServerReplay.Rebuilt closed = rebuilt(3);

        // Assert
        assertThat(closed.failure()).hasValueSatisfying(f -> assertThat(f.needed()).isEqualTo(4));
        SecureMean result = SecureMean.of(closed.session().finish());
        assertThat(result).isInstanceOfSatisfying(SecureMean.Failed.class, f -> assertThat(f.reason())
                .startsWith("secure aggregation failed (TOO_FEW_SURVIVORS: needed 4, had 3)"));
    }

    @Test
    void aRecordThisCoordinatorDidNotWriteIsRefused() {
        ClientSession c = ClientSession.start(setup, "c1", random);
        RecordedRound twice = new RecordedRound(setup, seed, List.of(c.advertisement(),
                ClientSession.start(setup, "c1", random).advertisement()), List.of(), List.of(), List.of(), 0);
        assertThatThrownBy(() -> ServerReplay.rebuild(twice)).isInstanceOf(IllegalStateException.class);
    }

    /** Phase 0 for all six clients, closed. */
    private void advertiseAll(ServerSession live) {
        for (String id : IDS) {
            clients.put(id, ClientSession.start(setup, id, random));
            keys.add(clients.get(id).advertisement());
            live.acceptKeys(keys.getLast());
        }
        live.closeKeys();
    }

    private ServerReplay.Rebuilt rebuilt(int closedPhases) {
        return ServerReplay.rebuild(new RecordedRound(setup, seed, keys, shares, masked, unmasks, closedPhases));
    }

    private static void assertSameRequests(ServerSession live, ServerReplay.Rebuilt rebuilt,
                                           Function<String, String> liveRequest, List<String> ids) {
        assertThat(rebuilt.failure()).isEmpty();
        assertThat(rebuilt.session().phase()).isEqualTo(live.phase());
        for (String id : ids) {
            String fromLive = liveRequest.apply(id);
            String fromRecord = switch (live.phase()) {
                case COLLECTING_SHARES -> rebuilt.session().shareKeysRequest(id).toJson();
                case COLLECTING_MASKED_INPUTS -> rebuilt.session().forwardedShares(id).toJson();
                default -> rebuilt.session().unmaskRequest(id).toJson();
            };
            assertThat(fromRecord).as(id).isEqualTo(fromLive);
        }
    }

    private static <M> M sent(ClientStep<M> step) {
        assertThat(step).isInstanceOf(ClientStep.Send.class);
        return ((ClientStep.Send<M>) step).message();
    }
}
