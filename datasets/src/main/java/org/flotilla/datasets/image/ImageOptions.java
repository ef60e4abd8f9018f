package org.flotilla.datasets.image;

/**
 * Size every image is scaled to when read, and its number of channels (1 = grey, 3 = colour in
 * BGR order, 4 = BGRA: the channel order OpenCV-based readers give, so data prepared with them
 * reads the same).
 */
public record ImageOptions(int height, int width, int channels) {

    /** Validates the sizes. */
    public ImageOptions {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image height and width must be positive, were " + height + "x" + width);
        }
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("image channels must be 1 (grey), 3 (BGR) or 4 (BGRA), was " + channels);
        }
    }

    /** 28×28 grey, the shape of the MNIST family. */
    public static ImageOptions defaults() {
        return new ImageOptions(28, 28, 1);
    }

    /** The example shape {@code [channels, height, width]} of the images read with these options. */
    public int[] exampleShape() {
        return new int[] {channels, height, width};
    }
}
