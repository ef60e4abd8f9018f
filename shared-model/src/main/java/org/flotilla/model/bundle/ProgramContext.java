package org.flotilla.model.bundle;

import java.nio.file.Path;
import java.util.Optional;

import org.flotilla.datasets.LabeledDataset;

/**
 * What a program is given for its session: the device's local data as read by Flotilla's readers
 * (never a path to it), the worker threads it may use (its CPU allowance), the job's seed and
 * settings, the stop flag, and a scratch directory of its own. Nothing else of the device: no
 * identity, credentials, coordinator address or network.
 */
public final class ProgramContext {

    private final BundleManifest manifest;
    private final LabeledDataset train;
    private final LabeledDataset heldOut;
    private final int workers;
    private final long seed;
    private final Settings settings;
    private final StopFlag stop;
    private final Path scratch;

    /**
     * @param heldOut null when the device keeps no held-out examples
     * @param workers at least 1
     */
    public ProgramContext(BundleManifest manifest, LabeledDataset train, LabeledDataset heldOut, int workers, long seed,
                          Settings settings, StopFlag stop, Path scratch) {
        if (manifest == null || train == null || settings == null || stop == null || scratch == null) {
            throw new IllegalArgumentException("manifest, train, settings, stop and scratch are required");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        this.manifest = manifest;
        this.train = train;
        this.heldOut = heldOut != null && heldOut.size() > 0 ? heldOut : null;
        this.workers = workers;
        this.seed = seed;
        this.settings = settings;
        this.stop = stop;
        this.scratch = scratch;
    }

    /** The bundle's own manifest. */
    public BundleManifest manifest() {
        return manifest;
    }

    /** The local training examples (read-only by contract, as every {@link LabeledDataset}). */
    public LabeledDataset train() {
        return train;
    }

    /** The local held-out examples, if the device keeps some. */
    public Optional<LabeledDataset> heldOut() {
        return Optional.ofNullable(heldOut);
    }

    /** Worker threads the program may use: the device's allowance, capped by the manifest's {@code resources.workers}. */
    public int workers() {
        return workers;
    }

    /** The job's seed, for initial weights and shuffling. */
    public long seed() {
        return seed;
    }

    /** The job's settings for the program. */
    public Settings settings() {
        return settings;
    }

    /** Raised when the program should stop at the next batch boundary. */
    public StopFlag stop() {
        return stop;
    }

    /** A directory the program may write temporary files to; deleted when the session ends. */
    public Path scratchDirectory() {
        return scratch;
    }
}
