package org.flotilla.coordinator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.wire.Assignment;
import org.flotilla.privacy.accounting.NoiseCalibration;
import org.flotilla.privacy.accounting.PrivacySpent;
import org.flotilla.privacy.accounting.RdpAccountant;
import org.flotilla.privacy.mechanism.L2Clipping;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Central differential privacy through the real coordinator over HTTP, with clients that really
 * train: the request's validation, the Poisson sample as the only participants, the clip norm
 * sent to the devices and enforced again on arrival, the noise N(0, (zC)²) on the unweighted sum
 * and the fixed denominator (checked statistically on the published weights), ε in every round
 * record equal to the library's accountant computed here independently, and the stop before the
 * round that would exceed {@code maxEpsilon}.
 */
class PrivateRoundsTest extends IntegrationTest {

    static final int CLIENTS = 4;
    static final double Q = 1.0;
    static final double Z = 1.0;
    static final double C = 0.05;

    private static List<TestEdgeClient> clients;

    @BeforeEach
    void enrolOnce() {
        if (clients != null) {
            return;
        }
        clients = enrolOfDifferentSizes("dp", CLIENTS, 300);
    }

    @Test
    void badPrivacySettingsAre400NamingTheFieldAndTheLimit() {
        assertBad(dp("samplingRate", null), "differentialPrivacy.samplingRate", "required, in (0, 1]");
        assertBad(dp("samplingRate", 1.5), "differentialPrivacy.samplingRate", null);
        assertBad(dp("targetEpsilon", 3.0), "differentialPrivacy.noiseMultiplier",
                "exactly one of noiseMultiplier, targetEpsilon");
        assertBad(dp("clipNorm", null), "differentialPrivacy.clipNorm", "required, in (0, 1000000] (or adaptiveClipping)");
        assertBad(dp("clipNorm", -1.0), "differentialPrivacy.clipNorm", null);
        assertBad(dp("delta", 1.0), "differentialPrivacy.delta", null);
        assertBad(dp("accountant", "moments"), "differentialPrivacy.accountant", null);
        assertBad(dp("mode", "shuffled"), "differentialPrivacy.mode", null);
        Map<String, Object> localAdaptive = privacy();
        localAdaptive.put("mode", "local");
        localAdaptive.put("adaptiveClipping", Map.of());
        assertBad(request(localAdaptive), "differentialPrivacy.adaptiveClipping", "only with mode central");
        // The default count noise m/20 = 0.2 for m = qN = 4 is too little for z = 1.
        assertBad(dp("adaptiveClipping", Map.of()), "differentialPrivacy.adaptiveClipping.countNoiseStddev",
                "> noiseMultiplier / 2 = 0.5");
        assertBad(dp("adaptiveClipping", Map.of("targetQuantile", 1.0)), "differentialPrivacy.adaptiveClipping.targetQuantile",
                null);
        assertBad(dp("maxEpsilon", 0.001), "differentialPrivacy.maxEpsilon", null);
        Map<String, Object> withTarget = JobJson.of("clientsPerRound", 2, "minClients", null, "overSelection", null,
                "differentialPrivacy", privacy());
        assertBad(withTarget, "clientsPerRound", "absent with differentialPrivacy");
        Map<String, Object> krum = request(privacy());
        krum.put("strategy", Map.of("name", "krum"));
        assertBad(krum, "strategy.name", null);
        Map<String, Object> bounded = request(privacy());
        bounded.put("strategy", Map.of("name", "fedavg", "normBound", Map.of("maxNorm", 10, "policy", "clip")));
        assertBad(bounded, "strategy.normBound", "absent with differentialPrivacy");
    }

    @Test
    void aTargetEpsilonCalibratesTheNoiseMultiplierAndBecomesMaxEpsilon() {
        Map<String, Object> p = privacy();
        p.remove("noiseMultiplier");
        p.put("targetEpsilon", 5.0);
        p.put("delta", 1e-3);
        long job = admin().createJob(request(p));
        // Stopped at once: this test only reads the resolved settings.
        assertThat(admin().post("/api/v1/jobs/" + job + "/cancel", Map.of()).statusCode()).isEqualTo(200);
        JsonNode dp = admin().job(job).get("differentialPrivacy");
        double z = NoiseCalibration.smallestNoiseMultiplier(Q, 10, 1e-3, 5.0, RdpAccountant.create())
                .orElseThrow().noiseMultiplier();
        assertThat(dp.get("noiseMultiplier").asDouble()).isEqualTo(z);
        assertThat(dp.get("targetEpsilon").asDouble()).isEqualTo(5.0);
        assertThat(dp.get("maxEpsilon").asDouble()).isEqualTo(5.0);
        assertThat(RdpAccountant.create().compose(Q, z, 10).epsilon(1e-3).epsilon()).isLessThanOrEqualTo(5.0);
    }

    @Test
    void aCentralDpJobAddsCalibratedNoiseToTheUniformSumAndStopsBeforeExceedingMaxEpsilon() {
        double delta = 1.0 / CLIENTS;
        double maxEpsilon = (epsilon(3, delta).epsilon() + epsilon(4, delta).epsilon()) / 2;
        Map<String, Object> privacy = privacy();
        privacy.put("maxEpsilon", maxEpsilon);
        long job = admin().createJob(request(privacy));
        JsonNode created = admin().job(job);
        assertThat(created.at("/differentialPrivacy/delta").asDouble()).isEqualTo(delta);
        assertThat(created.at("/differentialPrivacy/deltaRule").asString()).contains("1/N with N = 4");
        assertThat(created.at("/differentialPrivacy/expectedClients").asDouble()).isEqualTo(Q * CLIENTS);

        float[] global = admin().rawModel(job, 0);
        double squares = 0;
        long coordinates = 0;
        for (int round = 1; round <= 3; round++) {
            double[] clippedSum = new double[global.length];
            for (int i = 0; i < CLIENTS; i++) {
                TestEdgeClient c = clients.get(i);
                Assignment a = c.awaitAssignment(Duration.ofSeconds(10));
                assertThat(a.round()).isEqualTo(round);
                assertThat(a.settings()).containsEntry("clipNorm", C);
                TestEdgeClient.Trained t = c.train(a);
                assertThat(L2Clipping.norm(t.delta())).as("raw update norm, above C so clipping matters").isGreaterThan(C);
                float[] clipped = L2Clipping.clip(t.delta(), C).update();
                for (int k = 0; k < clipped.length; k++) {
                    clippedSum[k] += clipped[k];
                }
                // Half the clients clip on the device as the edge client does; the coordinator clips the others.
                byte[] body = i % 2 == 0 ? WeightsCodec.encode(clipped) : t.encoded();
                HttpResponse<String> r = c.upload(a, body, t.metrics());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            admin().awaitCompletedRounds(job, round);
            float[] next = admin().rawModel(job, round);
            // FedAvg applies the noised mean m⁻¹(Σ clip(Δ) + N(0, (zC)²)) as the round's only update.
            for (int k = 0; k < next.length; k++) {
                double noise = ((double) next[k] - global[k]) * (Q * CLIENTS) - clippedSum[k];
                squares += noise * noise;
                coordinates++;
            }
            global = next;
            assertRoundRecord(admin().rounds(job).get(round - 1), round, delta);
        }
        // A chi-square with n = coordinates degrees of freedom: the sample deviation is within
        // ±5 standard errors (1/√(2n) relative) of zC; an example-weighted mean, a noise of z
        // alone or a denominator of the reports would all fall far outside.
        double stddev = Math.sqrt(squares / coordinates);
        assertThat(coordinates).isGreaterThan(2000);
        assertThat(stddev).isCloseTo(Z * C, within(Z * C * 5 / Math.sqrt(2.0 * coordinates)));

        JsonNode done = admin().awaitJob(job, Duration.ofSeconds(10), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("reason").asString()).startsWith("stopped before round 4: ").contains("privacy budget");
        assertThat(done.get("completedRounds").asInt()).isEqualTo(3);
        assertThat(done.at("/privacy/epsilon").asDouble()).isCloseTo(epsilon(3, delta).epsilon(), within(1e-9));
        assertThat(done.at("/privacy/epsilon").asDouble()).isLessThanOrEqualTo(maxEpsilon);
        assertThat(admin().rounds(job)).hasSize(3);
    }

    private static void assertRoundRecord(JsonNode r, int round, double delta) {
        assertThat(r.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(r.get("selected").asInt()).isEqualTo(CLIENTS);
        JsonNode p = r.get("privacy");
        PrivacySpent expected = epsilon(round, delta);
        assertThat(p.get("epsilon").asDouble()).as("epsilon after round " + round).isCloseTo(expected.epsilon(), within(1e-9));
        assertThat(p.get("order").asDouble()).isEqualTo(expected.order());
        assertThat(p.get("delta").asDouble()).isEqualTo(delta);
        assertThat(p.get("accountant").asString()).isEqualTo("rdp");
        assertThat(p.get("roundsAccounted").asLong()).isEqualTo(round);
        assertThat(p.get("samplingRate").asDouble()).isEqualTo(Q);
        assertThat(p.get("noiseMultiplier").asDouble()).isEqualTo(Z);
        assertThat(p.get("clipNorm").asDouble()).isEqualTo(C);
        assertThat(p.get("sampled").asInt()).isEqualTo(CLIENTS);
        JsonNode release = p.get("release");
        assertThat(release.get("contributors").asInt()).isEqualTo(CLIENTS);
        assertThat(release.get("clippedOnArrival").asInt()).isEqualTo(CLIENTS / 2);
        assertThat(release.get("noiseStddev").asDouble()).isCloseTo(Z * C, within(1e-12));
        assertThat(release.get("denominator").asDouble()).isEqualTo(Q * CLIENTS);
    }

    /** The library's RDP accountant after {@code rounds} rounds at (q, z), computed here on its own. */
    static PrivacySpent epsilon(int rounds, double delta) {
        return RdpAccountant.create().compose(Q, Z, rounds).epsilon(delta);
    }

    private static Map<String, Object> privacy() {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("mode", "central");
        p.put("samplingRate", Q);
        p.put("noiseMultiplier", Z);
        p.put("clipNorm", C);
        return p;
    }

    private static Map<String, Object> dp(String key, Object value) {
        Map<String, Object> p = privacy();
        if (value == null) {
            p.remove(key);
        } else {
            p.put(key, value);
        }
        return request(p);
    }

    /** An MLP job (enough parameters for the noise's statistics) with no target count: the sample decides. */
    private static Map<String, Object> request(Map<String, Object> privacy) {
        return JobJson.of("rounds", 10, "clientsPerRound", null, "minClients", null, "overSelection", null,
                "model", Map.of("name", "mlp", "params", Map.of("hidden", List.of(96))),
                "differentialPrivacy", privacy);
    }

    private void assertBad(Map<String, Object> request, String field, String limit) {
        HttpResponse<String> r = admin().post("/api/v1/jobs", request);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode p = Http.parse(r.body());
        assertThat(p.get("field").asString()).as(p.toString()).isEqualTo(field);
        if (limit != null) {
            assertThat(p.get("limit").asString()).as(p.toString()).isEqualTo(limit);
        }
        assertThat(p.get("detail").asString()).isNotBlank();
    }
}
