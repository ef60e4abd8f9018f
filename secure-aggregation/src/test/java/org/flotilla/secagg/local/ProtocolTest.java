package org.flotilla.secagg.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.RoundPlan;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.server.AggregationResult;
import org.flotilla.secagg.server.RoundFailure;
import org.flotilla.secagg.wire.RoundSetup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The whole protocol in memory, every message through its wire encoding, with drop-outs
 * injected at every phase, for the complete graph and for k-regular graphs: the server's
 * result equals the plain weighted mean of the clients whose masked input arrived, within the
 * quantization bound; too few survivors fail as a value naming the threshold.
 */
class ProtocolTest {

    private static final int D = 1_000;

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("complete", new Neighbourhood.Complete(), 12),
                Arguments.of("8-regular", new Neighbourhood.Regular(8), 12),
                Arguments.of("logarithmic", new Neighbourhood.Logarithmic(), 30));
    }

    @ParameterizedTest(name = "{0}: no drop-outs")
    @MethodSource("graphs")
    void everyoneTakesPart(String name, Neighbourhood graph, int n) {
        // Prepare
        List<LocalRound.Participant> clients = clients(n, new Random(1), List.of());
        // Execute
        LocalRound.Report report = run(graph, clients);
        // Assert
        assertMatchesPlainMean(report, clients);
        assertThat(report.result()).isInstanceOfSatisfying(AggregationResult.Aggregated.class,
                a -> assertThat(a.participation().masked()).hasSize(n));
    }

    @ParameterizedTest(name = "{0}: one drop-out at every phase")
    @MethodSource("graphs")
    void dropOutsAtEveryPhase(String name, Neighbourhood graph, int n) {
        // Prepare: clients 0..4 drop before keys, after keys, after shares, after masked
        // input, and during unmasking (the answer is computed but never arrives)
        List<DropOut> drops = List.of(DropOut.BEFORE_KEYS, DropOut.AFTER_KEYS, DropOut.AFTER_SHARES,
                DropOut.AFTER_MASKED_INPUT, DropOut.DURING_UNMASKING);
        List<LocalRound.Participant> clients = clients(n, new Random(2), drops);
        // Execute
        LocalRound.Report report = run(graph, clients);
        // Assert
        assertMatchesPlainMean(report, clients);
        AggregationResult.Aggregated a = (AggregationResult.Aggregated) report.result();
        assertThat(a.participation().advertised()).hasSize(n - 1).doesNotContain("c00");
        assertThat(a.participation().shared()).hasSize(n - 2).doesNotContain("c01");
        assertThat(a.participation().masked()).hasSize(n - 3).doesNotContain("c02").contains("c03", "c04");
        assertThat(a.participation().unmasked()).hasSize(n - 5).doesNotContain("c03", "c04");
    }

    @ParameterizedTest(name = "{0}: the most drop-outs after sharing that any graph tolerates")
    @MethodSource("graphs")
    void asManyLateDropOutsAsTheThresholdAllows(String name, Neighbourhood graph, int n) {
        // Prepare: m − t clients vanish after sharing their keys (m = k + 1 holders per secret),
        // the most that leaves every neighbourhood t holders wherever the graph puts them
        RoundPlan plan = RoundPlan.resolve(params(graph), n).resolved().orElseThrow();
        List<DropOut> drops = new ArrayList<>();
        for (int i = 0; i < plan.sharesPerSecret() - plan.threshold(); i++) {
            drops.add(DropOut.AFTER_SHARES);
        }
        List<LocalRound.Participant> clients = clients(n, new Random(3), drops);
        // Execute
        LocalRound.Report report = run(graph, clients);
        // Assert
        assertThat(drops).isNotEmpty();
        assertMatchesPlainMean(report, clients);
    }

    @Test
    void tooManyDropOutsInOneNeighbourhoodFailCleanly() {
        // Prepare: a 2-regular graph (a ring) of 8 with t = 2: both neighbours of some client
        // vanish after sharing, so only the client itself holds its shares
        List<DropOut> drops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            drops.add(DropOut.AFTER_SHARES);
        }
        List<LocalRound.Participant> clients = clients(8, new Random(8), drops);
        SecAggParameters p = new SecAggParameters(new Threshold.Fixed(2), new Neighbourhood.Regular(2), 1.0, 16, 1000);
        // Execute: with 4 of 8 on a ring gone, some survivor lost both neighbours or the ring split
        LocalRound.Report report = LocalRound.run(new RoundSetup("job-1/round-1", p, D), clients, new SecureRandom(), false);
        // Assert
        assertThat(report.result()).isInstanceOfSatisfying(AggregationResult.Failed.class,
                f -> assertThat(f.failure().reason()).isIn(RoundFailure.Reason.TOO_FEW_SURVIVORS,
                        RoundFailure.Reason.SURVIVORS_DISCONNECTED));
    }

    @Test
    void fewerSurvivorsThanTheThresholdFailCleanly() {
        // Prepare: complete graph of 10, threshold 6, 5 clients vanish after sharing
        List<DropOut> drops = List.of(DropOut.AFTER_SHARES, DropOut.AFTER_SHARES, DropOut.AFTER_SHARES,
                DropOut.AFTER_SHARES, DropOut.AFTER_SHARES);
        List<LocalRound.Participant> clients = clients(10, new Random(4), drops);
        SecAggParameters p = new SecAggParameters(new Threshold.Fixed(6), new Neighbourhood.Complete(), 1.0, 16, 1000);
        // Execute
        LocalRound.Report report = LocalRound.run(new RoundSetup("job-1/round-1", p, D), clients, new SecureRandom(), false);
        // Assert
        assertThat(report.result()).isInstanceOfSatisfying(AggregationResult.Failed.class, f -> {
            assertThat(f.failure().reason()).isEqualTo(RoundFailure.Reason.TOO_FEW_SURVIVORS);
            assertThat(f.failure().needed()).isEqualTo(6);
            assertThat(f.failure().had()).isEqualTo(5);
        });
    }

    @Test
    void tooFewUnmaskAnswersFailCleanly() {
        // Prepare: 6 of 10 send masked input, but 1 of those never answers: 5 < t = 6 holders
        List<DropOut> drops = List.of(DropOut.AFTER_SHARES, DropOut.AFTER_SHARES, DropOut.AFTER_SHARES,
                DropOut.AFTER_SHARES, DropOut.DURING_UNMASKING);
        List<LocalRound.Participant> clients = clients(10, new Random(5), drops);
        SecAggParameters p = new SecAggParameters(new Threshold.Fixed(6), new Neighbourhood.Complete(), 1.0, 16, 1000);
        // Execute
        LocalRound.Report report = LocalRound.run(new RoundSetup("job-1/round-1", p, D), clients, new SecureRandom(), false);
        // Assert
        assertThat(report.result()).isInstanceOfSatisfying(AggregationResult.Failed.class, f -> {
            assertThat(f.failure().reason()).isEqualTo(RoundFailure.Reason.TOO_FEW_UNMASK_SHARES);
            assertThat(f.failure().needed()).isEqualTo(6);
            assertThat(f.failure().had()).isEqualTo(5);
        });
    }

    @Test
    void tooFewAdvertisersFailBeforeAnyShareIsSent() {
        List<LocalRound.Participant> clients = clients(3, new Random(6),
                List.of(DropOut.BEFORE_KEYS, DropOut.BEFORE_KEYS));
        LocalRound.Report report = run(new Neighbourhood.Complete(), clients);
        assertThat(report.result()).isInstanceOfSatisfying(AggregationResult.Failed.class,
                f -> assertThat(f.failure().reason()).isEqualTo(RoundFailure.Reason.TOO_FEW_PARTICIPANTS));
        assertThat(report.bytesSent().values().stream().mapToLong(b -> b[1]).sum()).isZero();
    }

    static SecAggParameters params(Neighbourhood graph) {
        return new SecAggParameters(new Threshold.Majority(), graph, 1.0, 16, 1000);
    }

    static LocalRound.Report run(Neighbourhood graph, List<LocalRound.Participant> clients) {
        SecAggParameters p = params(graph);
        return LocalRound.run(new RoundSetup("job-1/round-1", p, D), clients, new SecureRandom(), false);
    }

    static List<LocalRound.Participant> clients(int n, Random random, List<DropOut> drops) {
        List<LocalRound.Participant> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] update = new float[D];
            for (int j = 0; j < D; j++) {
                update[j] = (float) (random.nextGaussian() * 0.3); // some exceed the clip range 1.0
            }
            out.add(new LocalRound.Participant(String.format("c%02d", i), update, 1 + random.nextInt(2000),
                    i < drops.size() ? drops.get(i) : DropOut.NEVER));
        }
        return out;
    }

    /** Compares with the plain weighted mean (weights capped at 1000) of the clipped updates. */
    static void assertMatchesPlainMean(LocalRound.Report report, List<LocalRound.Participant> clients) {
        assertThat(report.result()).isInstanceOf(AggregationResult.Aggregated.class);
        AggregationResult.Aggregated a = (AggregationResult.Aggregated) report.result();
        double[] expected = new double[D];
        long total = 0;
        for (LocalRound.Participant c : clients) {
            if (c.dropOut() != DropOut.NEVER && c.dropOut() != DropOut.AFTER_MASKED_INPUT
                    && c.dropOut() != DropOut.DURING_UNMASKING) {
                continue;
            }
            long w = Math.min(c.examples(), 1000);
            total += w;
            for (int j = 0; j < D; j++) {
                expected[j] += w * Math.max(-1.0, Math.min(1.0, c.update()[j]));
            }
        }
        assertThat(a.totalWeight()).isEqualTo(total);
        double bound = 2.0 / 65535 + 1e-6; // 1/s plus float32 rounding of the result
        for (int j = 0; j < D; j++) {
            assertThat(Math.abs(a.weightedMean()[j] - expected[j] / total)).isLessThan(bound);
        }
    }
}
