package org.flotilla.edge.training;

import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Counts correct predictions of the training batches as they are fitted, at almost no cost: DL4J
 * reports the activations that feed the output layer during {@code fit} (before the weights
 * change, the same point at which the batch's loss is computed), and the arg-max of the output
 * layer's pre-activation {@code x·W + b} equals the arg-max of its softmax. When the network's
 * shape does not allow this (an input preprocessor on the output layer, say) the probe reports
 * itself unavailable and the trainer falls back to an evaluation pass.
 */
final class AccuracyProbe extends BaseTrainingListener {

    private final MultiLayerNetwork network;
    private int[] expected;
    private long correct;
    private long counted;
    private boolean unavailable;

    AccuracyProbe(MultiLayerNetwork network) {
        this.network = network;
    }

    /** The labels of the batch about to be fitted, or null to skip counting it. */
    void expect(int[] labels) {
        this.expected = labels;
    }

    long correct() {
        return correct;
    }

    long counted() {
        return counted;
    }

    boolean available() {
        return !unavailable;
    }

    void reset() {
        correct = 0;
        counted = 0;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        int[] labels = expected;
        expected = null;
        if (labels == null || unavailable || activations.isEmpty()) {
            return;
        }
        try {
            Layer out = network.getOutputLayer();
            INDArray w = out.getParam("W");
            INDArray b = out.getParam("b");
            INDArray x = activations.get(activations.size() - 1);
            if (x.rank() != 2) {
                x = x.reshape('c', x.size(0), x.length() / x.size(0));
            }
            if (w == null || b == null || x.size(1) != w.size(0) || x.size(0) != labels.length) {
                unavailable = true;
                return;
            }
            int[] predicted = Nd4j.argMax(x.mmul(w).addiRowVector(b), 1).toIntVector();
            for (int i = 0; i < labels.length; i++) {
                if (predicted[i] == labels[i]) {
                    correct++;
                }
            }
            counted += labels.length;
        } catch (RuntimeException e) {
            unavailable = true;
        }
    }
}
