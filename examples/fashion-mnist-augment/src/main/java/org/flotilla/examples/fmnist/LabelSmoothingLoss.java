package org.flotilla.examples.fmnist;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Cross-entropy against smoothed labels, {@code y' = (1 − ε)·y + ε/K} for K classes (Szegedy et
 * al. 2016, "Rethinking the Inception Architecture for Computer Vision", CVPR, section 7): the
 * model is trained towards a little less than full confidence. With softmax outputs the gradient
 * with respect to the pre-activations is {@code p − y'}. The given label arrays are never changed
 * (the worker pool reuses them).
 */
public final class LabelSmoothingLoss implements ILossFunction {

    private final double epsilon;
    private final LossMCXENT crossEntropy = new LossMCXENT();

    /** @param epsilon in [0, 1) */
    public LabelSmoothingLoss(double epsilon) {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), was " + epsilon);
        }
        this.epsilon = epsilon;
    }

    /** The smoothing ε. */
    public double epsilon() {
        return epsilon;
    }

    private INDArray smooth(INDArray labels) {
        long k = labels.size(1);
        return labels.mul(1 - epsilon).addi(epsilon / k);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        return crossEntropy.computeScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return crossEntropy.computeScoreArray(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return crossEntropy.computeGradient(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return crossEntropy.computeGradientAndScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public String name() {
        return "LabelSmoothingMCXENT(" + epsilon + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
