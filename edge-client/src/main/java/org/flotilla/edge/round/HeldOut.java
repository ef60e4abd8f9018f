package org.flotilla.edge.round;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.kernels.FastForward;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Evaluation on the device's held-out examples, after a training round and for an evaluation
 * assignment: through the training kernels' forward pass ({@link FastForward}) when it takes the
 * network, else DL4J's {@code output}. The same figures either way (up to float rounding).
 */
final class HeldOut {

    /**
     * Held-out examples per forward pass: 64 rather than 256 keeps the cnn's activation buffers at
     * about a quarter (their peak was 30–75 MB of the device's resident set at 256), for about the
     * same speed (the convolutions' work per image does not depend on the batch).
     */
    static final int BATCH = 64;

    private HeldOut() {
    }

    /** Loss, accuracy and confusion of {@code network} over {@code data}; on the calling (worker) thread. */
    static EvaluationResult evaluate(MultiLayerNetwork network, DataSetIterator data) {
        try (FastForward fast = FastForward.create(network, BATCH).orElse(null)) {
            return fast != null ? Evaluator.evaluate(fast::output, data) : Evaluator.evaluate(network, data);
        }
    }
}
