package org.flotilla.edge.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flotilla.edge.RunResult;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programmatic {@link UpdateTransform} hook: what it returns is what is sent; by default nothing changes. */
class UpdateTransformTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 41);

    @TempDir
    Path tmp;

    @Test
    void theTransformedDeltaIsWhatIsUploaded() throws Exception {
        // Prepare: the same training twice (deterministic), once honest, once scaled by 100
        List<String> seen = new ArrayList<>();
        UpdateTransform scale = (job, round, delta) -> {
            seen.add(job + "/" + round);
            for (int i = 0; i < delta.length; i++) {
                delta[i] *= 100;
            }
            return delta;
        };

        // Execute
        float[] honest = uploadedDelta(tmp.resolve("honest"), UpdateTransform.NONE);
        float[] scaled = uploadedDelta(tmp.resolve("scaled"), scale);

        // Assert
        assertThat(seen).containsExactly("1/1");
        assertThat(scaled).hasSameSizeAs(honest);
        for (int i = 0; i < honest.length; i++) {
            assertThat((double) scaled[i]).isCloseTo(100.0 * honest[i], within(1e-3 + 1e-4 * Math.abs(100.0 * honest[i])));
        }
    }

    private static float[] uploadedDelta(Path state, UpdateTransform transform) throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());
            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1, new StopSignal(),
                    TestClients.store(state), transform);
            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            return WeightsCodec.decode(fake.uploads().getFirst().body());
        }
    }
}
