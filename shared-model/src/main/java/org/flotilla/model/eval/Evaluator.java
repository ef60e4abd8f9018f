package org.flotilla.model.eval;

import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Evaluates a classifier over a {@link DataSetIterator}: mean cross-entropy, accuracy and the
 * confusion matrix, computed from one forward pass per batch.
 */
public final class Evaluator {

    private static final double EPS = 1e-12;

    private Evaluator() {
    }

    /** Evaluates {@code network} over every batch of {@code data} (reset first). */
    public static EvaluationResult evaluate(MultiLayerNetwork network, DataSetIterator data) {
        return evaluate(features -> network.output(features, false), data);
    }

    /**
     * Evaluates a forward pass ({@code features → class probabilities}, e.g. the training kernels'
     * {@code FastForward::output}) over every batch of {@code data} (reset first).
     */
    public static EvaluationResult evaluate(UnaryOperator<INDArray> forward, DataSetIterator data) {
        long[][] confusion = null;
        long examples = 0;
        long correct = 0;
        double lossSum = 0;
        if (data.resetSupported()) {
            data.reset();
        }
        while (data.hasNext()) {
            DataSet batch = data.next();
            INDArray probs = forward.apply(batch.getFeatures());
            INDArray labels = batch.getLabels();
            int n = (int) labels.size(0);
            if (confusion == null) {
                int classes = (int) labels.size(1);
                confusion = new long[classes][classes];
            }
            INDArray logp = Transforms.log(Transforms.max(probs, EPS, true), false);
            lossSum += -logp.mul(labels).sumNumber().doubleValue();
            long[] predicted = Nd4j.argMax(probs, 1).toLongVector();
            long[] actual = Nd4j.argMax(labels, 1).toLongVector();
            for (int i = 0; i < n; i++) {
                confusion[(int) actual[i]][(int) predicted[i]]++;
                if (actual[i] == predicted[i]) {
                    correct++;
                }
            }
            examples += n;
        }
        if (examples == 0) {
            return new EvaluationResult(0, Double.NaN, Double.NaN, new long[0][0]);
        }
        return new EvaluationResult(examples, lossSum / examples, (double) correct / examples, confusion);
    }
}
