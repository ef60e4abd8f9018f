package org.flotilla.secagg.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.server.AggregationResult;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.RoundSetup;
import org.junit.jupiter.api.Test;

/**
 * What the server receives is statistically unrelated to the true updates: on the MLP's
 * 199,210 coordinates, the Pearson correlation between each client's masked vector and its
 * update is below 0.01 in absolute value (under independence its standard deviation is
 * 1/√d ≈ 0.0022), while the unmasked result matches the plain weighted mean within the
 * quantization bound.
 */
class PrivacyTest {

    private static final int D = 199_210;

    @Test
    void maskedVectorsAreUncorrelatedWithTheUpdatesYetTheSumIsExact() {
        // Prepare: 10 clients in a 4-regular graph, updates with a strong common structure
        // (a shared direction plus noise) so that an unmasked vector would correlate strongly
        Random random = new Random(42);
        float[] direction = new float[D];
        for (int j = 0; j < D; j++) {
            direction[j] = (float) (random.nextGaussian() * 0.05);
        }
        List<LocalRound.Participant> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            float[] u = new float[D];
            for (int j = 0; j < D; j++) {
                u[j] = direction[j] + (float) (random.nextGaussian() * 0.01);
            }
            clients.add(new LocalRound.Participant("client-" + i, u, 500 + 100L * i,
                    i == 9 ? DropOut.AFTER_SHARES : DropOut.NEVER));
        }
        SecAggParameters p = new SecAggParameters(new Threshold.Majority(), new Neighbourhood.Regular(4), 1.0, 16, 65_536);
        // Execute
        LocalRound.Report report = LocalRound.run(new RoundSetup("job-9/round-1", p, D), clients, new SecureRandom(), true);
        // Assert: every masked vector the server saw is uncorrelated with its client's update
        assertThat(report.maskedInputs()).hasSize(9);
        for (MaskedInput m : report.maskedInputs()) {
            float[] truth = clients.get(Integer.parseInt(m.clientId().substring("client-".length()))).update();
            double r = correlation(m.vector(), truth);
            assertThat(Math.abs(r)).as("correlation of %s's masked vector with its update", m.clientId()).isLessThan(0.01);
            // and it is not the common direction either (what a sum of few clients would leak)
            assertThat(Math.abs(correlation(m.vector(), direction))).isLessThan(0.01);
        }
        // ... while the unmasked result is the survivors' weighted mean within 2r/(2^16 − 1)
        AggregationResult.Aggregated a = (AggregationResult.Aggregated) report.result();
        double step = p.quantizationStep();
        long total = 0;
        double[] expected = new double[D];
        for (LocalRound.Participant c : clients.subList(0, 9)) {
            total += c.examples();
            for (int j = 0; j < D; j++) {
                expected[j] += c.examples() * (double) c.update()[j];
            }
        }
        assertThat(a.totalWeight()).isEqualTo(total);
        double maxErr = 0;
        for (int j = 0; j < D; j++) {
            maxErr = Math.max(maxErr, Math.abs(a.weightedMean()[j] - expected[j] / total));
        }
        assertThat(maxErr).isLessThan(step + 1e-7);
        // The sanity check that the test can see a relation: an unmasked update correlates with the direction.
        assertThat(correlation(toLongs(clients.get(0).update()), direction)).isGreaterThan(0.9);
    }

    private static long[] toLongs(float[] f) {
        long[] out = new long[f.length + 1];
        for (int j = 0; j < f.length; j++) {
            out[j + 1] = Math.round(f[j] * 1e6);
        }
        return out;
    }

    /** Pearson correlation of v[1..] (the coordinates, after the weight) with x. */
    private static double correlation(long[] v, float[] x) {
        int n = x.length;
        double mv = 0;
        double mx = 0;
        for (int j = 0; j < n; j++) {
            mv += v[j + 1];
            mx += x[j];
        }
        mv /= n;
        mx /= n;
        double cov = 0;
        double vv = 0;
        double vx = 0;
        for (int j = 0; j < n; j++) {
            double a = v[j + 1] - mv;
            double b = x[j] - mx;
            cov += a * b;
            vv += a * a;
            vx += b * b;
        }
        return cov / Math.sqrt(vv * vx);
    }
}
