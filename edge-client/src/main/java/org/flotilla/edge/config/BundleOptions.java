package org.flotilla.edge.config;

import java.nio.file.Path;

/**
 * How this device runs signed code bundles ({@code docs/code-bundles.md}).
 *
 * @param trustedPublishers a PEM file of publisher public keys or a folder of {@code *.pem} /
 *                          {@code *.pub} files, installed with the device's configuration; null:
 *                          no publisher is trusted and every bundle is declined with {@code UNTRUSTED_CODE}
 * @param workDir           verified jars and the children's working folders (outside the state directory)
 * @param heapMegabytes     a child's heap cap ({@code -Xmx}); its off-heap cap is the same
 * @param isolation         {@code required}, {@code best-effort} or {@code process-only}
 * @param requireSignedPlans whether a training plan is used only with a publisher signature that
 *                          verifies under {@code trustedPublishers} ({@code require-signed-plans})
 * @param hiddenFiles       files a child must never see besides the state directory: the
 *                          configuration file the settings came from (it may hold the enrolment token)
 */
public record BundleOptions(Path trustedPublishers, Path workDir, int heapMegabytes, String isolation,
                            boolean requireSignedPlans, java.util.List<Path> hiddenFiles) {

    /** The isolation policies, as written in the configuration. */
    public static final java.util.List<String> ISOLATION = java.util.List.of("required", "best-effort", "process-only");

    public BundleOptions {
        if (workDir == null) {
            throw new IllegalArgumentException("a bundle work folder is required");
        }
        if (!ISOLATION.contains(isolation)) {
            throw new IllegalArgumentException("bundle isolation must be one of " + ISOLATION + ", was " + isolation);
        }
        hiddenFiles = hiddenFiles == null ? java.util.List.of()
                : hiddenFiles.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Options that accept unsigned plans. */
    public BundleOptions(Path trustedPublishers, Path workDir, int heapMegabytes, String isolation) {
        this(trustedPublishers, workDir, heapMegabytes, isolation, false, java.util.List.of());
    }

    /** No trusted publisher, defaults otherwise: bundles are declined, unsigned plans used. */
    public static BundleOptions none(Path stateDir) {
        return new BundleOptions(null, defaultWorkDir(stateDir), 1024, "best-effort");
    }

    /** These options with {@code require-signed-plans} set to {@code required}. */
    public BundleOptions requiringSignedPlans(boolean required) {
        return new BundleOptions(trustedPublishers, workDir, heapMegabytes, isolation, required, hiddenFiles);
    }

    /**
     * The default work folder: {@code bundles} next to the state directory (e.g.
     * {@code ~/.local/state/flotilla-edge-bundles}); children never see the state directory, so
     * their folder cannot be inside it.
     */
    public static Path defaultWorkDir(Path stateDir) {
        Path abs = stateDir.toAbsolutePath().normalize();
        Path name = abs.getFileName();
        return abs.resolveSibling((name == null ? "flotilla-edge" : name.toString()) + "-bundles");
    }
}
