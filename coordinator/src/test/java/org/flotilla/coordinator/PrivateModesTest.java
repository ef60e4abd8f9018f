package org.flotilla.coordinator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.protocol.ExtraMetric;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.UpdateMetrics;
import org.flotilla.privacy.accounting.AdaptiveClippingNoise;
import org.flotilla.privacy.accounting.RdpAccountant;
import org.flotilla.privacy.mechanism.ClippedUpdate;
import org.flotilla.privacy.mechanism.GaussianNoise;
import org.flotilla.privacy.mechanism.L2Clipping;
import org.flotilla.privacy.mechanism.LocalGaussianNoise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The two other mechanisms through the real coordinator over HTTP: adaptive clipping (Andrew,
 * Thakkar, McMahan, Ramaswamy 2021) — the clients' clipped-count bits noised, C moved by the
 * geometric rule for the next round, the update's noise at z_Δ, every round accounted at z — and
 * local DP, where the devices noise their own updates and the coordinator only averages the ones
 * whose metrics confirm the noise, accounted per upload at z/2 with no amplification.
 */
class PrivateModesTest extends IntegrationTest {

    static final int CLIENTS = 4;
    static final double Z = 1.0;

    private static List<TestEdgeClient> clients;

    @Autowired
    private DataSource dataSource;

    @BeforeEach
    void enrolOnce() {
        if (clients != null) {
            return;
        }
        clients = enrolOfDifferentSizes("modes", CLIENTS, 400);
    }

    @Test
    void adaptiveClippingMovesCFromTheNoisedBitsAndNoisesTheUpdateAtZDelta() throws Exception {
        double sigmaB = 2.0;
        double gamma = 0.5;
        double eta = 0.2;
        double delta = 1e-3;
        Map<String, Object> dp = new LinkedHashMap<>(Map.of("samplingRate", 1.0, "noiseMultiplier", Z, "clipNorm", 0.05,
                "delta", delta, "adaptiveClipping", Map.of("countNoiseStddev", sigmaB)));
        long job = admin().createJob(request(3, dp));
        JsonNode created = admin().job(job).get("differentialPrivacy").get("adaptiveClipping");
        assertThat(created.get("targetQuantile").asDouble()).isEqualTo(gamma);
        assertThat(created.get("learningRate").asDouble()).isEqualTo(eta);
        double zDelta = new AdaptiveClippingNoise(Z, sigmaB).updateNoiseMultiplier();

        float[] global = admin().rawModel(job, 0);
        double clipNorm = 0.05;
        double squares = 0;
        long coordinates = 0;
        for (int round = 1; round <= 3; round++) {
            double[] clippedSum = new double[global.length];
            int unclipped = 0;
            for (TestEdgeClient c : clients) {
                Assignment a = c.awaitAssignment(Duration.ofSeconds(10));
                assertThat(a.settings().get("clipNorm")).as("C of round " + round).isEqualTo(clipNorm);
                TestEdgeClient.Trained t = c.train(a);
                // As the edge client does: clip on the device, report the clipped bit.
                ClippedUpdate clipped = L2Clipping.clip(t.delta(), clipNorm);
                unclipped += clipped.unclippedBit();
                for (int k = 0; k < global.length; k++) {
                    clippedSum[k] += clipped.update()[k];
                }
                HttpResponse<String> r = c.upload(a, WeightsCodec.encode(clipped.update()),
                        withExtra(t.metrics(), ExtraMetric.CLIPPED.key(), clipped.clipped() ? 1.0 : 0.0));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            admin().awaitCompletedRounds(job, round);
            float[] next = admin().rawModel(job, round);
            for (int k = 0; k < next.length; k++) {
                double noise = ((double) next[k] - global[k]) * CLIENTS - clippedSum[k];
                squares += Math.pow(noise / (zDelta * clipNorm), 2);
                coordinates++;
            }
            global = next;

            JsonNode p = admin().rounds(job).get(round - 1).get("privacy");
            assertThat(p.get("clipNorm").asDouble()).isEqualTo(clipNorm);
            assertThat(p.get("noiseMultiplier").asDouble()).isEqualTo(Z);
            assertThat(p.get("updateNoiseMultiplier").asDouble()).isCloseTo(zDelta, within(1e-12));
            // Both releases together cost one round at z.
            assertThat(p.get("epsilon").asDouble()).isCloseTo(
                    RdpAccountant.create().compose(1.0, Z, round).epsilon(delta).epsilon(), within(1e-9));
            JsonNode release = p.get("release");
            assertThat(release.get("noiseStddev").asDouble()).isCloseTo(zDelta * clipNorm, within(1e-12));
            double fraction = release.get("unclippedFraction").asDouble();
            // b̃ m − Σb is the count's noise N(0, σ_b²) when every expected client reported.
            assertThat(fraction * CLIENTS - unclipped).as("count noise").isBetween(-5 * sigmaB, 5 * sigmaB);
            double expectedNext = clipNorm * Math.exp(-eta * (fraction - gamma));
            assertThat(release.get("nextClipNorm").asDouble()).isCloseTo(expectedNext, within(1e-12));
            clipNorm = release.get("nextClipNorm").asDouble();
        }
        double stddev = Math.sqrt(squares / coordinates);
        assertThat(stddev).as("noise of the sum over z_Δ C").isCloseTo(1.0, within(5 / Math.sqrt(2.0 * coordinates)));
        JsonNode done = admin().awaitJob(job, Duration.ofSeconds(10), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("reason").asString()).isEqualTo("all 3 rounds completed");
        // Opening rounds 2 and 3 read round 1's and 2's releases for C; each read once kept its JDBC
        // connection (an unclosed result stream), and ten such rounds exhausted the pool for good.
        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(pool.getActiveConnections()).as("connections in use once the job is done").isZero());
    }

    @Test
    void localDpAveragesTheDevicesNoisedUpdatesAndLeavesOutUnconfirmedOnes() {
        double z = 2.0;
        double c = 0.05;
        double delta = 1e-3;
        Map<String, Object> dp = new LinkedHashMap<>(Map.of("mode", "local", "samplingRate", 1.0, "noiseMultiplier", z,
                "clipNorm", c, "delta", delta));
        long job = admin().createJob(request(2, dp));
        float[] global = admin().rawModel(job, 0);
        GaussianNoise noise = GaussianNoise.secure();
        for (int round = 1; round <= 2; round++) {
            List<float[]> confirmed = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                TestEdgeClient client = clients.get(i);
                Assignment a = client.awaitAssignment(Duration.ofSeconds(10));
                assertThat(a.settings()).containsEntry("clipNorm", c).containsEntry("localNoiseMultiplier", z);
                TestEdgeClient.Trained t = client.train(a);
                HttpResponse<String> r;
                if (i < CLIENTS - 1) {
                    float[] noised = new LocalGaussianNoise(c, z).privatize(t.delta(), noise);
                    confirmed.add(noised);
                    r = client.upload(a, WeightsCodec.encode(noised),
                            withExtra(t.metrics(), ExtraMetric.LOCAL_NOISE_MULTIPLIER.key(), z));
                } else {
                    // A device that does not confirm the job's noise is left out of the mean.
                    r = client.upload(t);
                }
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            admin().awaitCompletedRounds(job, round);
            float[] next = admin().rawModel(job, round);
            for (int k = 0; k < next.length; k++) {
                double mean = 0;
                for (float[] u : confirmed) {
                    mean += u[k];
                }
                mean /= confirmed.size();
                assertThat((double) next[k] - global[k]).as("parameter %d", k).isCloseTo(mean, within(1e-6));
            }
            global = next;
            JsonNode p = admin().rounds(job).get(round - 1).get("privacy");
            assertThat(p.get("mode").asString()).isEqualTo("local");
            // Each device's uploads compose as the Gaussian mechanism at z/2 (sensitivity 2C), q = 1.
            assertThat(p.get("epsilon").asDouble()).isCloseTo(
                    RdpAccountant.create().compose(1.0, z / 2, round).epsilon(delta).epsilon(), within(1e-9));
            JsonNode release = p.get("release");
            assertThat(release.get("contributors").asInt()).isEqualTo(CLIENTS - 1);
            assertThat(release.get("excluded").asInt()).isEqualTo(1);
            assertThat(release.get("denominator").asDouble()).isEqualTo(CLIENTS - 1);
            assertThat(release.get("noiseStddev").asDouble()).isZero();
        }
        JsonNode done = admin().awaitJob(job, Duration.ofSeconds(10), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("reason").asString()).isEqualTo("all 2 rounds completed");
    }

    private static UpdateMetrics withExtra(UpdateMetrics m, String key, double value) {
        Map<String, Double> extra = new LinkedHashMap<>(m.extra());
        extra.put(key, value);
        return new UpdateMetrics(m.examples(), m.trainLoss(), m.trainAccuracy(), m.heldOutLoss(), m.heldOutAccuracy(),
                m.wallSeconds(), m.trainSeconds(), m.samplesPerSecond(), m.workers(), m.threadLevelParallelism(), extra);
    }

    /** An MLP job (enough parameters for the noise's statistics); the Poisson sample decides who joins. */
    private static Map<String, Object> request(int rounds, Map<String, Object> privacy) {
        return JobJson.of("rounds", rounds, "clientsPerRound", null, "minClients", null, "overSelection", null,
                "model", Map.of("name", "mlp", "params", Map.of("hidden", List.of(96))),
                "differentialPrivacy", privacy);
    }
}
