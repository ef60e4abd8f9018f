package org.flotilla.datasets.mnist;

import java.nio.file.Path;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, "Fashion-MNIST: a Novel Image Dataset for
 * Benchmarking Machine Learning Algorithms", arXiv:1708.07747): 60 000 training and 10 000 test
 * grey 28×28 images in 10 classes, read from the four standard IDX files.
 */
public final class FashionMnist {

    private FashionMnist() {
    }

    /**
     * Finds the Fashion-MNIST folder: {@code explicitOrNull}, then {@code $FLOTILLA_DATA} (the
     * folder or a parent holding {@code fashion-mnist/}), then {@code /usr/share/datasets/fashion-mnist}
     * (Debian package {@code dataset-fashion-mnist}).
     *
     * @throws DataException saying how to install the data set if it is nowhere
     */
    public static Path locate(Path explicitOrNull) {
        return MnistVariant.FASHION_MNIST.locate(explicitOrNull);
    }

    /** The training set: 60 000 examples of shape {@code [1, 28, 28]}, pixels in [0, 1], 10 classes. */
    public static LabeledDataset loadTrain(Path dir) {
        return MnistVariant.FASHION_MNIST.loadTrain(dir);
    }

    /** The test set: 10 000 examples of shape {@code [1, 28, 28]}, pixels in [0, 1], 10 classes. */
    public static LabeledDataset loadTest(Path dir) {
        return MnistVariant.FASHION_MNIST.loadTest(dir);
    }
}
