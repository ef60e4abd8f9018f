/**
 * The training SPI of code bundles: what a shipped jar implements so that Flotilla can run its
 * training code on a device, in a child JVM of its own.
 *
 * <p>A bundle is a jar holding an implementation of {@link org.flotilla.model.bundle.TrainingProgram}
 * and a manifest at {@value org.flotilla.model.bundle.BundleSpi#MANIFEST_ENTRY}
 * ({@link org.flotilla.model.bundle.BundleManifest}: name, version, entry class, the SPI version it
 * implements, the heap and workers it needs). The program sees the device's data only as
 * {@link org.flotilla.datasets.LabeledDataset}s read by Flotilla's own readers, and exchanges
 * parameters as flat float vectors, the {@code WeightsCodec} format's unit. It never sees the
 * device's identity, credentials or network. The host that runs it is
 * {@link org.flotilla.model.bundle.host.BundleHost}. Writing one: docs/code-bundles.md.
 *
 * <p>The SPI is versioned ({@link org.flotilla.model.bundle.BundleSpi#VERSION}); a change that breaks
 * bundles raises the version, and a device declines bundles for a version it does not implement.
 */
package org.flotilla.model.bundle;
