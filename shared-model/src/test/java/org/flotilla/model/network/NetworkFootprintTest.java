package org.flotilla.model.network;

import java.util.List;
import java.util.Map;

import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkFootprintTest {

    private static TrainingPlan mlp(List<Integer> hidden, int batch) {
        return TrainingPlans.builtIn("mlp", Map.of("hidden", hidden), new int[] {784}, 10, 1, batch, Optimizer.DEFAULT,
                42, Map.of());
    }

    @Test
    void theParameterCountIsTheBuiltNetworksWithoutBuildingIt() {
        for (String name : List.of("logreg", "mlp", "cnn")) {
            TrainingPlan plan = TrainingPlans.builtIn(name, Map.of(), new int[] {1, 28, 28}, 10, 1, 32, Optimizer.DEFAULT,
                    42, Map.of());
            NetworkFootprint f = NetworkFootprint.of(plan);
            assertThat(f.parameters()).as(name).isEqualTo(Networks.build(plan).numParams());
            assertThat(f.fromReport()).as(name + " from DL4J's memory report").isTrue();
            assertThat(f.trainingBytes()).as(name).isGreaterThanOrEqualTo(4 * f.parameterBytes());
        }
    }

    @Test
    void trainingMemoryGrowsWithTheBatchByTheActivations() {
        NetworkFootprint small = NetworkFootprint.of(mlp(List.of(1000), 32));
        NetworkFootprint large = NetworkFootprint.of(mlp(List.of(1000), 32_768));
        assertThat(large.parameters()).isEqualTo(small.parameters());
        // Each example of the batch holds at least its 1000 hidden and 10 output activations, float32.
        assertThat(large.trainingBytes() - small.trainingBytes()).isGreaterThanOrEqualTo((32_768L - 32) * 1010 * 4);
    }

    @Test
    void aHugePlanIsMeasuredWithoutAllocatingIt() {
        // 47 million parameters and 60 000 activations per example: about 16 GB for a batch of 65 536.
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        NetworkFootprint f = NetworkFootprint.of(mlp(List.of(60_000), 65_536));
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(f.parameters()).isEqualTo(784L * 60_000 + 60_000 + 60_000L * 10 + 10);
        assertThat(f.trainingBytes()).isGreaterThan(15_000_000_000L);
        assertThat(after - before).as("heap used by measuring").isLessThan(100_000_000L);
    }

    @Test
    void overTheParameterLimitIsAPlanError() {
        assertThatThrownBy(() -> NetworkFootprint.of(mlp(List.of(65_536), 32))).isInstanceOf(PlanException.class)
                .hasMessageContaining("more than the limit of " + Networks.DEFAULT_MAX_PARAMETERS);
    }

    @Test
    void multiplicationSaturates() {
        assertThat(NetworkFootprint.saturatedMultiply(Long.MAX_VALUE / 2, 4)).isEqualTo(Long.MAX_VALUE);
        assertThat(NetworkFootprint.saturatedMultiply(1_000, 4)).isEqualTo(4_000);
    }
}
