package org.flotilla.coordinator.testset;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.coordinator.system.TensorPool;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.springframework.stereotype.Component;

/** Evaluates global weights on a job's server-side evaluation set. Tensor-pool threads only. */
@Component
public class ServerEvaluator {

    private static final int BATCH = 512;

    private final EvaluationSets sets;

    ServerEvaluator(EvaluationSets sets) {
        this.sets = sets;
    }

    /** Loss and accuracy of {@code weights} under {@code plan} on the set {@code spec} names. */
    public EvaluationResult evaluate(TrainingPlan plan, float[] weights, EvaluationSpec spec) {
        requirePoolThread();
        LabeledDataset data = sets.load(spec, plan);
        MultiLayerNetwork network = Networks.build(plan);
        try {
            Networks.setParameters(network, weights);
            return Evaluator.evaluate(network, LabeledDataSetIterator.builder(data).batchSize(BATCH).shuffle(false).build());
        } finally {
            network.close();
        }
    }

    public static void requirePoolThread() {
        if (!TensorPool.isPoolThread()) {
            throw new IllegalStateException("tensor work must run on the tensor pool, not on " + Thread.currentThread());
        }
    }
}
