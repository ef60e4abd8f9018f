/**
 * Runs shipped training code (a bundle: a jar implementing shared-model's {@code TrainingProgram})
 * in a child JVM: "threads for performance, processes for protection".
 *
 * <p>{@link org.flotilla.edge.bundle.BundleInstaller} verifies a bundle's publisher signature before
 * anything of it is read and stores it under its SHA-256; only the
 * {@link org.flotilla.edge.bundle.VerifiedBundle} it returns can be run.
 * {@link org.flotilla.edge.bundle.BundleRunner} starts the child
 * ({@code org.flotilla.model.bundle.host.BundleHost} on a class path of the bundle, shared-model,
 * datasets and the ML libraries, never the edge client's own code or state), with an empty
 * environment, a working directory of its own, a heap cap, a CPU allowance, a wall-clock limit and
 * bounded output, inside user, mount, PID and network namespaces where the kernel allows it
 * ({@link org.flotilla.edge.bundle.IsolationProbe}). Weights go in and parameters come out as
 * {@code WeightsCodec} files; every answer is checked. Whatever the child does — exit, hang, run out
 * of memory, write too much, return the wrong number of parameters — the result is a
 * {@link org.flotilla.edge.bundle.BundleOutcome.Declined} value with a
 * {@link org.flotilla.edge.bundle.BundleFailure} reason, never an exception in the edge client. A
 * child that succeeded is kept for the next round of the same job. Guarantees and their limits:
 * docs/code-bundles.md.
 */
package org.flotilla.edge.bundle;
