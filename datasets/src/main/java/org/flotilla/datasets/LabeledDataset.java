package org.flotilla.datasets;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A labelled data set held in memory: {@code size()} examples, each a row of
 * {@code featureCount()} values in {@link #featureStore()} (row-major), with an integer class label
 * in {@code [0, numClasses)}. {@link #exampleShape()} says how a row is laid out, e.g.
 * {@code [1, 28, 28]} (channels × height × width) for a grey image or {@code [60]} for a vector.
 *
 * <p>Values are stored as floats or, for images read from bytes, as bytes with a divisor
 * ({@link Features}); readers always see floats, through {@link #copyFeatures}, which is what the
 * training and evaluation batches use. Fashion-MNIST's training set is 47 MB as bytes and would be
 * 188 MB as floats.
 *
 * <p>The arrays are not copied on construction and are returned as they are, because the training
 * loop reads them many times. The data set owns them: callers must treat them as read-only.
 */
public final class LabeledDataset {

    private final Features features;
    private final int[] labels;
    private final int[] exampleShape;
    private final int numClasses;
    private final int featureCount;

    /**
     * Creates a data set of float features, taking ownership of {@code features} and {@code labels}.
     *
     * @throws IllegalArgumentException if the lengths disagree with the shape, the shape has a
     *     non-positive dimension or a label is outside {@code [0, numClasses)}
     */
    public LabeledDataset(float[] features, int[] labels, int[] exampleShape, int numClasses) {
        this(features == null ? null : Features.ofFloats(features), labels, exampleShape, numClasses);
    }

    /**
     * Creates a data set over a feature store ({@link Features#ofFloats}, {@link Features#ofUbytes}),
     * taking ownership of it and of {@code labels}.
     *
     * @throws IllegalArgumentException if the lengths disagree with the shape, the shape has a
     *     non-positive dimension or a label is outside {@code [0, numClasses)}
     */
    public LabeledDataset(Features features, int[] labels, int[] exampleShape, int numClasses) {
        if (features == null || labels == null || exampleShape == null) {
            throw new IllegalArgumentException("features, labels and exampleShape must not be null");
        }
        if (exampleShape.length == 0) {
            throw new IllegalArgumentException("exampleShape must have at least one dimension");
        }
        long count = 1;
        for (int d : exampleShape) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        "exampleShape " + Arrays.toString(exampleShape) + " has a non-positive dimension");
            }
            count *= d;
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, was " + numClasses);
        }
        if ((long) labels.length * count != features.length()) {
            throw new IllegalArgumentException("features has " + features.length() + " values but "
                    + labels.length + " examples of shape " + Arrays.toString(exampleShape)
                    + " need " + labels.length * count);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        this.features = features;
        this.labels = labels;
        this.exampleShape = exampleShape.clone();
        this.numClasses = numClasses;
        this.featureCount = (int) count;
    }

    /**
     * Row-major features as floats, {@code size() × featureCount()} values; read-only by contract.
     * For float storage this is the stored array itself; for byte storage it is a new array of 4
     * bytes per value on every call, so code that reads examples repeatedly should use
     * {@link #copyFeatures} instead.
     */
    public float[] features() {
        return features.toFloats();
    }

    /** How the features are stored (floats, or bytes with a divisor); read-only by contract. */
    public Features featureStore() {
        return features;
    }

    /** One label per example, each in {@code [0, numClasses)}; read-only by contract. */
    public int[] labels() {
        return labels;
    }

    /** Layout of one example, e.g. {@code [1, 28, 28]}; a copy. */
    public int[] exampleShape() {
        return exampleShape.clone();
    }

    /** Number of classes (labels are {@code 0..numClasses-1}), whether or not all occur. */
    public int numClasses() {
        return numClasses;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Number of floats per example, the product of {@link #exampleShape()}. */
    public int featureCount() {
        return featureCount;
    }

    /** Label of example {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    /** Copies the features of example {@code index}, as floats, into {@code target} at {@code offset}. */
    public void copyFeatures(int index, float[] target, int offset) {
        features.copyTo(index * featureCount, target, offset, featureCount);
    }

    /**
     * A new data set holding copies of the given examples, in the given order, stored as this one
     * is (bytes stay bytes).
     */
    public LabeledDataset subset(int[] indices) {
        int[] subLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (index < 0 || index >= labels.length) {
                throw new IndexOutOfBoundsException("example " + index + " of a data set of " + labels.length);
            }
            subLabels[i] = labels[index];
        }
        return new LabeledDataset(features.gather(indices, featureCount), subLabels, exampleShape, numClasses);
    }

    /**
     * The same examples with another number of classes (e.g. a plan's, wider than the labels seen),
     * sharing this data set's arrays.
     *
     * @throws IllegalArgumentException if a label is outside {@code [0, classes)}
     */
    public LabeledDataset withNumClasses(int classes) {
        return classes == numClasses ? this : new LabeledDataset(features, labels, exampleShape, classes);
    }

    /** Count of examples per class, {@code numClasses} entries. */
    public int[] labelHistogram() {
        int[] histogram = new int[numClasses];
        for (int label : labels) {
            histogram[label]++;
        }
        return histogram;
    }

    /**
     * Splits off a random held-out part, reproducibly for a seed: {@code round(size × fraction)}
     * examples, but never all of them (at least one stays for training). Both parts keep the
     * original order of their examples.
     *
     * @param fraction in {@code [0, 1)}; 0 gives an empty held-out part
     */
    public Split splitHeldOut(double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), was " + fraction);
        }
        int n = size();
        int heldOut = (int) Math.min(Math.round(n * fraction), Math.max(0, n - 1));
        int[] order = Permutations.random(n, new SplittableRandom(seed));
        boolean[] isHeldOut = new boolean[n];
        for (int i = 0; i < heldOut; i++) {
            isHeldOut[order[i]] = true;
        }
        int[] trainIdx = new int[n - heldOut];
        int[] heldOutIdx = new int[heldOut];
        int t = 0;
        int h = 0;
        for (int i = 0; i < n; i++) {
            if (isHeldOut[i]) {
                heldOutIdx[h++] = i;
            } else {
                trainIdx[t++] = i;
            }
        }
        return new Split(subset(trainIdx), subset(heldOutIdx));
    }

    @Override
    public String toString() {
        return "LabeledDataset[" + size() + " examples of shape " + Arrays.toString(exampleShape)
                + ", " + numClasses + " classes]";
    }

    /** A data set divided into a training part and a held-out part. */
    public record Split(LabeledDataset train, LabeledDataset heldOut) {

        /** Validates that both parts are present. */
        public Split {
            if (train == null || heldOut == null) {
                throw new IllegalArgumentException("train and heldOut must not be null");
            }
        }
    }
}
