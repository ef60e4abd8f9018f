package org.flotilla.bench.throughput;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.kernels.FastTrainer;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link FastTrainer} on the network {@code Networks.build(plan)} makes; prediction by DL4J. */
final class KernelTrainer implements Trainer {

    private final MultiLayerNetwork network;
    private final FastTrainer trainer;

    KernelTrainer(TrainingPlan plan) {
        network = Networks.build(plan);
        trainer = FastTrainer.create(network, plan.batchSize()).orElseThrow(() ->
                new IllegalArgumentException("kernels do not implement this plan: " + FastTrainer.unsupportedReason(network)));
    }

    @Override
    public void fit(INDArray features, INDArray labels) {
        trainer.fit(features, labels);
    }

    @Override
    public INDArray output(INDArray features) {
        return network.output(features);
    }

    @Override
    public void close() {
        trainer.close();
        network.close();
    }
}
