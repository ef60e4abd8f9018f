package org.flotilla.secagg.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.crypto.AesCtrPrg;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Property-style checks of the quantization error bound over random vectors and settings. */
class QuantizerTest {

    private static int trial = 0;

    @RepeatedTest(25)
    void everyCoordinateOfOneUpdateIsWithinOneStep() {
        // Prepare: random range, width and vector (some coordinates outside the range)
        Random random = new Random(1000 + trial++);
        double r = 0.01 + random.nextDouble() * 10;
        int bits = 1 + random.nextInt(24);
        SecAggParameters p = params(r, bits, 1);
        Quantizer q = new Quantizer(p);
        float[] x = new float[5_000];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (random.nextGaussian() * r * 0.7);
        }
        // Execute
        long[] encoded = q.encode(x, 1, prg(random));
        float[] back = q.weightedMean(encoded);
        // Assert: |x̂ − clip(x)| < 2r/(2^b − 1), plus float32 rounding of the result
        double step = p.quantizationStep();
        assertThat(q.errorBound()).isCloseTo(step, org.assertj.core.data.Percentage.withPercentage(1e-9));
        for (int j = 0; j < x.length; j++) {
            double clipped = Math.max(-r, Math.min(r, x[j]));
            assertThat(Math.abs(back[j] - clipped)).isLessThan(step + Math.ulp((float) r) * 2);
            assertThat(encoded[j + 1]).isBetween(0L, (1L << bits) - 1);
        }
    }

    @RepeatedTest(10)
    void theWeightedMeanOfManyClientsIsWithinOneStep() {
        // Prepare: 20 clients with random weights, summed as the server would (no wrap here)
        Random random = new Random(2000 + trial++);
        double r = 1.0;
        SecAggParameters p = params(r, 12, 5000);
        Quantizer q = new Quantizer(p);
        int d = 2_000;
        long[] sum = new long[d + 1];
        double[] exact = new double[d];
        long total = 0;
        double sumSq = 0;
        for (int c = 0; c < 20; c++) {
            long w = 1 + random.nextInt(5000);
            total += w;
            sumSq += (double) w * w;
            float[] x = new float[d];
            for (int j = 0; j < d; j++) {
                x[j] = (float) (random.nextDouble() * 2 - 1);
                exact[j] += w * x[j];
            }
            long[] e = q.encode(x, w, prg(random));
            for (int j = 0; j <= d; j++) {
                sum[j] += e[j];
            }
        }
        // Execute
        float[] mean = q.weightedMean(sum);
        // Assert: deterministic bound 1/s for every coordinate; the spread matches the
        // stochastic bound (1/(2s))·√(Σw²)/Σw
        double step = p.quantizationStep();
        double sq = 0;
        for (int j = 0; j < d; j++) {
            double err = mean[j] - exact[j] / total;
            assertThat(Math.abs(err)).isLessThan(step + 1e-6);
            sq += err * err;
        }
        double rms = Math.sqrt(sq / d);
        assertThat(rms).isLessThan(1.2 * (step / 2) * Math.sqrt(sumSq) / total + 1e-7);
    }

    @Test
    void stochasticRoundingIsUnbiased() {
        // A value a third of the way between two levels rounds up a third of the time.
        SecAggParameters p = params(1.0, 4, 1); // 15 levels, step 2/15
        Quantizer q = new Quantizer(p);
        float x = (float) (-1 + (2.0 / 15) * (7 + 1.0 / 3));
        float[] v = new float[300_000];
        java.util.Arrays.fill(v, x);
        long[] e = q.encode(v, 1, prg(new Random(3)));
        long ups = java.util.Arrays.stream(e, 1, e.length).filter(k -> k == 8).count();
        long downs = java.util.Arrays.stream(e, 1, e.length).filter(k -> k == 7).count();
        assertThat(ups + downs).isEqualTo(v.length);
        assertThat(ups / (double) v.length).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(0.005));
        float[] mean = q.weightedMean(e);
        double avg = 0;
        for (float m : mean) {
            avg += m;
        }
        assertThat(avg / mean.length).isCloseTo(x, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void nonFiniteValuesAndZeroWeightsAreRefused() {
        Quantizer q = new Quantizer(params(1, 8, 10));
        assertThatThrownBy(() -> q.encode(new float[] {0, Float.NaN}, 1, prg(new Random(1))))
                .hasMessageContaining("coordinate 1");
        assertThatThrownBy(() -> q.encode(new float[] {0}, 0, prg(new Random(1))))
                .hasMessageContaining("weight");
    }

    private static SecAggParameters params(double r, int bits, long maxWeight) {
        return new SecAggParameters(new Threshold.Majority(), new Neighbourhood.Complete(), r, bits, maxWeight);
    }

    private static AesCtrPrg prg(Random random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new AesCtrPrg(key);
    }
}
