package org.flotilla.bench.edge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.Permutations;
import org.flotilla.datasets.mnist.FashionMnist;

/**
 * Fashion-MNIST (or, when it is not installed, generated data of the same shape); {@code test} is null
 * when it is to be read after training ({@link #testSet()}).
 */
record BenchData(LabeledDataset train, LabeledDataset test, String source) {

    static BenchData load(int trainExamples, long seed) {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        if (Files.isDirectory(dir)) {
            LabeledDataset all = FashionMnist.loadTrain(dir);
            int[] pick = Arrays.copyOf(Permutations.random(all.size(), new SplittableRandom(seed)), trainExamples);
            return new BenchData(all.subset(pick), FashionMnist.loadTest(dir), "Fashion-MNIST (" + dir + ")");
        }
        return new BenchData(generated(trainExamples, seed), generated(10_000, seed + 1),
                "generated 28x28 images (Fashion-MNIST not installed)");
    }

    /** The 10,000 Fashion-MNIST test images (or generated ones when it is not installed). */
    static LabeledDataset testSet() {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        return Files.isDirectory(dir) ? FashionMnist.loadTest(dir) : generated(10_000, 8);
    }

    /** Ten noisy class templates of 28x28 pixels. */
    private static LabeledDataset generated(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[][] templates = new float[10][784];
        for (float[] t : templates) {
            for (int i = 0; i < 784; i++) {
                t[i] = rnd.nextDouble() < 0.3 ? 1f : 0f;
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            y[k] = r.nextInt(10);
            for (int i = 0; i < 784; i++) {
                x[k * 784 + i] = (float) Math.clamp(templates[y[k]][i] * 0.7 + r.nextDouble() * 0.5, 0, 1);
            }
        }
        return new LabeledDataset(x, y, new int[] {1, 28, 28}, 10);
    }
}
