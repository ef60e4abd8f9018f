package org.flotilla.coordinator.support;

import java.util.List;

/** The FedAvg result computed by hand: {@code global + Σ n_k Δ_k / Σ n_k}. */
public final class FedAvgReference {

    private FedAvgReference() {
    }

    public static float[] apply(float[] global, List<TestEdgeClient.Trained> updates) {
        double[] sum = new double[global.length];
        double total = 0;
        for (TestEdgeClient.Trained t : updates) {
            long n = t.metrics().examples();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += n * (double) t.delta()[i];
            }
            total += n;
        }
        float[] out = new float[global.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (global[i] + sum[i] / total);
        }
        return out;
    }
}
