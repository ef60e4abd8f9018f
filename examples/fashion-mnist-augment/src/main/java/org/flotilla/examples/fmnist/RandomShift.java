package org.flotilla.examples.fmnist;

import java.util.SplittableRandom;

import org.flotilla.datasets.LabeledDataset;

/**
 * Random-shift augmentation: every image moves by a whole number of pixels, {@code dx, dy} drawn
 * uniformly from {@code [-maxShift, maxShift]}, with zeros shifted in. Translations are the
 * simplest of the distortions of Simard, Steinkraus and Platt (2003), "Best practices for
 * convolutional neural networks applied to visual document analysis", ICDAR: the label is unchanged
 * while the pixels the model sees differ every epoch.
 */
final class RandomShift {

    private RandomShift() {
    }

    /**
     * The examples of {@code data} shifted, reproducibly for {@code seed}; a new data set (the
     * input is read-only).
     *
     * @param shape {@code [channels, height, width]} of one example
     */
    static LabeledDataset apply(LabeledDataset data, int[] shape, int maxShift, long seed) {
        if (maxShift == 0) {
            return data;
        }
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        int f = data.featureCount();
        float[] in = new float[f];   // one example at a time: the data set may hold bytes
        float[] out = new float[Math.multiplyExact(data.size(), f)];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < data.size(); i++) {
            int dx = rnd.nextInt(-maxShift, maxShift + 1);
            int dy = rnd.nextInt(-maxShift, maxShift + 1);
            int base = i * f;
            data.copyFeatures(i, in, 0);
            for (int ch = 0; ch < c; ch++) {
                int plane = ch * h * w;
                for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                    int from = plane + (y - dy) * w;
                    int to = base + plane + y * w;
                    int x0 = Math.max(0, dx);
                    int x1 = Math.min(w, w + dx);
                    System.arraycopy(in, from + x0 - dx, out, to + x0, x1 - x0);
                }
            }
        }
        return new LabeledDataset(out, data.labels(), data.exampleShape(), data.numClasses());
    }

    /** The [C, H, W] of one example: its shape when it has three dimensions, a square grey image when it is flat. */
    static int[] imageShape(LabeledDataset data) {
        int[] s = data.exampleShape();
        if (s.length == 3) {
            return s;
        }
        int side = (int) Math.round(Math.sqrt(data.featureCount()));
        if (s.length == 1 && side * side == data.featureCount()) {
            return new int[] {1, side, side};
        }
        return null;
    }
}
