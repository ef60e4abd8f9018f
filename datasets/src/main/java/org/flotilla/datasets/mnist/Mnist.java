package org.flotilla.datasets.mnist;

import java.nio.file.Path;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;

/**
 * MNIST (LeCun, Bottou, Bengio and Haffner 1998, "Gradient-based learning applied to document
 * recognition"): handwritten digits in the same four-file IDX layout as {@link FashionMnist}.
 */
public final class Mnist {

    private Mnist() {
    }

    /**
     * Finds the MNIST folder: {@code explicitOrNull}, then {@code $FLOTILLA_DATA} (the folder or a
     * parent holding {@code mnist/}), then {@code /usr/share/datasets/mnist}.
     *
     * @throws DataException saying where to get the files if they are nowhere
     */
    public static Path locate(Path explicitOrNull) {
        return MnistVariant.MNIST.locate(explicitOrNull);
    }

    /** The training set: 60 000 examples of shape {@code [1, 28, 28]}, pixels in [0, 1], 10 classes. */
    public static LabeledDataset loadTrain(Path dir) {
        return MnistVariant.MNIST.loadTrain(dir);
    }

    /** The test set: 10 000 examples of shape {@code [1, 28, 28]}, pixels in [0, 1], 10 classes. */
    public static LabeledDataset loadTest(Path dir) {
        return MnistVariant.MNIST.loadTest(dir);
    }
}
