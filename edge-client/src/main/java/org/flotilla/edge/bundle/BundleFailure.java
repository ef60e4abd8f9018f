package org.flotilla.edge.bundle;

/**
 * Why running a bundle gave no result, as a value: the edge client declines the round with it.
 *
 * @param kind     what went wrong
 * @param detail   one sentence for the log and the round detail (never a secret, never more than
 *                 {@value #MAX_DETAIL} characters)
 * @param exitCode the child's exit code when it exited on its own, else null
 * @param output   the last lines the child printed (standard error, then output), for diagnosis; may be empty
 */
public record BundleFailure(Kind kind, String detail, Integer exitCode, String output) {

    public static final int MAX_DETAIL = 1000;

    /** The kinds of failure. */
    public enum Kind {
        /** The bundle is not signed by a trusted publisher, or its stored jar changed since it was verified. */
        UNTRUSTED(false),
        /** The jar or its manifest is unusable (not a jar, no manifest, invalid manifest). */
        INVALID_BUNDLE(false),
        /** The bundle implements an SPI version this device does not, or its entry class is not a program. */
        INCOMPATIBLE(false),
        /** The bundle needs more heap than this device gives bundles. */
        RESOURCES_UNAVAILABLE(false),
        /** The device requires namespace isolation and this kernel does not provide it. */
        ISOLATION_UNAVAILABLE(false),
        /** The child could not be started or given its input (a device problem: no java, a full disk, a failed mount, a hidden path it needs). */
        HOST_ERROR(false),
        /** The program's model does not have as many parameters as the job's weights. */
        MODEL_MISMATCH(true),
        /** A setting given to the program is out of its range. */
        SETTINGS_INVALID(false),
        /** The device's local data could not be read in the child. */
        DATA_UNREADABLE(false),
        /** The device keeps no held-out examples to evaluate on. */
        NO_HELD_OUT_DATA(false),
        /** The program threw. */
        PROGRAM_FAILED(true),
        /** The child exited on its own (e.g. {@code System.exit}) before answering. */
        EXITED(true),
        /** The child ran out of memory (heap or native). */
        OUT_OF_MEMORY(true),
        /** The deadline passed; the child was killed. */
        TIMED_OUT(true),
        /** The child wrote more than allowed: its update file or its console output. */
        OUTPUT_TOO_LARGE(true),
        /** The update holds a different number of parameters than the global model. */
        WRONG_ELEMENT_COUNT(true),
        /** An answer that breaks the protocol: corrupt update file, malformed or unexpected control line, bad metrics. */
        BAD_OUTPUT(true),
        /** The edge client is stopping; the child was asked to stop (and killed if it did not). */
        STOPPED(false);

        private final boolean bundleFault;

        Kind(boolean bundleFault) {
            this.bundleFault = bundleFault;
        }

        /** Whether the bundle's code misbehaved (as opposed to the device, the job or the bundle's packaging). */
        public boolean isBundleFault() {
            return bundleFault;
        }
    }

    public BundleFailure {
        if (kind == null || detail == null) {
            throw new IllegalArgumentException("kind and detail are required");
        }
        detail = detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
        output = output == null ? "" : output;
    }

    static BundleFailure of(Kind kind, String detail) {
        return new BundleFailure(kind, detail, null, "");
    }

    @Override
    public String toString() {
        return kind + ": " + detail + (exitCode == null ? "" : " (exit code " + exitCode + ")");
    }
}
