package org.flotilla.edge.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;

import org.flotilla.edge.RunResult;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.wire.UpdateMetrics;
import org.flotilla.privacy.mechanism.L2Clipping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's side of differential privacy, through the real client against a fake coordinator:
 * {@code clipNorm} bounds the uploaded update's norm (as stored in {@code float}) and reports the
 * clipped bit; {@code localNoiseMultiplier} adds N(0, (zC)²) to the clipped update before upload
 * and withholds the norm, the bit and the held-out figures.
 */
class PrivateUpdateTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 17);
    private static final double CLIP = 0.05;
    private static final double Z = 2.0;

    @TempDir
    Path tmp;

    @Test
    void clippingBoundsTheUploadedNormAndReportsTheBit() throws Exception {
        Upload u = upload(tmp.resolve("clip"), Map.of("clipNorm", CLIP));

        assertThat(L2Clipping.norm(u.delta())).isLessThanOrEqualTo(CLIP).isCloseTo(CLIP, within(1e-6));
        assertThat(u.metrics().extra()).containsEntry("clipped", 1.0).containsKey("updateNorm")
                .doesNotContainKey("localNoiseMultiplier");
        assertThat(u.metrics().extra().get("updateNorm")).isGreaterThan(CLIP);
    }

    @Test
    void localNoiseIsAddedToTheClippedUpdateWithStandardDeviationZTimesC() throws Exception {
        // Prepare: training is deterministic, so the clipped update without noise is the reference
        float[] clipped = upload(tmp.resolve("reference"), Map.of("clipNorm", CLIP)).delta();

        // Execute
        Upload noised = upload(tmp.resolve("local"), Map.of("clipNorm", CLIP, "localNoiseMultiplier", Z));

        // Assert: the difference is noise of mean 0 and standard deviation zC, coordinate by coordinate
        float[] sent = noised.delta();
        assertThat(sent).hasSameSizeAs(clipped);
        int n = sent.length;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double e = (double) sent[i] - clipped[i];
            sum += e;
            squares += e * e;
        }
        double sigma = Z * CLIP;
        double mean = sum / n;
        double sd = Math.sqrt(squares / n - mean * mean);
        // n is a few hundred: 5 standard errors either way (mean: σ/√n; standard deviation: σ/√(2n)).
        assertThat(mean).isCloseTo(0.0, within(5 * sigma / Math.sqrt(n)));
        assertThat(sd).isCloseTo(sigma, within(5 * sigma / Math.sqrt(2.0 * n)));
        assertThat(noised.metrics().extra()).containsEntry("localNoiseMultiplier", Z)
                .doesNotContainKeys("updateNorm", "clipped");
        assertThat(noised.metrics().heldOutLoss()).isNull();
        assertThat(noised.metrics().heldOutAccuracy()).isNull();
    }

    @Test
    void localNoiseWithoutAClipNormIsDeclinedAsAnInvalidPlan() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of("localNoiseMultiplier", Z));
            TestClients.run(TestClients.config(fake.uri(), tmp.resolve("bad"), 1), DATA, 1);
            assertThat(fake.declines()).singleElement().satisfies(d -> {
                assertThat(d.request().reason()).isEqualTo("PLAN_INVALID");
                assertThat(d.request().detail()).contains("localNoiseMultiplier").contains("clipNorm");
            });
            assertThat(fake.uploads()).isEmpty();
        }
    }

    private record Upload(float[] delta, UpdateMetrics metrics) {
    }

    private static Upload upload(Path state, Map<String, Double> settings) throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, settings);
            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1);
            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            return new Upload(WeightsCodec.decode(fake.uploads().getFirst().body()), r.rounds().getFirst().metrics());
        }
    }
}
