package org.flotilla.datasets.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.Permutations;

/**
 * Synthetic(alpha, beta) of Li et al. 2020, "Federated Optimization in Heterogeneous Networks"
 * (FedProx, MLSys), following the reference generator {@code data/synthetic_*&#47;generate_niid.py}.
 * Device {@code k} has its own softmax-regression model and input distribution:
 *
 * <ul>
 *   <li>{@code u_k ~ N(0, alpha)}, {@code W_k} (10×60) and {@code b_k} (10) element-wise
 *       {@code ~ N(u_k, 1)} — alpha controls how much the devices' models differ;</li>
 *   <li>{@code B_k ~ N(0, beta)}, {@code v_k} (60) element-wise {@code ~ N(B_k, 1)},
 *       {@code x ~ N(v_k, Sigma)} with diagonal {@code Sigma_jj = j^-1.2} (j from 1) — beta
 *       controls how much the devices' inputs differ;</li>
 *   <li>{@code y = argmax(softmax(W_k x + b_k))}.</li>
 * </ul>
 *
 * <p>As in the reference code, alpha and beta are the standard deviations passed to
 * {@code np.random.normal}. Device sizes are {@code floor(LogNormal(sizeMu, sizeSigma)) + sizeOffset},
 * the reference's {@code lognormal(4, 2) + 50} by default, capped at {@code sizeCap} (10 000 by
 * default, which the heavy tail exceeds for about 0.5% of devices). Every device draws from its
 * own stream derived from the seed, so device {@code k} is the same whatever the device count.
 *
 * @param alpha spread of the device models, non-negative
 * @param beta spread of the device input means, non-negative
 * @param sizeMu mu of the log-normal device size
 * @param sizeSigma sigma of the log-normal device size, non-negative
 * @param sizeOffset examples added to every device, at least 1
 * @param sizeCap most examples a device gets, at least {@code sizeOffset}
 */
public record SyntheticFedProx(double alpha, double beta, double sizeMu, double sizeSigma, int sizeOffset,
        int sizeCap) {

    /** Number of features of every example. */
    public static final int FEATURES = 60;

    /** Number of classes. */
    public static final int CLASSES = 10;

    /** Validates the parameters. */
    public SyntheticFedProx {
        if (!(alpha >= 0) || !(beta >= 0) || !(sizeSigma >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("alpha, beta and sizeSigma must be finite and non-negative, were "
                    + alpha + ", " + beta + ", " + sizeSigma);
        }
        if (sizeOffset < 1 || sizeCap < sizeOffset) {
            throw new IllegalArgumentException("need 1 <= sizeOffset <= sizeCap, were " + sizeOffset + " and " + sizeCap);
        }
    }

    /** Synthetic(alpha, beta) with the reference device sizes {@code lognormal(4, 2) + 50}, capped at 10 000. */
    public static SyntheticFedProx of(double alpha, double beta) {
        return new SyntheticFedProx(alpha, beta, 4, 2, 50, 10_000);
    }

    /** One data set per device, {@code devices} of them, each of shape {@code [60]} with 10 classes. */
    public List<LabeledDataset> generate(int devices, long seed) {
        if (devices < 1) {
            throw new IllegalArgumentException("the number of devices must be at least 1, was " + devices);
        }
        List<LabeledDataset> out = new ArrayList<>(devices);
        for (int k = 0; k < devices; k++) {
            out.add(device(k, seed));
        }
        return out;
    }

    /** The data of device {@code k} alone, identical to element {@code k} of {@link #generate}. */
    public LabeledDataset device(int k, long seed) {
        SplittableRandom random = Permutations.stream(seed, k);
        double drawn = Math.floor(Math.exp(sizeMu + sizeSigma * random.nextGaussian())) + sizeOffset;
        int n = (int) Math.min(sizeCap, drawn);
        double u = alpha * random.nextGaussian();
        double bigB = beta * random.nextGaussian();
        double[] v = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            v[j] = bigB + random.nextGaussian();
        }
        double[][] w = new double[CLASSES][FEATURES];
        double[] b = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < FEATURES; j++) {
                w[c][j] = u + random.nextGaussian();
            }
        }
        for (int c = 0; c < CLASSES; c++) {
            b[c] = u + random.nextGaussian();
        }
        double[] sd = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            sd[j] = Math.sqrt(Math.pow(j + 1, -1.2));
        }
        float[] features = new float[n * FEATURES];
        int[] labels = new int[n];
        double[] x = new double[FEATURES];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                float value = (float) (v[j] + sd[j] * random.nextGaussian());
                features[i * FEATURES + j] = value;
                x[j] = value; // label the stored float value, so features and label agree exactly
            }
            labels[i] = argmaxLogit(w, b, x);
        }
        return new LabeledDataset(features, labels, new int[] {FEATURES}, CLASSES);
    }

    /** Softmax is monotone, so the argmax of the softmax is the argmax of the logits. */
    private static int argmaxLogit(double[][] w, double[] b, double[] x) {
        int best = 0;
        double bestLogit = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            double logit = b[c];
            for (int j = 0; j < FEATURES; j++) {
                logit += w[c][j] * x[j];
            }
            if (logit > bestLogit) {
                bestLogit = logit;
                best = c;
            }
        }
        return best;
    }
}
