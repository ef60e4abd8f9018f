package org.flotilla.datasets.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.mnist.MnistLayout.Part;

/**
 * The members of the MNIST family Flotilla knows by name: where they are usually installed, how to
 * install them, and their class names. {@link FashionMnist} and {@link Mnist} are the short forms.
 */
public enum MnistVariant {

    /**
     * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv:1708.07747): 70 000 grey 28×28 images
     * of clothing in 10 classes.
     */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST", "/usr/share/datasets/fashion-mnist",
            "install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or download"
                    + " train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
                    + " t10k-labels-idx1-ubyte.gz from https://github.com/zalandoresearch/fashion-mnist into a folder"
                    + " and set FLOTILLA_DATA to that folder (or to its parent, naming the folder fashion-mnist)",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot")),

    /** MNIST (LeCun et al. 1998): 70 000 grey 28×28 images of handwritten digits in 10 classes. */
    MNIST("mnist", "MNIST", "/usr/share/datasets/mnist",
            "download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
                    + " t10k-labels-idx1-ubyte.gz (the MNIST database, e.g. from"
                    + " https://ossci-datasets.s3.amazonaws.com/mnist/) into a folder and set FLOTILLA_DATA to that"
                    + " folder (or to its parent, naming the folder mnist)",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    /** Environment variable naming the data folder, or a parent of per-data-set folders. */
    public static final String ENV = "FLOTILLA_DATA";

    private final String id;
    private final String displayName;
    private final Path systemDir;
    private final String installHint;
    private final List<String> classNames;

    MnistVariant(String id, String displayName, String systemDir, String installHint, List<String> classNames) {
        this.id = id;
        this.displayName = displayName;
        this.systemDir = Path.of(systemDir);
        this.installHint = installHint;
        this.classNames = classNames;
    }

    /** Short name used on command lines and in {@code client.json}, e.g. {@code fashion-mnist}. */
    public String id() {
        return id;
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes (10). */
    public int numClasses() {
        return classNames.size();
    }

    /** The variant with this {@link #id()}, ignoring case. */
    public static Optional<MnistVariant> byId(String id) {
        for (MnistVariant variant : values()) {
            if (variant.id.equalsIgnoreCase(id.trim())) {
                return Optional.of(variant);
            }
        }
        return Optional.empty();
    }

    /**
     * Finds the folder holding the four files: {@code explicitOrNull} if given (or its sub-folder
     * named {@link #id()}), else {@code $FLOTILLA_DATA} (the folder itself or its sub-folder named
     * {@link #id()}), else the Debian package's folder under {@code /usr/share/datasets}.
     *
     * @throws DataException saying how to install the data set if none of these holds it
     */
    public Path locate(Path explicitOrNull) {
        return locate(explicitOrNull, System.getenv(), systemDir);
    }

    /** {@link #locate(Path)} with the environment and the system folder given, for tests. */
    Path locate(Path explicitOrNull, Map<String, String> env, Path systemFolder) {
        if (explicitOrNull != null) {
            return complete(explicitOrNull).orElseThrow(() -> new DataException(explicitOrNull
                    + " does not hold " + displayName + " (missing " + String.join(", ", MnistLayout.missing(
                            Files.isDirectory(explicitOrNull.resolve(id)) ? explicitOrNull.resolve(id) : explicitOrNull))
                    + "); " + installHint));
        }
        List<String> looked = new ArrayList<>();
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Optional<Path> found = complete(Path.of(fromEnv.trim()));
            if (found.isPresent()) {
                return found.get();
            }
            looked.add(ENV + "=" + fromEnv.trim() + " and its sub-folder " + id);
        } else {
            looked.add(ENV + " (not set)");
        }
        if (MnistLayout.missing(systemFolder).isEmpty()) {
            return systemFolder;
        }
        looked.add(systemFolder.toString());
        throw new DataException(displayName + " not found (looked in " + String.join(", ", looked) + "); "
                + installHint);
    }

    /** Loads the training set (60 000 examples of shape {@code [1, 28, 28]}, pixels in [0, 1]). */
    public LabeledDataset loadTrain(Path dir) {
        return MnistLayout.load(dir, Part.TRAIN, numClasses());
    }

    /** Loads the test set (10 000 examples of shape {@code [1, 28, 28]}, pixels in [0, 1]). */
    public LabeledDataset loadTest(Path dir) {
        return MnistLayout.load(dir, Part.TEST, numClasses());
    }

    private Optional<Path> complete(Path dir) {
        if (Files.isDirectory(dir) && MnistLayout.missing(dir).isEmpty()) {
            return Optional.of(dir);
        }
        Path child = dir.resolve(id);
        if (Files.isDirectory(child) && MnistLayout.missing(child).isEmpty()) {
            return Optional.of(child);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
