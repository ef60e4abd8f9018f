package org.flotilla.model.network;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworksTest {

    static final int[] IMAGE = {1, 28, 28};

    static TrainingPlan plan(String name) {
        return TrainingPlans.builtIn(name, Map.of(), IMAGE, 10, 1, 32, Optimizer.DEFAULT, 42, Map.of());
    }

    @Test
    void builtInArchitecturesHaveThePublishedParameterCounts() {
        assertThat(Networks.build(plan("logreg")).numParams()).isEqualTo(7_850);
        assertThat(Networks.build(plan("mlp")).numParams()).isEqualTo(199_210);
        assertThat(Networks.build(plan("cnn")).numParams()).isEqualTo(1_663_370);
    }

    @Test
    void theSamePlanGivesTheSameInitialWeightsAndAnotherSeedDoesNot() {
        float[] a = Networks.parameters(Networks.build(plan("mlp")));
        float[] b = Networks.parameters(Networks.build(plan("mlp")));
        TrainingPlan other = TrainingPlans.builtIn("mlp", Map.of(), IMAGE, 10, 1, 32, Optimizer.DEFAULT, 43, Map.of());
        float[] c = Networks.parameters(Networks.build(other));
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void planToNetworkToParametersAndBack() {
        TrainingPlan plan = plan("mlp");
        TrainingPlan parsed = TrainingPlans.fromJson(TrainingPlans.toJson(plan));
        assertThat(parsed).isEqualTo(plan);

        MultiLayerNetwork net = Networks.build(parsed);
        float[] params = Networks.parameters(net);
        float[] decoded = WeightsCodec.decode(WeightsCodec.encode(params), net.numParams());
        MultiLayerNetwork other = Networks.build(parsed);
        float[] shifted = decoded.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.5f;
        }
        Networks.setParameters(other, shifted);
        assertThat(Networks.parameters(other)).containsExactly(shifted);
        float[] delta = Networks.delta(shifted, params);
        float[] half = new float[delta.length];
        java.util.Arrays.fill(half, 0.5f);
        assertThat(delta).containsExactly(half, org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test
    void thePlansOptimizerOverridesTheConfigurationsUpdater() {
        TrainingPlan plan = plan("logreg");
        TrainingPlan faster = new TrainingPlan(1, "custom", plan.networkConfiguration(), IMAGE, 10, 1, 32,
                new Optimizer("sgd", 0.3, 0), 42, Map.of());
        MultiLayerNetwork net = Networks.build(faster);
        var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer();
        assertThat(((Sgd) layer.getIUpdater()).getLearningRate()).isEqualTo(0.3);
    }

    @Test
    void rejectsMalformedJsonUnsupportedLayersAndMismatchedShapes() {
        TrainingPlan good = plan("mlp");
        assertThatThrownBy(() -> Networks.build(new TrainingPlan(1, "custom", "{not json", IMAGE, 10, 1, 32, null, 1, null)))
                .isInstanceOf(PlanException.class).hasMessageContaining("not a DL4J MultiLayerConfiguration");
        assertThatThrownBy(() -> Networks.build(new TrainingPlan(1, "custom", good.networkConfiguration(), new int[]{60}, 10, 1, 32, null, 1, null)))
                .isInstanceOf(PlanException.class).hasMessageContaining("784 features");
        assertThatThrownBy(() -> Networks.build(new TrainingPlan(1, "custom", good.networkConfiguration(), IMAGE, 5, 1, 32, null, 1, null)))
                .isInstanceOf(PlanException.class).extracting(e -> ((PlanException) e).field()).isEqualTo("numClasses");
        assertThatThrownBy(() -> Networks.build(good, 1000))
                .isInstanceOf(PlanException.class).hasMessageContaining("199210 parameters, more than the limit of 1000");
        String lstm = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().list()
                .layer(new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nIn(4).nOut(4).build())
                .layer(new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nIn(4).nOut(2).build())
                .build().toJson();
        assertThatThrownBy(() -> Networks.build(new TrainingPlan(1, "custom", lstm, new int[]{4}, 2, 1, 32, null, 1, null)))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("names the class org.deeplearning4j.nn.conf.layers.LSTM, which plans may not use");
    }

    @Test
    void planValidationNamesTheFieldAndTheLimit() {
        String json = plan("logreg").networkConfiguration();
        assertThatThrownBy(() -> new TrainingPlan(1, "x", json, IMAGE, 10, 0, 32, null, 1, null))
                .isInstanceOf(PlanException.class).hasMessage("localEpochs must be in [1, 100] (was 0)");
        assertThatThrownBy(() -> new TrainingPlan(1, "x", json, IMAGE, 10, 1, 0, null, 1, null))
                .isInstanceOf(PlanException.class).extracting(e -> ((PlanException) e).limit()).isEqualTo("in [1, 65536]");
        assertThatThrownBy(() -> new Optimizer("rmsprop", 0.1, 0)).isInstanceOf(PlanException.class)
                .hasMessageContaining("optimizer.name");
        assertThatThrownBy(() -> TrainingPlans.builtIn("resnet", Map.of(), IMAGE, 10, 1, 32, null, 1, null))
                .isInstanceOf(PlanException.class).hasMessageContaining("one of [logreg, mlp, cnn]");
        assertThatThrownBy(() -> TrainingPlans.builtIn("mlp", Map.of("hidden", List.of(0)), IMAGE, 10, 1, 32, null, 1, null))
                .isInstanceOf(PlanException.class).hasMessageContaining("model.hidden");
    }
}
