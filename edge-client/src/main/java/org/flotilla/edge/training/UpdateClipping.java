package org.flotilla.edge.training;

/**
 * Bounds an update's L2 norm before upload (the {@code clipNorm} client setting), as in
 * differentially private FedAvg (McMahan et al. 2018, "Learning Differentially Private Recurrent
 * Language Models"): Δ ← Δ · min(1, C / ‖Δ‖₂).
 */
public final class UpdateClipping {

    private UpdateClipping() {
    }

    /** The L2 norm of {@code v}, accumulated in double. */
    public static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    /**
     * Clips {@code delta} to norm {@code maxNorm}; returns a new array (or {@code delta} itself when
     * it is within the bound).
     */
    public static Result clip(float[] delta, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipNorm must be a positive finite number, was " + maxNorm);
        }
        double norm = norm(delta);
        if (norm <= maxNorm) {
            return new Result(delta, norm, false);
        }
        float scale = (float) (maxNorm / norm);
        float[] clipped = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            clipped[i] = delta[i] * scale;
        }
        return new Result(clipped, norm, true);
    }

    /**
     * @param delta      the (possibly scaled) update
     * @param normBefore its norm before clipping
     * @param clipped    whether it was scaled down
     */
    public record Result(float[] delta, double normBefore, boolean clipped) {
    }
}
