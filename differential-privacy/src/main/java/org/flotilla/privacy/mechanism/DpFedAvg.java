package org.flotilla.privacy.mechanism;

/**
 * Central differential privacy for federated averaging, DP-FedAvg (McMahan, Ramage, Talwar and
 * Zhang 2018, "Learning Differentially Private Recurrent Language Models", Algorithm 1 with the
 * fixed-denominator estimator): the coordinator adds Gaussian noise N(0, (z·C)²) to every
 * coordinate of the sum of the sampled clients' clipped updates and divides by the expected
 * cohort size m = qN, not by the number that actually took part. The count of participants is
 * itself private (it changes when one client is added or removed), so the denominator must not
 * depend on it; the estimator is unbiased under Poisson sampling.
 *
 * <p>Every client weighs the same: weighting by example counts would let one client's influence
 * exceed C. The round then costs one step of the sampled Gaussian mechanism at rate q with
 * multiplier z ({@link org.flotilla.privacy.accounting.AccountingStep}).
 *
 * @param clipNorm        C, the L2 bound of each client's update
 * @param noiseMultiplier z, noise standard deviation over C; above 0
 * @param expectedClients m = qN, the expected number of sampled clients; above 0
 */
public record DpFedAvg(double clipNorm, double noiseMultiplier, double expectedClients) {

    public DpFedAvg {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be a positive finite number, was " + clipNorm);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be finite and above 0, was " + noiseMultiplier);
        }
        if (!(expectedClients > 0) || Double.isInfinite(expectedClients)) {
            throw new IllegalArgumentException("expectedClients must be finite and above 0, was " + expectedClients);
        }
    }

    /** The standard deviation z·C of the noise on each coordinate of the sum. */
    public double noiseStddev() {
        return noiseMultiplier * clipNorm;
    }

    /** The noised fixed-denominator mean of {@code sum}; the sum's clip norm must be this one. */
    public float[] noisedMean(ClippedSum sum, GaussianNoise noise) {
        if (Double.compare(sum.clipNorm(), clipNorm) != 0) {
            throw new IllegalArgumentException(
                    "the sum was clipped to " + sum.clipNorm() + ", the mechanism expects " + clipNorm);
        }
        return noisedMean(sum.sum(), noise);
    }

    /**
     * The noised fixed-denominator mean of a sum of updates each already clipped to C (e.g. the
     * unmasked sum of secure aggregation): {@code (sum + N(0, (zC)²)) / m}. The input is not modified.
     */
    public float[] noisedMean(double[] sumOfClipped, GaussianNoise noise) {
        double[] noised = sumOfClipped.clone();
        noise.addTo(noised, noiseStddev());
        float[] mean = new float[noised.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (noised[i] / expectedClients);
        }
        return mean;
    }
}
