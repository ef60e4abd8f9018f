package org.flotilla.privacy.accounting;

import java.util.ArrayList;
import java.util.List;

/**
 * One or more identical rounds of the sampled Gaussian mechanism: each client is sampled
 * independently with probability {@code samplingRate}, and the released sum carries Gaussian
 * noise of {@code noiseMultiplier} times its L2 sensitivity.
 *
 * @param samplingRate    q in [0, 1]; 1 when every client takes part (no amplification)
 * @param noiseMultiplier z, noise standard deviation over sensitivity, above 0 and at most 1e6
 * @param rounds          how many such rounds, at least 1
 */
public record AccountingStep(double samplingRate, double noiseMultiplier, long rounds) {

    /** The largest noise multiplier accepted; beyond it ε is 0 for every practical purpose. */
    public static final double MAX_NOISE_MULTIPLIER = 1e6;

    public AccountingStep {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("samplingRate must be in [0, 1], was " + samplingRate);
        }
        if (!(noiseMultiplier > 0 && noiseMultiplier <= MAX_NOISE_MULTIPLIER)) {
            throw new IllegalArgumentException(
                    "noiseMultiplier must be above 0 and at most " + MAX_NOISE_MULTIPLIER + ", was " + noiseMultiplier);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
    }

    /** One round. */
    public static AccountingStep of(double samplingRate, double noiseMultiplier) {
        return new AccountingStep(samplingRate, noiseMultiplier, 1);
    }

    /**
     * {@code history} with {@code step} appended, merged into the last entry when that has the
     * same q and z (how accountants keep their history short over many identical rounds).
     */
    public static List<AccountingStep> appendMerged(List<AccountingStep> history, AccountingStep step) {
        List<AccountingStep> steps = new ArrayList<>(history);
        int last = steps.size() - 1;
        if (last >= 0 && steps.get(last).sameMechanism(step)) {
            steps.set(last, new AccountingStep(step.samplingRate(), step.noiseMultiplier(),
                    Math.addExact(steps.get(last).rounds(), step.rounds())));
        } else {
            steps.add(step);
        }
        return List.copyOf(steps);
    }

    /** Whether {@code other} has the same q and z, so the two can be merged. */
    public boolean sameMechanism(AccountingStep other) {
        return Double.compare(samplingRate, other.samplingRate) == 0
                && Double.compare(noiseMultiplier, other.noiseMultiplier) == 0;
    }
}
