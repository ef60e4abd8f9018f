package org.flotilla.model.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The per-client settings an assignment's {@code settings} may carry (a strategy's choice for one
 * client, overriding the plan's {@code clientSettings}). The coordinator's strategies send them by
 * these keys and the edge client reads them by the same keys.
 */
public enum ClientSetting {
    /** Local epochs this round, a whole number in [1, 100] (default: the plan's). */
    LOCAL_EPOCHS("localEpochs"),
    /** FedProx's proximal coefficient μ ≥ 0 (Li et al., MLSys 2020); 0 is plain FedAvg. */
    FEDPROX_MU("fedproxMu"),
    /** Bound on the L2 norm of the update: the client scales a longer delta down to it; 0 for none. */
    CLIP_NORM("clipNorm"),
    /**
     * Local differential privacy: after clipping to {@code clipNorm} the client adds Gaussian noise
     * of standard deviation {@code localNoiseMultiplier × clipNorm} to every coordinate before the
     * update leaves the device; 0 for none. Needs {@code clipNorm} above 0.
     */
    LOCAL_NOISE_MULTIPLIER("localNoiseMultiplier");

    private final String key;

    ClientSetting(String key) {
        this.key = key;
    }

    /** The key in {@code settings}, e.g. {@code fedproxMu}. */
    public String key() {
        return key;
    }

    /** The setting a key names, if it is one of the protocol's. */
    public static Optional<ClientSetting> ofKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
