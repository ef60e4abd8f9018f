package org.flotilla.datasets.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.color.ColorSpace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Decodes one image file with the JDK's {@code javax.imageio} (PNG, JPEG, BMP, GIF, TIFF, WBMP; no
 * native library) into the values a network sees: {@code [channels, height, width]}, 0–255, grey
 * or colour in OpenCV's channel order (BGR, BGRA), as DataVec's {@code NativeImageLoader} gave them.
 * The image is first brought to the requested channels (grey = 0.299 R + 0.587 G + 0.114 B, as
 * OpenCV's {@code BGR2GRAY}), then resized with bilinear interpolation on pixel centres (OpenCV's
 * {@code INTER_LINEAR}), and every value is rounded to an integer as an 8-bit image would hold it.
 * Pixel samples are read as stored, without a colour-space conversion; palette images and colour
 * spaces other than RGB and grey go through their colour model to sRGB.
 */
final class ImageDecoder {

    private static final double[] GREY_WEIGHTS = {0.299, 0.587, 0.114};

    private final ImageOptions options;

    ImageDecoder(ImageOptions options) {
        this.options = options;
    }

    /** File name extensions (lower case) of the formats this JVM's {@code javax.imageio} reads. */
    static Set<String> formats() {
        Set<String> formats = new TreeSet<>();
        for (String suffix : ImageIO.getReaderFileSuffixes()) {
            formats.add(suffix.toLowerCase(Locale.ROOT));
        }
        return formats;
    }

    /**
     * The image's values, {@code channels × height × width}, channel-major.
     *
     * @throws IOException if no reader understands the file or it is damaged
     */
    float[] decode(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("no javax.imageio reader understands it");
        }
        float[][] planes = toChannels(image);
        int c = options.channels();
        int h = options.height();
        int w = options.width();
        float[] out = new float[c * h * w];
        for (int k = 0; k < c; k++) {
            resize(planes[k], image.getWidth(), image.getHeight(), out, k * h * w, w, h);
        }
        return out;
    }

    /** The requested channels at the image's own size, each rounded to 0–255. */
    private float[][] toChannels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[][] rgba = rgba(image);
        float[][] planes = new float[options.channels()][];
        if (options.channels() == 1) {
            planes[0] = rgba[0] == rgba[1] ? rgba[0] : grey(rgba, w * h);
        } else {
            planes[0] = rgba[2];
            planes[1] = rgba[1];
            planes[2] = rgba[0];
            if (options.channels() == 4) {
                planes[3] = rgba[3];
            }
        }
        return planes;
    }

    /**
     * Red, green, blue and alpha planes, 0–255. A grey image gives one plane three times (the same
     * array, which {@link #toChannels} recognises) and an opaque alpha plane.
     */
    private static float[][] rgba(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = w * h;
        ColorModel cm = image.getColorModel();
        int space = cm.getColorSpace().getType();
        Raster raster = image.getRaster();
        boolean plain = !(cm instanceof IndexColorModel) && (space == ColorSpace.TYPE_RGB || space == ColorSpace.TYPE_GRAY);
        if (!plain) {
            float[][] p = {new float[n], new float[n], new float[n], new float[n]};
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = image.getRGB(x, y);
                    int i = y * w + x;
                    p[0][i] = (argb >>> 16) & 0xff;
                    p[1][i] = (argb >>> 8) & 0xff;
                    p[2][i] = argb & 0xff;
                    p[3][i] = argb >>> 24;
                }
            }
            return p;
        }
        int colours = cm.getNumColorComponents();
        float[][] bands = new float[raster.getNumBands()][];
        for (int b = 0; b < bands.length; b++) {
            double scale = 255.0 / ((1L << cm.getComponentSize(b)) - 1);
            float[] samples = raster.getSamples(0, 0, w, h, b, new float[n]);
            for (int i = 0; i < n; i++) {
                samples[i] = Math.round(samples[i] * scale);
            }
            bands[b] = samples;
        }
        float[] alpha = cm.hasAlpha() ? bands[colours] : filled(n, 255f);
        return colours == 1
                ? new float[][] {bands[0], bands[0], bands[0], alpha}
                : new float[][] {bands[0], bands[1], bands[2], alpha};
    }

    private static float[] grey(float[][] rgba, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.round(GREY_WEIGHTS[0] * rgba[0][i] + GREY_WEIGHTS[1] * rgba[1][i] + GREY_WEIGHTS[2] * rgba[2][i]);
        }
        return g;
    }

    /** Bilinear resize of one plane into {@code out[offset ..]}, sampling at pixel centres, edges clamped. */
    private static void resize(float[] src, int sw, int sh, float[] out, int offset, int dw, int dh) {
        double sx = (double) sw / dw;
        double sy = (double) sh / dh;
        for (int y = 0; y < dh; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, sh - 1);
            double wy = fy - y0;
            for (int x = 0; x < dw; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, sw - 1);
                double wx = fx - x0;
                double top = src[y0 * sw + x0] * (1 - wx) + src[y0 * sw + x1] * wx;
                double bottom = src[y1 * sw + x0] * (1 - wx) + src[y1 * sw + x1] * wx;
                out[offset + y * dw + x] = Math.round(top * (1 - wy) + bottom * wy);
            }
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
