package org.flotilla.datasets.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.Features;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.UbyteFeatures;
import org.flotilla.datasets.idx.IdxArray;
import org.flotilla.datasets.idx.IdxReader;
import org.flotilla.datasets.idx.IdxType;
import org.flotilla.datasets.idx.IdxWriter;

/**
 * Writes and reads one client's data folder: {@value #MANIFEST} plus four gzip IDX files. Feature
 * files have dimensions {@code [n, exampleShape...]}; label files {@code [n]} (ubyte, or int32 for
 * more than 256 classes). Every file is written under a temporary name and renamed into place.
 */
public final class ClientFolder {

    /** Manifest file name. */
    public static final String MANIFEST = "client.json";
    /** Training features. */
    public static final String TRAIN_FEATURES = "train-features.idx.gz";
    /** Training labels. */
    public static final String TRAIN_LABELS = "train-labels.idx.gz";
    /** Held-out features. */
    public static final String HELDOUT_FEATURES = "heldout-features.idx.gz";
    /** Held-out labels. */
    public static final String HELDOUT_LABELS = "heldout-labels.idx.gz";

    private ClientFolder() {
    }

    /** A client folder's manifest and data. */
    public record Contents(ClientManifest manifest, LabeledDataset train, LabeledDataset heldOut) {
    }

    /** Whether {@code dir} is a client folder (it holds {@value #MANIFEST}). */
    public static boolean isClientFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * Writes the four IDX files and the manifest into {@code dir} (created if needed). Features are
     * multiplied by {@code manifest.pixelScale()} and, for {@code ubyte}, rounded and clamped to
     * 0..255, which restores the original bytes of images loaded as {@code byte / 255}.
     */
    public static void write(Path dir, ClientManifest manifest, LabeledDataset train, LabeledDataset heldOut) {
        check(manifest, train, heldOut);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        writeIdx(dir.resolve(TRAIN_FEATURES), features(train, manifest));
        writeIdx(dir.resolve(TRAIN_LABELS), labels(train));
        writeIdx(dir.resolve(HELDOUT_FEATURES), features(heldOut, manifest));
        writeIdx(dir.resolve(HELDOUT_LABELS), labels(heldOut));
        AtomicFiles.writeString(dir.resolve(MANIFEST), Json.write(manifest));
    }

    /** Reads the manifest only. */
    public static ClientManifest readManifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new DataException(dir + " is not a client folder: it has no " + MANIFEST
                    + "; create client folders with the partition CLI (org.flotilla.datasets.cli.PartitionCli)");
        }
        return Json.read(file, ClientManifest.class);
    }

    /**
     * Reads a client folder and checks that files and manifest agree.
     *
     * @throws DataException if a file is missing, malformed or disagrees with {@value #MANIFEST}
     */
    public static Contents read(Path dir) {
        ClientManifest manifest = readManifest(dir);
        LabeledDataset train = readPart(dir, manifest, TRAIN_FEATURES, TRAIN_LABELS, manifest.trainExamples(),
                manifest.labels());
        LabeledDataset heldOut = readPart(dir, manifest, HELDOUT_FEATURES, HELDOUT_LABELS, manifest.heldOutExamples(),
                manifest.heldOutLabels());
        return new Contents(manifest, train, heldOut);
    }

    private static LabeledDataset readPart(Path dir, ClientManifest manifest, String featuresName, String labelsName,
            int expected, List<Integer> expectedHistogram) {
        Path featuresFile = dir.resolve(featuresName);
        Path labelsFile = dir.resolve(labelsName);
        IdxArray features = IdxReader.read(featuresFile);
        IdxArray labelArray = IdxReader.read(labelsFile);
        int[] shape = manifest.exampleShapeArray();
        int[] expectedDims = new int[shape.length + 1];
        expectedDims[0] = expected;
        System.arraycopy(shape, 0, expectedDims, 1, shape.length);
        IdxType expectedType = ClientManifest.UBYTE.equals(manifest.featureType()) ? IdxType.UBYTE : IdxType.FLOAT;
        if (features.type() != expectedType || !Arrays.equals(features.dims(), expectedDims)) {
            throw new DataException(featuresFile + ": holds " + features + " but " + MANIFEST + " says "
                    + expectedType + " " + Arrays.toString(expectedDims) + "; the folder is inconsistent, re-create it");
        }
        if (!labelArray.type().isInteger() || labelArray.dims().length != 1 || labelArray.dims()[0] != expected) {
            throw new DataException(labelsFile + ": holds " + labelArray + " but " + MANIFEST + " says " + expected
                    + " integer labels; the folder is inconsistent, re-create it");
        }
        int[] labels = labelArray.toInts();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= manifest.numClasses()) {
                throw new DataException(labelsFile + ": label " + labels[i] + " of example " + i + " is outside 0.."
                        + (manifest.numClasses() - 1));
            }
        }
        LabeledDataset part = new LabeledDataset(values(features, manifest.pixelScale()), labels, shape,
                manifest.numClasses());
        if (expectedHistogram != null
                && !Arrays.equals(part.labelHistogram(), expectedHistogram.stream().mapToInt(Integer::intValue).toArray())) {
            throw new DataException(labelsFile + ": label counts " + Arrays.toString(part.labelHistogram())
                    + " differ from " + MANIFEST + "'s " + expectedHistogram + "; the folder is inconsistent, re-create it");
        }
        return part;
    }

    /**
     * Stored values divided by the pixel scale: ubyte files stay bytes ({@link Features#ofUbytes}
     * reads {@code b / scale} in float arithmetic, as dividing the converted floats did), float
     * files become floats.
     */
    private static Features values(IdxArray features, int pixelScale) {
        if (features.type() == IdxType.UBYTE) {
            return Features.ofUbytes(features.payload(), pixelScale);
        }
        float[] values = features.toFloats();
        if (pixelScale != 1) {
            float scale = pixelScale;
            for (int i = 0; i < values.length; i++) {
                values[i] /= scale;
            }
        }
        return Features.ofFloats(values);
    }

    private static void check(ClientManifest manifest, LabeledDataset train, LabeledDataset heldOut) {
        for (LabeledDataset part : List.of(train, heldOut)) {
            if (!Arrays.equals(part.exampleShape(), manifest.exampleShapeArray()) || part.numClasses() != manifest.numClasses()) {
                throw new IllegalArgumentException("data of shape " + Arrays.toString(part.exampleShape()) + " with "
                        + part.numClasses() + " classes does not match the manifest");
            }
        }
        if (train.size() != manifest.trainExamples() || heldOut.size() != manifest.heldOutExamples()) {
            throw new IllegalArgumentException("the manifest's example counts do not match the data");
        }
    }

    private static IdxArray features(LabeledDataset data, ClientManifest manifest) {
        int[] shape = data.exampleShape();
        int[] dims = new int[shape.length + 1];
        dims[0] = data.size();
        System.arraycopy(shape, 0, dims, 1, shape.length);
        float scale = manifest.pixelScale();
        if (ClientManifest.UBYTE.equals(manifest.featureType()) && data.featureStore() instanceof UbyteFeatures u
                && u.divisor() == scale) {
            return IdxArray.ofUbytes(dims, u.bytes());   // the bytes that were read, exactly
        }
        float[] values = data.features();
        if (ClientManifest.UBYTE.equals(manifest.featureType())) {
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i] * scale)));
            }
            return IdxArray.ofUbytes(dims, bytes);
        }
        if (scale == 1) {
            return IdxArray.ofFloats(dims, values);
        }
        float[] scaled = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            scaled[i] = values[i] * scale;
        }
        return IdxArray.ofFloats(dims, scaled);
    }

    private static IdxArray labels(LabeledDataset data) {
        int[] dims = {data.size()};
        if (data.numClasses() <= 256) {
            byte[] bytes = new byte[data.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) data.label(i);
            }
            return IdxArray.ofUbytes(dims, bytes);
        }
        return IdxArray.ofInts(dims, data.labels());
    }

    private static void writeIdx(Path target, IdxArray array) {
        AtomicFiles.write(target, temp -> IdxWriter.write(temp, array, true));
    }
}
