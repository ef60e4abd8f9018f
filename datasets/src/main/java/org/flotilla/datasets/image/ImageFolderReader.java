package org.flotilla.datasets.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;

/**
 * Reads a folder with one sub-folder per class ({@code root/cat/001.png}, {@code root/dog/a.jpg})
 * into a {@link LabeledDataset} of shape {@code [channels, height, width]} with pixels scaled to
 * [0, 1]. The class index of a sub-folder is its position among the sorted sub-folder names, the
 * same rule as DataVec's {@code ParentPathLabelGenerator} with sorted labels, so every client that
 * has the same class folders numbers them alike. Images are the files directly inside a class
 * folder with an extension the JDK's {@code javax.imageio} reads (png, jpg/jpeg, bmp, gif, tif/tiff,
 * wbmp), in name order; other files and hidden folders are ignored. Decoding needs no native
 * library ({@link ImageDecoder}).
 */
public final class ImageFolderReader {

    private static final float PIXEL_SCALE = 255f;
    private static final Set<String> FORMATS = ImageDecoder.formats();

    private ImageFolderReader() {
    }

    /** Whether {@code dir} looks like an image folder: a class sub-folder holding an image. */
    public static boolean looksLikeImageFolder(Path dir) {
        try {
            for (Path classDir : classFolders(dir)) {
                if (!images(classDir).isEmpty()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sorted class names, i.e. the sub-folder names; index = label. */
    public static List<String> classNames(Path root) {
        try {
            return classFolders(root).stream().map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new DataException(root + ": cannot list the class folders (" + e + ")", e);
        }
    }

    /**
     * Reads every image under {@code root}.
     *
     * @throws DataException if there are no class folders or images, or an image cannot be decoded
     */
    public static LabeledDataset read(Path root, ImageOptions options) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + " is not a folder; an image data set is a folder with one sub-folder per class");
        }
        List<Path> classDirs;
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try {
            classDirs = classFolders(root);
            for (int label = 0; label < classDirs.size(); label++) {
                for (Path image : images(classDirs.get(label))) {
                    files.add(image);
                    labels.add(label);
                }
            }
        } catch (IOException e) {
            throw new DataException(root + ": cannot list the images (" + e + ")", e);
        }
        if (files.isEmpty()) {
            throw new DataException(root + " has no images in class sub-folders; put each class's images (png, jpg, …)"
                    + " in a sub-folder named after the class, e.g. " + root.resolve("cat").resolve("001.png"));
        }
        int featureCount = options.channels() * options.height() * options.width();
        float[] features = new float[Math.multiplyExact(files.size(), featureCount)];
        ImageDecoder decoder = new ImageDecoder(options);
        for (int i = 0; i < files.size(); i++) {
            float[] pixels = decode(decoder, files.get(i), featureCount);
            for (int j = 0; j < featureCount; j++) {
                features[i * featureCount + j] = pixels[j] / PIXEL_SCALE;
            }
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new LabeledDataset(features, labelArray, options.exampleShape(), classDirs.size());
    }

    private static float[] decode(ImageDecoder decoder, Path file, int featureCount) {
        float[] pixels;
        try {
            pixels = decoder.decode(file);
        } catch (IOException | RuntimeException e) {
            throw new DataException(file + ": cannot decode the image (" + e.getMessage()
                    + "); remove it or replace it with a valid image", e);
        }
        if (pixels.length != featureCount) {
            throw new DataException(file + ": decoded " + pixels.length + " values, expected " + featureCount);
        }
        return pixels;
    }

    private static List<Path> classFolders(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<Path> images(Path classDir) throws IOException {
        Set<String> formats = FORMATS;
        try (Stream<Path> children = Files.list(classDir)) {
            return children.filter(Files::isRegularFile)
                    .filter(p -> formats.contains(extension(p)))
                    .sorted()
                    .toList();
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
