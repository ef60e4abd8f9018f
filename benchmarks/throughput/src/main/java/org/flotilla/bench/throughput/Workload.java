package org.flotilla.bench.throughput;

import java.util.Random;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.mnist.FashionMnist;

/**
 * The benchmark's data: Fashion-MNIST if installed, else random data of the same shape (so the
 * speed can still be measured; accuracy is then meaningless and reported as such).
 */
record Workload(LabeledDataset train, LabeledDataset test, String source) {

    static Workload load() {
        try {
            var dir = FashionMnist.locate(null);
            return new Workload(FashionMnist.loadTrain(dir), FashionMnist.loadTest(dir), "fashion-mnist:" + dir);
        } catch (DataException e) {
            System.err.println("throughput-bench: Fashion-MNIST not found (" + e.getMessage().lines().findFirst().orElse("")
                    + "); using random data of the same shape, accuracy figures are meaningless");
            return new Workload(random(60_000, 1), random(10_000, 2), "random-28x28");
        }
    }

    private static LabeledDataset random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        return new LabeledDataset(x, y, new int[] {1, 28, 28}, 10);
    }
}
