package org.flotilla.examples.fmnist;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.idx.IdxArray;
import org.flotilla.datasets.idx.IdxWriter;

/**
 * Generated 28×28 grey images that an MLP learns in a round: class k has a bright 5×5 block at one
 * of ten places (7 pixels apart, so a shift of ±2 keeps the classes apart) over noise.
 */
final class SyntheticImages {

    private SyntheticImages() {
    }

    static LabeledDataset generate(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(10);
            y[i] = k;
            for (int p = 0; p < 784; p++) {
                x[i * 784 + p] = Math.round(rnd.nextDouble() * 0.3 * 255) / 255f;
            }
            int top = 2 + 7 * (k / 3);
            int left = 2 + 9 * (k % 3);
            for (int r = top; r < top + 5; r++) {
                for (int c = left; c < left + 5; c++) {
                    x[i * 784 + r * 28 + c] = 1f;
                }
            }
        }
        return new LabeledDataset(x, y, new int[] {1, 28, 28}, 10);
    }

    /** Writes an MNIST-layout IDX folder: {@code train} and {@code test} examples. */
    static Path writeIdxFolder(Path dir, int train, int test, long seed) {
        write(dir, "train", generate(train, seed));
        write(dir, "t10k", generate(test, seed + 1));
        return dir;
    }

    private static void write(Path dir, String part, LabeledDataset d) {
        byte[] pixels = new byte[d.features().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(d.features()[i] * 255);
        }
        byte[] labels = new byte[d.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) d.label(i);
        }
        IdxWriter.write(dir.resolve(part + "-images-idx3-ubyte.gz"), IdxArray.ofUbytes(new int[] {d.size(), 28, 28}, pixels), true);
        IdxWriter.write(dir.resolve(part + "-labels-idx1-ubyte.gz"), IdxArray.ofUbytes(new int[] {d.size()}, labels), true);
    }
}
