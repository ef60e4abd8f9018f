package org.flotilla.edge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;

/** Small learnable data and plans for tests. */
public final class TestData {

    private TestData() {
    }

    /**
     * Gaussian blobs: each class has a random prototype in [0.2, 0.8]^features, examples add noise
     * and are quantised to k/255 (so each example is also a row of bytes, like an image).
     */
    public static LabeledDataset blobs(int n, int features, int classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] prototypes = new float[classes][features];
        for (float[] p : prototypes) {
            for (int j = 0; j < features; j++) {
                p[j] = (float) (0.2 + 0.6 * rnd.nextDouble());
            }
        }
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(classes);
            for (int j = 0; j < features; j++) {
                double v = prototypes[y[i]][j] + 0.25 * gaussian(rnd);
                x[i * features + j] = Math.round(Math.clamp(v, 0.0, 1.0) * 255) / 255f;
            }
        }
        return new LabeledDataset(x, y, new int[] {features}, classes);
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** A small MLP plan (one hidden layer of 32) for {@code features} inputs. */
    public static TrainingPlan mlpPlan(int features, int classes, int epochs, int batchSize, Map<String, Double> settings) {
        return TrainingPlans.builtIn("mlp", Map.of("hidden", List.of(32)), new int[] {features}, classes, epochs,
                batchSize, new Optimizer("sgd", 0.1, 0), 7, settings);
    }

    /** Writes {@code data} as a CSV file (features then the label, no header). */
    public static Path writeCsv(LabeledDataset data, Path file) {
        StringBuilder sb = new StringBuilder();
        int f = data.featureCount();
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < f; j++) {
                sb.append(String.format(Locale.ROOT, "%.6f", data.features()[i * f + j])).append(',');
            }
            sb.append(data.label(i)).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
