package org.flotilla.coordinator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import org.flotilla.datasets.LabeledDataset;

/**
 * Small generated data for tests: {@value #CLASSES} Gaussian blobs in {@value #FEATURES}
 * dimensions around fixed centres, so a logistic regression (27 parameters) learns it in a few
 * local steps and every client's data follows the same labelling.
 */
public final class Blobs {

    public static final int FEATURES = 8;
    public static final int CLASSES = 3;
    private static final float[][] CENTRES = centres();

    private Blobs() {
    }

    /** {@code n} examples drawn with {@code seed}. */
    public static LabeledDataset sample(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] features = new float[n * FEATURES];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = label;
            for (int j = 0; j < FEATURES; j++) {
                features[i * FEATURES + j] = CENTRES[label][j] + (float) random.nextGaussian();
            }
        }
        return new LabeledDataset(features, labels, new int[] {FEATURES}, CLASSES);
    }

    /** Writes {@code data} as CSV, label last, so the coordinator can read it as an evaluation set. */
    public static Path writeCsv(LabeledDataset data, Path file) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < FEATURES; j++) {
                sb.append(String.format(Locale.ROOT, "%.5f,", data.features()[i * FEATURES + j]));
            }
            sb.append(data.label(i)).append('\n');
        }
        try {
            return Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[][] centres() {
        SplittableRandom random = new SplittableRandom(7);
        float[][] c = new float[CLASSES][FEATURES];
        for (int k = 0; k < CLASSES; k++) {
            for (int j = 0; j < FEATURES; j++) {
                c[k][j] = (float) (2.0 * random.nextGaussian());
            }
        }
        return c;
    }
}
