package org.flotilla.datasets;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.flotilla.datasets.idx.IdxArray;
import org.flotilla.datasets.idx.IdxWriter;

/** Small generated data for tests; never the real data sets. */
public final class TestData {

    private TestData() {
    }

    /** Pixel {@code p} of image {@code i}: a pattern that covers 0..255. */
    public static int pixel(int image, int p) {
        return (image * 31 + p * 7) % 256;
    }

    /** Label of image {@code i}. */
    public static int label(int image) {
        return (image * 3) % 10;
    }

    /**
     * Writes an MNIST-style folder: {@code trainN} and {@code testN} 28×28 images with labels
     * {@link #label(int)}, gzip or plain.
     */
    public static Path writeMnistFolder(Path dir, int trainN, int testN, boolean gzip) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        writeImages(dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : "")), trainN, 28, gzip);
        writeLabels(dir.resolve("train-labels-idx1-ubyte" + (gzip ? ".gz" : "")), trainN, gzip);
        writeImages(dir.resolve("t10k-images-idx3-ubyte" + (gzip ? ".gz" : "")), testN, 28, gzip);
        writeLabels(dir.resolve("t10k-labels-idx1-ubyte" + (gzip ? ".gz" : "")), testN, gzip);
        return dir;
    }

    /** Writes {@code n} square images of side {@code side}. */
    public static void writeImages(Path file, int n, int side, boolean gzip) {
        byte[] pixels = new byte[n * side * side];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < side * side; p++) {
                pixels[i * side * side + p] = (byte) pixel(i, p);
            }
        }
        IdxWriter.write(file, IdxArray.ofUbytes(new int[] {n, side, side}, pixels), gzip);
    }

    /** Writes {@code n} labels {@link #label(int)}. */
    public static void writeLabels(Path file, int n, boolean gzip) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) label(i);
        }
        IdxWriter.write(file, IdxArray.ofUbytes(new int[] {n}, labels), gzip);
    }

    /**
     * {@code n} examples of one feature each whose value is the example's index, so a batch shows
     * which examples it holds; label = index mod {@code classes}.
     */
    public static LabeledDataset indexed(int n, int classes) {
        float[] features = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            features[i] = i;
            labels[i] = i % classes;
        }
        return new LabeledDataset(features, labels, new int[] {1}, classes);
    }

    /** Labels 0..classes-1, {@code perClass} of each, in class order (sorted). */
    public static int[] sortedLabels(int classes, int perClass) {
        int[] labels = new int[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return labels;
    }

    /** Writes a 4×4 PNG of one colour with {@code javax.imageio}, creating folders as needed. */
    public static void png(Path file, Color color) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 4; y++) {
                image.setRGB(x, y, color.getRGB());
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
