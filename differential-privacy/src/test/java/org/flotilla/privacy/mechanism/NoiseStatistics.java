package org.flotilla.privacy.mechanism;

/** Sample moments for the statistical tests of the noise. */
record NoiseStatistics(long n, double mean, double variance, double withinOneSigma, double withinTwoSigma) {

    /** The moments of {@code samples}, the last two as fractions within ±σ and ±2σ of 0. */
    static NoiseStatistics of(double[] samples, double sigma) {
        double sum = 0;
        for (double x : samples) {
            sum += x;
        }
        double mean = sum / samples.length;
        double squares = 0;
        long one = 0;
        long two = 0;
        for (double x : samples) {
            squares += (x - mean) * (x - mean);
            if (Math.abs(x) < sigma) {
                one++;
            }
            if (Math.abs(x) < 2 * sigma) {
                two++;
            }
        }
        int n = samples.length;
        return new NoiseStatistics(n, mean, squares / (n - 1), (double) one / n, (double) two / n);
    }

    /**
     * Whether these moments fit N(0, σ²) within {@code k} standard errors each: the mean's is σ/√n,
     * the sample variance's σ²·√(2/(n-1)), a fraction p's √(p(1-p)/n).
     */
    boolean fitsGaussian(double sigma, double k) {
        double p1 = 0.6826894921370859;
        double p2 = 0.9544997361036416;
        return Math.abs(mean) < k * sigma / Math.sqrt(n)
                && Math.abs(variance - sigma * sigma) < k * sigma * sigma * Math.sqrt(2.0 / (n - 1))
                && Math.abs(withinOneSigma - p1) < k * Math.sqrt(p1 * (1 - p1) / n)
                && Math.abs(withinTwoSigma - p2) < k * Math.sqrt(p2 * (1 - p2) / n);
    }
}
