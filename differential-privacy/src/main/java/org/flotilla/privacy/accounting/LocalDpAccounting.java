package org.flotilla.privacy.accounting;

/**
 * The cost of local DP, where a device adds Gaussian noise of standard deviation z·C to its own
 * clipped update before upload (see {@code LocalGaussianNoise}). The guarantee is for that device
 * against everyone who sees its upload, the coordinator included, and the neighbouring relation
 * is "any two local data sets": two updates of norm at most C differ by up to 2C, so one upload is
 * the Gaussian mechanism with noise multiplier z/2, RDP {@code 2α/z²}. There is no amplification
 * by sampling (the device knows it was chosen), so the device composes one step with q = 1 for
 * each round it takes part in.
 */
public final class LocalDpAccounting {

    private LocalDpAccounting() {
    }

    /** One upload with local noise multiplier {@code z}: the Gaussian mechanism at z/2, q = 1. */
    public static AccountingStep perUpload(double localNoiseMultiplier) {
        if (!(localNoiseMultiplier > 0) || Double.isInfinite(localNoiseMultiplier)) {
            throw new IllegalArgumentException(
                    "local noise multiplier must be finite and above 0, was " + localNoiseMultiplier);
        }
        return AccountingStep.of(1.0, localNoiseMultiplier / 2);
    }

    /** What {@code uploads} uploads with local multiplier z cost one device, at δ. */
    public static PrivacySpent spent(double localNoiseMultiplier, long uploads, double delta) {
        AccountingStep one = perUpload(localNoiseMultiplier);
        return RdpAccountant.create()
                .compose(new AccountingStep(1.0, one.noiseMultiplier(), uploads))
                .epsilon(delta);
    }
}
