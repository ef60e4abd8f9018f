package org.flotilla.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.folder.ClientFolder;
import org.flotilla.datasets.folder.ClientManifest;

/**
 * Small generated data for whole-system tests: overlapping Gaussian blobs, one per class, so a
 * model has to learn for a few rounds before it classifies well.
 */
final class BlobData {

    static final int FEATURES = 20;
    static final int CLASSES = 10;

    private final float[][] centres = new float[CLASSES][FEATURES];

    BlobData(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (float[] c : centres) {
            for (int j = 0; j < FEATURES; j++) {
                c[j] = (float) (r.nextGaussian() * 1.2);
            }
        }
    }

    LabeledDataset sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * FEATURES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(CLASSES);
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = centres[y[i]][j] + (float) r.nextGaussian();
            }
        }
        return new LabeledDataset(x, y, new int[]{FEATURES}, CLASSES);
    }

    /** Writes a client folder with {@code train} training and {@code heldOut} held-out examples. */
    Path writeClient(Path dir, String id, int train, int heldOut, long seed) {
        LabeledDataset t = sample(train, seed);
        LabeledDataset h = sample(heldOut, seed + 1_000_003);
        ClientManifest m = new ClientManifest(id, "blobs", List.of(FEATURES), CLASSES, train, heldOut,
                histogram(t), 1, histogram(h), ClientManifest.FLOAT32, "iid", seed, null, null, null);
        Path folder = dir.resolve(id);
        ClientFolder.write(folder, m, t, h);
        return folder;
    }

    private static List<Integer> histogram(LabeledDataset d) {
        return java.util.Arrays.stream(d.labelHistogram()).boxed().toList();
    }
}
