package org.flotilla.datasets.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.Features;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.idx.IdxArray;
import org.flotilla.datasets.idx.IdxReader;
import org.flotilla.datasets.idx.IdxType;

/**
 * The standard file names of an MNIST-style folder ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each optionally ending in {@code .gz}) and loading one part of it.
 */
public final class MnistLayout {

    /** Images are stored as bytes 0..255 and scaled to [0, 1] by this divisor. */
    public static final float PIXEL_SCALE = 255f;

    /** The two halves of an MNIST-style folder. */
    public enum Part {
        /** The training set ({@code train-*}). */
        TRAIN("train"),
        /** The test set ({@code t10k-*}). */
        TEST("t10k");

        private final String prefix;

        Part(String prefix) {
            this.prefix = prefix;
        }

        /** Standard name of the image file, without {@code .gz}. */
        public String imagesName() {
            return prefix + "-images-idx3-ubyte";
        }

        /** Standard name of the label file, without {@code .gz}. */
        public String labelsName() {
            return prefix + "-labels-idx1-ubyte";
        }
    }

    private MnistLayout() {
    }

    /** Whether {@code dir} holds both files of {@code part}. */
    public static boolean has(Path dir, Part part) {
        return find(dir, part.imagesName()).isPresent() && find(dir, part.labelsName()).isPresent();
    }

    /** The standard names (without {@code .gz}) of the four files that {@code dir} lacks. */
    public static List<String> missing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (Part part : Part.values()) {
            for (String name : List.of(part.imagesName(), part.labelsName())) {
                if (find(dir, name).isEmpty()) {
                    missing.add(name);
                }
            }
        }
        return missing;
    }

    /**
     * Loads one part of an MNIST-style folder: images {@code [n, h, w]} ubyte become examples of
     * shape {@code [1, h, w]} scaled to [0, 1], kept as bytes ({@link Features#ofUbytes} with
     * {@link #PIXEL_SCALE}; they read as the floats of {@link #scale}).
     *
     * @param numClasses the number of classes, or 0 to use the largest label + 1
     * @throws DataException if a file is missing or malformed, or images and labels disagree
     */
    public static LabeledDataset load(Path dir, Part part, int numClasses) {
        Path imagesFile = require(dir, part.imagesName());
        Path labelsFile = require(dir, part.labelsName());
        IdxArray images = IdxReader.read(imagesFile);
        IdxArray labelArray = IdxReader.read(labelsFile);
        int[] dims = images.dims();
        if (images.type() != IdxType.UBYTE || dims.length != 3) {
            throw new DataException(imagesFile + ": expected unsigned-byte images of shape n x height x width, found "
                    + images + "; is this an image file?");
        }
        if (labelArray.type() != IdxType.UBYTE || labelArray.dims().length != 1) {
            throw new DataException(labelsFile + ": expected a one-dimensional unsigned-byte label file, found "
                    + labelArray + "; is this a label file?");
        }
        int[] labels = labelArray.toInts();
        if (labels.length != dims[0]) {
            throw new DataException(labelsFile + " has " + labels.length + " labels but " + imagesFile.getFileName()
                    + " has " + dims[0] + " images; the two files must come from the same download");
        }
        int classes = numClasses > 0 ? numClasses : maxPlusOne(labels);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new DataException(labelsFile + ": label " + labels[i] + " of example " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        // The bytes themselves, read as byte / PIXEL_SCALE (the floats scale() gives), a quarter of their memory.
        return new LabeledDataset(Features.ofUbytes(images.payload(), PIXEL_SCALE), labels,
                new int[] {1, dims[1], dims[2]}, classes);
    }

    /** Bytes 0..255 as floats in [0, 1]. */
    public static float[] scale(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (pixels[i] & 0xFF) / PIXEL_SCALE;
        }
        return out;
    }

    private static Path require(Path dir, String name) {
        return find(dir, name).orElseThrow(() -> new DataException(
                dir + " has no " + name + " or " + name + ".gz; put the MNIST-style files there"));
    }

    /** Finds {@code name}, {@code name.gz} or the variant with a dot ({@code train-images.idx3-ubyte}). */
    static Optional<Path> find(Path dir, String name) {
        String dotted = name.replaceFirst("-(idx\\d)", ".$1");
        for (String candidate : List.of(name, name + ".gz", dotted, dotted + ".gz")) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static int maxPlusOne(int[] labels) {
        int max = 0;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max + 1;
    }
}
