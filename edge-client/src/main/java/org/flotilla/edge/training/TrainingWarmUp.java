package org.flotilla.edge.training;

import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up work done before the client's first check-in rather than in its first round: loading
 * ND4J's native libraries (a few seconds on a small device, since the first network is what loads
 * them) and compiling the training loop's hot paths, by training a throwaway built-in {@code mlp}
 * for one epoch on up to {@link #MAX_EXAMPLES} local examples on the lane's own workers. The result
 * is discarded and nothing is sent; a failure is logged and only costs the first round its start-up.
 */
public final class TrainingWarmUp {

    /** The examples the warm-up epoch trains on at most (256 mini-batches of 32). */
    public static final int MAX_EXAMPLES = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingWarmUp.class);

    private TrainingWarmUp() {
    }

    /**
     * Warms one lane of {@code lanes} up on {@code data}; returns the seconds it took, or -1 when it
     * failed or was stopped.
     */
    public static double run(TrainerLanes lanes, LabeledDataset data, StopSignal stop) {
        long t0 = System.nanoTime();
        try (TrainerLanes.Lane lane = lanes.acquire(stop)) {
            LabeledDataset slice = data.size() <= MAX_EXAMPLES ? data : data.subset(firstIndices(MAX_EXAMPLES));
            TrainingPlan plan = TrainingPlans.builtIn("mlp", Map.of(), slice.exampleShape(), Math.max(2,
                    slice.numClasses()), 1, 32, Optimizer.DEFAULT, 0, Map.of());
            MultiLayerNetwork network = Networks.build(plan);
            try {
                TrainingOptions options = new TrainingOptions(lane.pool().size(),
                        TrainingOptions.DEFAULT_AVERAGING_FREQUENCY, 1, plan.batchSize(), 0,
                        plan.optimizer().learningRate(), 0, TrainingOptions.DEFAULT_PREFETCH);
                LocalTrainer.train(lane.pool(), network, slice, options, stop);
            } finally {
                NetworkMemory.release(network);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.info("warmed up for training in {} s (native libraries loaded, one mlp epoch on {} local examples)",
                    String.format(java.util.Locale.ROOT, "%.2f", seconds), slice.size());
            return seconds;
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            if (stop.isRequested()) {
                return -1;
            }
            LOG.warn("the training warm-up failed ({}); the first round does the start-up work instead", e.toString());
            return -1;
        }
    }

    private static int[] firstIndices(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
