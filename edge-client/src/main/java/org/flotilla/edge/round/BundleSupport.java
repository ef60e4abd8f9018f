package org.flotilla.edge.round;

import java.nio.file.Path;
import java.util.List;

import org.flotilla.edge.bundle.DataRef;
import org.flotilla.edge.config.BundleOptions;
import org.flotilla.edge.lifecycle.StopSignal;

/**
 * What the round runner needs to run code bundles: the device's bundle options, its data as a
 * child opens it, and the paths a child must never see.
 *
 * @param options the configuration ({@code trusted-publishers}, {@code bundle-dir}, …)
 * @param data    the local data for the child ({@code LocalData.open} with the same split)
 * @param hidden  the state directory and the configuration file
 */
public record BundleSupport(BundleOptions options, DataRef data, List<Path> hidden) {

    public BundleSupport {
        hidden = List.copyOf(hidden);
    }

    /** No bundles: every bundle assignment is declined {@code UNTRUSTED_CODE}. */
    static BundleSupport none() {
        return new BundleSupport(BundleOptions.none(Path.of(System.getProperty("java.io.tmpdir"), "flotilla-edge")),
                new DataRef(".", 0, 0), List.of());
    }

    BundleRounds rounds(AssignmentSteps steps, int workers, StopSignal stop, PublisherTrust trust) {
        return new BundleRounds(steps, options, data, hidden, workers, stop, trust);
    }
}
