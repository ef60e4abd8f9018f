package org.flotilla.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.flotilla.datasets.csv.CsvOptions;
import org.flotilla.datasets.csv.CsvReader;
import org.flotilla.datasets.folder.ClientFolder;
import org.flotilla.datasets.folder.SummaryFile;
import org.flotilla.datasets.image.ImageFolderReader;
import org.flotilla.datasets.image.ImageOptions;
import org.flotilla.datasets.mnist.MnistLayout;
import org.flotilla.datasets.mnist.MnistVariant;

/**
 * One device's local data, opened from a single "data spec" string, the way the edge client and
 * the coordinator's evaluation name their data. A spec is, in the order tried:
 *
 * <ol>
 *   <li>a <b>client folder</b> written by the partition CLI (holds {@code client.json}): its own
 *       training and held-out splits;</li>
 *   <li>an <b>IDX folder</b> in the MNIST layout ({@code train-images-idx3-ubyte[.gz]} …): the
 *       {@code train-*} files, held out = the {@code t10k-*} files when present;</li>
 *   <li>an <b>image folder</b> with one sub-folder of images per class;</li>
 *   <li>a <b>{@code .csv} file</b>;</li>
 *   <li>the name {@code fashion-mnist} or {@code mnist} (when no such file exists): that data set,
 *       found as {@code FashionMnist.locate(null)} does.</li>
 * </ol>
 *
 * <p>A source without its own held-out split gets one carved off by {@link Options#seed()}, of
 * {@link Options#heldOutFraction()} of the examples (0.1 by default; 0 disables carving).
 */
public final class LocalData {

    /** What kind of source a spec named. */
    public enum Kind {
        /** A folder written by the partition CLI. */
        CLIENT_FOLDER,
        /** A folder of MNIST-style IDX files. */
        IDX_FOLDER,
        /** A folder with one sub-folder of images per class. */
        IMAGE_FOLDER,
        /** A CSV file. */
        CSV
    }

    private final Kind kind;
    private final Path source;
    private final LabeledDataset train;
    private final LabeledDataset heldOut;

    private LocalData(Kind kind, Path source, LabeledDataset train, LabeledDataset heldOut) {
        this.kind = kind;
        this.source = source;
        this.train = train;
        this.heldOut = heldOut != null && heldOut.size() > 0 ? heldOut : null;
    }

    /**
     * Opens a data spec.
     *
     * @throws DataException in one sentence saying what was wrong with the spec or its data
     */
    public static LocalData open(String spec, Options options) {
        if (spec == null || spec.isBlank()) {
            throw new DataException("no data given; name a client folder, a folder of IDX files, a .csv file or an"
                    + " image folder with one sub-folder per class");
        }
        Options opts = options == null ? Options.defaults() : options;
        Path path = Path.of(spec.trim());
        if (!Files.exists(path)) {
            Optional<MnistVariant> named = MnistVariant.byId(spec);
            if (named.isPresent()) {
                return openIdxFolder(named.get().locate(null), opts);
            }
            throw new DataException(path + " does not exist; name a client folder, a folder of IDX files, a .csv file"
                    + " or an image folder with one sub-folder per class");
        }
        if (Files.isRegularFile(path)) {
            if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                return carved(Kind.CSV, path, CsvReader.read(path, opts.csv()), opts);
            }
            throw new DataException(path + " is a file but not a .csv file; name a .csv file or a data folder");
        }
        if (ClientFolder.isClientFolder(path)) {
            ClientFolder.Contents contents = ClientFolder.read(path);
            return new LocalData(Kind.CLIENT_FOLDER, path, contents.train(), contents.heldOut());
        }
        if (Files.isRegularFile(path.resolve(SummaryFile.NAME))) {
            throw new DataException(path + " holds a whole partition (" + SummaryFile.NAME
                    + "); name one of its client folders, e.g. " + path.resolve("client-00"));
        }
        if (MnistLayout.has(path, MnistLayout.Part.TRAIN)) {
            return openIdxFolder(path, opts);
        }
        if (ImageFolderReader.looksLikeImageFolder(path)) {
            return carved(Kind.IMAGE_FOLDER, path, ImageFolderReader.read(path, opts.image()), opts);
        }
        throw new DataException(path + " holds no data Flotilla recognises; expected client.json (a client folder),"
                + " train-images-idx3-ubyte[.gz] with train-labels-idx1-ubyte[.gz] (an IDX folder), or one sub-folder"
                + " of images per class");
    }

    private static LocalData openIdxFolder(Path dir, Options opts) {
        LabeledDataset train = MnistLayout.load(dir, MnistLayout.Part.TRAIN, 0);
        if (!MnistLayout.has(dir, MnistLayout.Part.TEST)) {
            return carved(Kind.IDX_FOLDER, dir, train, opts);
        }
        LabeledDataset test = MnistLayout.load(dir, MnistLayout.Part.TEST, 0);
        int classes = Math.max(train.numClasses(), test.numClasses());
        return new LocalData(Kind.IDX_FOLDER, dir, train.withNumClasses(classes), test.withNumClasses(classes));
    }

    private static LocalData carved(Kind kind, Path source, LabeledDataset all, Options opts) {
        if (opts.heldOutFraction() == 0 || all.size() < 2) {
            return new LocalData(kind, source, all, null);
        }
        LabeledDataset.Split split = all.splitHeldOut(opts.heldOutFraction(), opts.seed());
        return new LocalData(kind, source, split.train(), split.heldOut());
    }

    /** The kind of source the spec named. */
    public Kind kind() {
        return kind;
    }

    /** The file or folder the data came from. */
    public Path source() {
        return source;
    }

    /** Data to train on. */
    public LabeledDataset train() {
        return train;
    }

    /** Data to evaluate on locally, if the source has (or was given) a non-empty held-out split. */
    public Optional<LabeledDataset> heldOut() {
        return Optional.ofNullable(heldOut);
    }

    @Override
    public String toString() {
        return kind + " " + source + ": train " + train + heldOut().map(h -> ", held out " + h).orElse("");
    }

    /**
     * How to open a spec.
     *
     * @param heldOutFraction fraction carved off as held-out for sources without one, in [0, 1)
     * @param seed seed of the carving
     * @param csv how to read CSV files
     * @param image how to read image folders
     */
    public record Options(double heldOutFraction, long seed, CsvOptions csv, ImageOptions image) {

        /** Default held-out fraction. */
        public static final double DEFAULT_HELD_OUT_FRACTION = 0.1;

        /** Validates the options and fills in defaults for null readers' options. */
        public Options {
            if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
                throw new IllegalArgumentException("held-out fraction must be in [0, 1), was " + heldOutFraction);
            }
            csv = csv == null ? CsvOptions.defaults() : csv;
            image = image == null ? ImageOptions.defaults() : image;
        }

        /** Held-out fraction 0.1, seed 42, default CSV and image options. */
        public static Options defaults() {
            return new Options(DEFAULT_HELD_OUT_FRACTION, 42, null, null);
        }

        /** These options with another held-out fraction. */
        public Options withHeldOutFraction(double fraction) {
            return new Options(fraction, seed, csv, image);
        }

        /** These options with another seed. */
        public Options withSeed(long value) {
            return new Options(heldOutFraction, value, csv, image);
        }

        /** These options with other CSV options. */
        public Options withCsv(CsvOptions value) {
            return new Options(heldOutFraction, seed, value, image);
        }

        /** These options with other image options. */
        public Options withImage(ImageOptions value) {
            return new Options(heldOutFraction, seed, csv, value);
        }
    }
}
