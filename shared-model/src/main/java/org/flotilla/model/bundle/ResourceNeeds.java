package org.flotilla.model.bundle;

/**
 * What a bundle needs from a device: the Java heap its program needs to train on the local data,
 * and the most worker threads it can use. A device whose budget is smaller declines; one with more
 * workers gives the program at most {@code workers}.
 *
 * @param heapMegabytes Java heap, in MiB, from {@value #MIN_HEAP_MB} to {@value #MAX_HEAP_MB}
 * @param workers       most worker threads, 1 to {@value #MAX_WORKERS}
 */
public record ResourceNeeds(int heapMegabytes, int workers) {

    public static final int MIN_HEAP_MB = 64;
    public static final int MAX_HEAP_MB = 262_144;
    public static final int MAX_WORKERS = 1024;

    public ResourceNeeds {
        if (heapMegabytes < MIN_HEAP_MB || heapMegabytes > MAX_HEAP_MB) {
            throw new ManifestException("resources.heapMegabytes", "in [" + MIN_HEAP_MB + ", " + MAX_HEAP_MB + "]",
                    heapMegabytes);
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new ManifestException("resources.workers", "in [1, " + MAX_WORKERS + "]", workers);
        }
    }
}
