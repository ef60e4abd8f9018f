package org.flotilla.edge.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;

/**
 * The two steps of the built-in training loop that run the coordinator's plan: building its
 * network and training it. The device always uses {@link #DL4J}; the interface exists so that a
 * test can make a step fail the way a hostile or broken plan makes it fail on a device (an
 * {@link OutOfMemoryError}, a {@link LinkageError}, a {@link StackOverflowError}) and check that
 * the assignment is declined and the client carries on. Only the programmatic API reaches it.
 */
public interface LocalTraining {

    /** Builds the plan's network (its parameters initialised from the plan's seed). */
    MultiLayerNetwork build(TrainingPlan plan);

    /** Trains {@code network} on {@code data} with the pool's workers ({@link LocalTrainer}). */
    TrainingResult train(WorkerPool pool, MultiLayerNetwork network, LabeledDataset data, TrainingOptions options,
                         StopSignal stop);

    /** Deeplearning4j's build and Flotilla's worker-parallel trainer: what every device runs. */
    LocalTraining DL4J = new LocalTraining() {
        @Override
        public MultiLayerNetwork build(TrainingPlan plan) {
            return Networks.build(plan);
        }

        @Override
        public TrainingResult train(WorkerPool pool, MultiLayerNetwork network, LabeledDataset data,
                                    TrainingOptions options, StopSignal stop) {
            return LocalTrainer.train(pool, network, data, options, stop);
        }
    };
}
