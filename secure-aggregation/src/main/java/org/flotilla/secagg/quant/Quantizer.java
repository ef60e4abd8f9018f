package org.flotilla.secagg.quant;

import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.crypto.AesCtrPrg;

/**
 * Maps an update onto the integers the protocol adds, and the unmasked sum back to a weighted
 * mean. A coordinate x is clipped to [−r, r], scaled to v = (x + r)·s with s = (2^b_q − 1)/(2r),
 * and rounded stochastically: q = ⌊v⌋ + 1 with probability v − ⌊v⌋, else ⌊v⌋. So q ∈ [0, 2^b_q − 1],
 * E[q] = v (unbiased, Gupta et al. 2015, "Deep Learning with Limited Numerical Precision"), and
 * |q/s − r − x| &lt; 1/s for every coordinate.
 *
 * <p>Weighted FedAvg (McMahan et al. 2017): a client with weight w (its example count, capped at
 * W) contributes [w, w·q_1, …, w·q_d]. The server's unmasked sum is [Σw, Σ w·q_j], and
 * x̄_j = Σ w·q_j / (s·Σw) − r is the weighted mean of the clipped updates up to an error below
 * 1/s in every coordinate (the mean of errors each below 1/s), and with standard deviation at
 * most (1/(2s))·√(Σw²)/Σw, because the rounding errors are independent, zero-mean and bounded.
 *
 * <p>The rounding randomness comes from AES-CTR under a key from the client's own secret seed
 * (never SecureRandom per coordinate, which is two orders of magnitude slower): unpredictable to
 * the server, independent across clients, and reproducible from the persisted seed so that a
 * client restarted mid-round re-creates exactly the vector it may already have sent.
 */
public final class Quantizer {

    private final double clipRange;
    private final double scale;
    private final long levels;

    public Quantizer(SecAggParameters parameters) {
        this.clipRange = parameters.clipRange();
        this.levels = (1L << parameters.quantizationBits()) - 1;
        this.scale = levels / (2 * clipRange);
    }

    /**
     * [w, w·q(x_1), …, w·q(x_d)] for an update {@code x} and a weight {@code weight} already
     * capped (1 ≤ w ≤ W). Values outside [−r, r] are clipped; a non-finite value is refused.
     */
    public long[] encode(float[] update, long weight, AesCtrPrg rounding) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, was " + weight);
        }
        long[] out = new long[update.length + 1];
        out[0] = weight;
        for (int j = 0; j < update.length; j++) {
            float x = update[j];
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("update coordinate " + j + " is not finite");
            }
            double clipped = Math.max(-clipRange, Math.min(clipRange, x));
            double v = (clipped + clipRange) * scale;
            long floor = (long) Math.floor(v);
            long q = floor + (rounding.nextDouble() < v - floor ? 1 : 0);
            out[j + 1] = weight * Math.min(levels, Math.max(0, q));
        }
        return out;
    }

    /**
     * The weighted mean of the clipped updates from an unmasked sum [Σw, Σ w·q_1, …]; the sum
     * must not have wrapped (the round's modulus guarantees it).
     */
    public float[] weightedMean(long[] sum) {
        long totalWeight = sum[0];
        if (totalWeight < 1) {
            throw new IllegalArgumentException("total weight must be at least 1, was " + totalWeight);
        }
        float[] mean = new float[sum.length - 1];
        double denominator = scale * totalWeight;
        for (int j = 0; j < mean.length; j++) {
            mean[j] = (float) (sum[j + 1] / denominator - clipRange);
        }
        return mean;
    }

    /** The bound 1/s = 2r/(2^b_q − 1) on the error of any coordinate of the mean (clipping aside). */
    public double errorBound() {
        return 1 / scale;
    }

    /** The clipping range r. */
    public double clipRange() {
        return clipRange;
    }
}
