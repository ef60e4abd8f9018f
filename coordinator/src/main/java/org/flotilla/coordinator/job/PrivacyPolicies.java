package org.flotilla.coordinator.job;

import java.util.Locale;
import java.util.Optional;

import org.flotilla.coordinator.strategy.MeanStrategy;
import org.flotilla.coordinator.strategy.NormBound;
import org.flotilla.coordinator.strategy.Strategy;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.privacy.Accountants;
import org.flotilla.privacy.accounting.AccountingStep;
import org.flotilla.privacy.accounting.AdaptiveClippingNoise;
import org.flotilla.privacy.accounting.LocalDpAccounting;
import org.flotilla.privacy.accounting.NoiseCalibration;
import org.flotilla.privacy.accounting.PrivacySpent;
import org.flotilla.privacy.accounting.RdpAccountant;
import org.flotilla.privacy.mechanism.AdaptiveClipping;

/**
 * Resolves a request's {@code differentialPrivacy} into the job's {@link DifferentialPrivacy}:
 * checks every field against the others and against the rest of the request, fills in the
 * defaults (δ = 1/N, Andrew et al.'s adaptive-clipping settings, the RDP accountant), calibrates z
 * when a target ε is given, and refuses settings whose first round already exceeds
 * {@code maxEpsilon}. Every refusal names the field and the limit.
 */
public final class PrivacyPolicies {

    /** The initial clip norm of adaptive clipping when none is given (Andrew et al. 2021). */
    static final double ADAPTIVE_INITIAL_CLIP_NORM = 0.1;

    private static final String F = "differentialPrivacy.";

    private PrivacyPolicies() {
    }

    /** The step one round adds to the accountant: (q, z) centrally, (1, z/2) per upload under local DP. */
    public static AccountingStep stepOf(DifferentialPrivacy dp) {
        return stepOf(dp.mode(), dp.samplingRate(), dp.noiseMultiplier());
    }

    /** The step of one round in {@code mode} with sampling rate q and noise multiplier z. */
    public static AccountingStep stepOf(PrivacyMode mode, double samplingRate, double noiseMultiplier) {
        return mode == PrivacyMode.LOCAL ? LocalDpAccounting.perUpload(noiseMultiplier)
                : AccountingStep.of(samplingRate, noiseMultiplier);
    }

    /** z_Δ, the noise multiplier of the sum of updates: above z under adaptive clipping, else z. */
    public static double updateNoiseMultiplier(DifferentialPrivacy dp) {
        DifferentialPrivacy.AdaptiveClippingPolicy a = dp.adaptiveClipping();
        return a == null ? dp.noiseMultiplier()
                : new AdaptiveClippingNoise(dp.noiseMultiplier(), a.countNoiseStddev()).updateNoiseMultiplier();
    }

    /**
     * The request's differential privacy for a population of {@code enrolled} clients, or null when
     * it asks for none.
     *
     * @throws Invalid naming the first field that is wrong, with its limit
     */
    static DifferentialPrivacy resolve(JobRequest r, Strategy strategy, long enrolled) {
        JobRequest.DifferentialPrivacySpec s = r.differentialPrivacy();
        if (s == null) {
            return null;
        }
        refuseSelectionFields(r);
        refuseStrategiesThatNeedEachUpdate(strategy);
        PrivacyMode mode = s.mode() == null ? PrivacyMode.CENTRAL : PrivacyMode.of(s.mode());
        if (s.samplingRate() == null) {
            throw Invalid.field(F + "samplingRate", "required, in (0, 1]",
                    "differentialPrivacy.samplingRate is required: the probability that each enrolled client is in a round");
        }
        double q = s.samplingRate();
        if ((s.noiseMultiplier() == null) == (s.targetEpsilon() == null)) {
            throw Invalid.field(F + "noiseMultiplier", "exactly one of noiseMultiplier, targetEpsilon",
                    "give either differentialPrivacy.noiseMultiplier (z) or differentialPrivacy.targetEpsilon (z is then"
                            + " calibrated to it), not both or neither");
        }
        if (s.adaptiveClipping() != null && mode == PrivacyMode.LOCAL) {
            throw Invalid.field(F + "adaptiveClipping", "only with mode central",
                    "adaptive clipping needs the clients' clipped-count bits, which a device under local DP must not send");
        }
        if (s.clipNorm() == null && s.adaptiveClipping() == null) {
            throw Invalid.field(F + "clipNorm", "required, in (0, 1000000] (or adaptiveClipping)",
                    "differentialPrivacy.clipNorm (C, the bound on each update's L2 norm) is required without adaptiveClipping");
        }
        double clip = s.clipNorm() != null ? s.clipNorm() : ADAPTIVE_INITIAL_CLIP_NORM;
        if (enrolled < 1) {
            throw Invalid.field("differentialPrivacy", "at least 1 enrolled client",
                    "no clients are enrolled: a differentially private job's population N (for delta = 1/N and the"
                            + " expected cohort qN) is the clients enrolled when it is created; enrol them first");
        }
        double m = q * enrolled;
        double delta;
        String deltaRule;
        if (s.delta() != null) {
            delta = s.delta();
            deltaRule = "given";
        } else if (enrolled >= 2) {
            delta = 1.0 / enrolled;
            deltaRule = "1/N with N = " + enrolled + " clients enrolled at creation";
        } else {
            throw Invalid.field(F + "delta", "required when fewer than 2 clients are enrolled",
                    "the default delta 1/N needs N >= 2 enrolled clients; " + enrolled + " is enrolled: give delta");
        }
        String accountant = s.accountant() == null ? RdpAccountant.NAME : s.accountant();
        double z = s.noiseMultiplier() != null ? s.noiseMultiplier()
                : calibrate(mode, q, r.rounds(), delta, s.targetEpsilon(), accountant);
        DifferentialPrivacy.AdaptiveClippingPolicy adaptive = adaptive(s.adaptiveClipping(), m, z);
        Double maxEpsilon = s.maxEpsilon() != null ? s.maxEpsilon() : s.targetEpsilon();
        DifferentialPrivacy dp = new DifferentialPrivacy(mode, q, z, s.targetEpsilon(), clip, adaptive, delta, deltaRule,
                enrolled, m, maxEpsilon, accountant);
        checkFirstRound(dp, s.noiseMultiplier() != null);
        return dp;
    }

    private static void refuseSelectionFields(JobRequest r) {
        String why = "not used by a differentially private job: each round is a Poisson sample of rate"
                + " differentialPrivacy.samplingRate, with no target count, quorum or over-selection";
        if (r.clientsPerRound() != null) {
            throw Invalid.field("clientsPerRound", "absent with differentialPrivacy", "clientsPerRound is " + why);
        }
        if (r.minClients() != null) {
            throw Invalid.field("minClients", "absent with differentialPrivacy", "minClients is " + why
                    + " (a round releases its noised mean whatever the count)");
        }
        if (r.overSelection() != null) {
            throw Invalid.field("overSelection", "absent with differentialPrivacy", "overSelection is " + why);
        }
    }

    /**
     * The noised mean replaces the round's updates, so the strategy must depend on them only
     * through their mean ({@link MeanStrategy}); the robust ones (median, trimmed mean, Krum, a
     * norm bound) look at individual updates, which would leave the noise's analysis.
     */
    private static void refuseStrategiesThatNeedEachUpdate(Strategy strategy) {
        if (strategy instanceof NormBound) {
            throw Invalid.field("strategy." + NormBound.KEY, "absent with differentialPrivacy",
                    "differential privacy clips every update to its clipNorm; strategy." + NormBound.KEY
                            + " would bound them again");
        }
        if (!(strategy instanceof MeanStrategy)) {
            throw Invalid.field("strategy.name", "one of " + SecureAggregationRequest.MEAN_BASED + " with differentialPrivacy",
                    "strategy " + strategy.name() + " looks at individual updates; with differential privacy the strategy"
                            + " receives only the noised mean of the round's clipped updates");
        }
    }

    private static double calibrate(PrivacyMode mode, double q, int rounds, double delta, double target,
                                    String accountant) {
        // Under local DP one upload is the Gaussian mechanism at z/2 with no amplification (q = 1).
        double rate = mode == PrivacyMode.LOCAL ? 1.0 : q;
        Optional<NoiseCalibration.Calibration> found;
        try {
            found = NoiseCalibration.smallestNoiseMultiplier(rate, rounds, delta, target, Accountants.empty(accountant));
        } catch (IllegalArgumentException e) {
            throw Invalid.field(F + "accountant", "rdp for these settings",
                    "the " + accountant + " accountant cannot calibrate these settings: " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw Invalid.field(F + "targetEpsilon", "reachable with a noise multiplier up to "
                            + (long) NoiseCalibration.MAX_NOISE_MULTIPLIER,
                    String.format(Locale.ROOT, "no noise multiplier up to %d keeps epsilon within %s over %d rounds at"
                                    + " samplingRate %s and delta %.3g; raise targetEpsilon or lower rounds or samplingRate",
                            (long) NoiseCalibration.MAX_NOISE_MULTIPLIER, target, rounds, q, delta));
        }
        double z = found.get().noiseMultiplier();
        return mode == PrivacyMode.LOCAL ? 2 * z : z;
    }

    private static DifferentialPrivacy.AdaptiveClippingPolicy adaptive(JobRequest.AdaptiveClippingSpec a, double m,
                                                                       double z) {
        if (a == null) {
            return null;
        }
        AdaptiveClipping defaults = AdaptiveClipping.recommended(m);
        double sigmaB = a.countNoiseStddev() != null ? a.countNoiseStddev() : defaults.countNoiseStddev();
        if (!(sigmaB > z / 2)) {
            throw Invalid.field(F + "adaptiveClipping.countNoiseStddev", "> noiseMultiplier / 2 = " + z / 2,
                    String.format(Locale.ROOT, "the count noise sigma_b = %.4g (default m/20 for m = qN = %.4g) must exceed"
                            + " z/2 = %.4g so that the update keeps a finite noise multiplier; raise it, or sample more"
                            + " clients", sigmaB, m, z / 2));
        }
        return new DifferentialPrivacy.AdaptiveClippingPolicy(
                a.targetQuantile() != null ? a.targetQuantile() : defaults.targetQuantile(),
                a.learningRate() != null ? a.learningRate() : defaults.learningRate(), sigmaB);
    }

    /** The accountant can handle one round, and one round fits maxEpsilon. */
    private static void checkFirstRound(DifferentialPrivacy dp, boolean zGiven) {
        PrivacySpent first;
        try {
            first = Accountants.empty(dp.accountant()).compose(stepOf(dp)).epsilon(dp.delta());
        } catch (IllegalArgumentException e) {
            throw Invalid.field(F + (zGiven ? "noiseMultiplier" : "accountant"), "settings the " + dp.accountant()
                    + " accountant can handle", "the " + dp.accountant() + " accountant cannot account one round of these"
                    + " settings: " + e.getMessage() + "; use accountant rdp or a larger noise multiplier");
        }
        if (!first.isBounded()) {
            throw Invalid.field(F + "noiseMultiplier", "one with a finite epsilon",
                    "one round of these settings has no finite epsilon; raise noiseMultiplier or lower samplingRate");
        }
        if (dp.maxEpsilon() != null && first.epsilon() > dp.maxEpsilon()) {
            throw Invalid.field(F + "maxEpsilon", String.format(Locale.ROOT, ">= %.6g, the epsilon of one round",
                            first.epsilon()),
                    String.format(Locale.ROOT, "one round already spends epsilon %.6g at delta %.3g, above maxEpsilon %s;"
                            + " raise maxEpsilon or noiseMultiplier, or lower samplingRate", first.epsilon(), dp.delta(),
                            dp.maxEpsilon()));
        }
    }
}
