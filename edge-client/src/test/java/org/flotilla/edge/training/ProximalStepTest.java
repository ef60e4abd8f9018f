package org.flotilla.edge.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProximalStepTest {

    @Test
    void pullsParametersTowardsTheGlobalModel() {
        INDArray global = Nd4j.createFromArray(1f, -2f, 0f, 4f);
        INDArray params = Nd4j.createFromArray(3f, -2f, 1f, 0f);
        double lr = 0.1;
        double mu = 0.5;

        try (ProximalStep step = new ProximalStep(global, lr, mu)) {
            step.apply(params);
        }

        // w − lr·μ·(w − g) = w − 0.05·(w − g)
        assertThat(params.toFloatVector()).containsExactly(new float[] {2.9f, -2f, 0.95f, 0.2f}, within(1e-6f));
        assertThat(global.toFloatVector()).containsExactly(1f, -2f, 0f, 4f);
    }

    @Test
    void oneSgdStepWithTheProximalTermIsTheSgdStepThenTheShrink() {
        TrainingPlan plan = TestData.mlpPlan(20, 4, 1, 64, Map.of());
        LabeledDataset data = TestData.blobs(64, 20, 4, 3);
        double mu = 0.5;
        MultiLayerNetwork plain = Networks.build(plan);
        MultiLayerNetwork prox = Networks.build(plan);
        float[] g = Networks.parameters(plain);

        float[] w = LocalTrainer.train(plain, data, new TrainingOptions(1, 1, 1, 64, 1, 0.1, 0, 2), new StopSignal())
                .parameters();
        float[] wp = LocalTrainer.train(prox, data, new TrainingOptions(1, 1, 1, 64, 1, 0.1, mu, 2), new StopSignal())
                .parameters();

        for (int i = 0; i < w.length; i++) {
            assertThat(wp[i]).isCloseTo((float) (w[i] - 0.1 * mu * (w[i] - g[i])), within(1e-5f));
        }
    }

    @Test
    void aLargerMuKeepsTheModelCloserToTheGlobalOne() {
        TrainingPlan plan = TestData.mlpPlan(20, 4, 2, 16, Map.of());
        LabeledDataset data = TestData.blobs(400, 20, 4, 4);
        double[] distances = new double[2];
        double[] mus = {0, 1.0};
        for (int k = 0; k < 2; k++) {
            MultiLayerNetwork net = Networks.build(plan);
            float[] g = Networks.parameters(net);
            float[] w = LocalTrainer.train(net, data, new TrainingOptions(2, 4, 2, 16, 1, 0.1, mus[k], 2),
                    new StopSignal()).parameters();
            distances[k] = org.flotilla.privacy.mechanism.L2Clipping.norm(Networks.delta(w, g));
        }
        assertThat(distances[1]).isLessThan(distances[0] * 0.8);
    }

    @Test
    void rejectsAStepThatWouldOvershoot() {
        assertThatThrownBy(() -> new ProximalStep(Nd4j.zeros(3), 0.5, 2.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fedproxMu");
    }
}
