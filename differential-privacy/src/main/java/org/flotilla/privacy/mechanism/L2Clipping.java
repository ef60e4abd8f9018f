package org.flotilla.privacy.mechanism;

/**
 * Bounds an update's L2 norm by C: {@code Δ ← Δ · min(1, C/‖Δ‖₂)} (McMahan, Ramage, Talwar and
 * Zhang 2018, "Learning Differentially Private Recurrent Language Models", the per-user clipping
 * of DP-FedAvg). It runs on the device, so it composes with secure aggregation: the coordinator
 * never needs to see an update to bound its influence.
 *
 * <p>The guarantee the accountant relies on is that the clipped vector, as stored in
 * {@code float}, has norm at most C. Scaling in float can round a coordinate up, so the norm is
 * measured again after scaling and the scale shrunk by a few ulps until it holds.
 */
public final class L2Clipping {

    private L2Clipping() {
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
     * Clips {@code update} to L2 norm {@code clipNorm}; the input is not modified.
     *
     * @throws IllegalArgumentException when {@code clipNorm} is not a positive finite number or
     *                                  the update has a NaN or infinite coordinate
     */
    public static ClippedUpdate clip(float[] update, double clipNorm) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be a positive finite number, was " + clipNorm);
        }
        double norm = norm(update);
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException("the update has a NaN or infinite coordinate; it cannot be clipped");
        }
        if (norm <= clipNorm) {
            return new ClippedUpdate(update, norm, false);
        }
        double scale = clipNorm / norm;
        float[] clipped = scaled(update, scale);
        while (norm(clipped) > clipNorm) {
            scale *= 1 - 0x1p-22;
            clipped = scaled(update, scale);
        }
        return new ClippedUpdate(clipped, norm, true);
    }

    private static float[] scaled(float[] v, double scale) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * scale);
        }
        return out;
    }
}
