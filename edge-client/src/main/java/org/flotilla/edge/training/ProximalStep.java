package org.flotilla.edge.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FedProx's proximal term (Li et al. 2020, "Federated Optimization in Heterogeneous Networks"):
 * the local objective gains (μ/2)·‖w − w<sub>global</sub>‖², whose gradient μ·(w − w<sub>global</sub>)
 * is applied as a separate step after each optimizer step:
 * w ← w − lr·μ·(w − w<sub>global</sub>) = (1 − lr·μ)·w + lr·μ·w<sub>global</sub>.
 * For plain SGD this is exactly a gradient step on the proximal term; for momentum and Adam it is
 * the same decoupled pull towards the global model (as weight decay is decoupled in AdamW).
 *
 * <p>One instance per replica: it keeps {@code lr·μ·w_global} precomputed, so a step is two
 * in-place vector operations and allocates nothing.
 */
public final class ProximalStep implements AutoCloseable {

    private final double shrink;
    private final INDArray scaledGlobal;

    /**
     * @param global       the round's global parameters (not modified, not retained)
     * @param learningRate the optimizer's learning rate
     * @param mu           the proximal coefficient μ, with {@code learningRate·mu} in (0, 1)
     */
    public ProximalStep(INDArray global, double learningRate, double mu) {
        double a = learningRate * mu;
        if (!(a > 0 && a < 1)) {
            throw new IllegalArgumentException("learningRate × fedproxMu must be in (0, 1), was " + a
                    + " (learning rate " + learningRate + ", mu " + mu + ")");
        }
        this.shrink = 1.0 - a;
        this.scaledGlobal = global.mul(a);
    }

    /** Applies the step to {@code params} in place. */
    public void apply(INDArray params) {
        params.muli(shrink).addi(scaledGlobal);
    }

    @Override
    public void close() {
        if (scaledGlobal.closeable()) {
            scaledGlobal.close();
        }
    }
}
