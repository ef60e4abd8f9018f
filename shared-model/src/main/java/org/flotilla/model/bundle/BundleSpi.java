package org.flotilla.model.bundle;

/** Constants of the bundle SPI shared by bundles, devices and the publisher command. */
public final class BundleSpi {

    /**
     * The SPI version this build implements: {@link TrainingProgram} and the records it exchanges.
     * A bundle's manifest names the version it was written against; a device runs only bundles of a
     * version it implements.
     */
    public static final int VERSION = 1;

    /** Where the manifest sits inside a bundle jar. */
    public static final String MANIFEST_ENTRY = "META-INF/flotilla/bundle.json";

    /** Largest manifest read. */
    public static final int MAX_MANIFEST_BYTES = 16 * 1024;

    private BundleSpi() {
    }

    /** Whether this build can run a bundle written against {@code spiVersion}. */
    public static boolean supports(int spiVersion) {
        return spiVersion == VERSION;
    }
}
