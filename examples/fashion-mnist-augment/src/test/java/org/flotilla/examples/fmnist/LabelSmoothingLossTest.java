package org.flotilla.examples.fmnist;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import static org.assertj.core.api.Assertions.assertThat;

class LabelSmoothingLossTest {

    private final INDArray pre = Nd4j.createFromArray(new float[][] {{1f, 2f, 0.5f, -1f}, {0f, 0f, 3f, 1f}});
    private final INDArray labels = Nd4j.createFromArray(new float[][] {{0f, 1f, 0f, 0f}, {0f, 0f, 0f, 1f}});

    @Test
    void theGradientIsSoftmaxMinusTheSmoothedLabels() {
        double eps = 0.2;
        INDArray before = labels.dup();

        INDArray grad = new LabelSmoothingLoss(eps).computeGradient(labels, pre.dup(), new ActivationSoftmax(), null);

        INDArray p = Nd4j.nn().softmax(pre.dup(), 1);
        INDArray smoothed = labels.mul(1 - eps).add(eps / 4);
        assertThat(grad.sub(p.sub(smoothed)).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(labels).as("the labels given are not changed").isEqualTo(before);
    }

    @Test
    void theScoreIsCrossEntropyAgainstTheSmoothedLabelsAndZeroSmoothingIsPlainCrossEntropy() {
        double eps = 0.1;
        INDArray p = Nd4j.nn().softmax(pre.dup(), 1);
        INDArray smoothed = labels.mul(1 - eps).add(eps / 4);
        double expected = -smoothed.mul(org.nd4j.linalg.ops.transforms.Transforms.log(p)).sumNumber().doubleValue() / 2;

        double score = new LabelSmoothingLoss(eps).computeScore(labels, pre.dup(), new ActivationSoftmax(), null, true);
        double plain = new LabelSmoothingLoss(0).computeScore(labels, pre.dup(), new ActivationSoftmax(), null, true);

        assertThat(score).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(plain).isCloseTo(new LossMCXENT().computeScore(labels, pre.dup(), new ActivationSoftmax(), null, true),
                org.assertj.core.data.Offset.offset(1e-9));
    }
}
