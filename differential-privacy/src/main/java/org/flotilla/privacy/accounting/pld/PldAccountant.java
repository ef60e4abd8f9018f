package org.flotilla.privacy.accounting.pld;

import java.util.List;
import org.flotilla.privacy.accounting.AccountingStep;
import org.flotilla.privacy.accounting.PrivacyAccountant;
import org.flotilla.privacy.accounting.PrivacySpent;

/**
 * The privacy-loss-distribution accountant for rounds of the Poisson-sampled Gaussian mechanism
 * under add-or-remove-one adjacency. For each round it discretises the privacy loss of both
 * neighbouring directions — a client removed (P the mixture (1-q)N(0,z²) + qN(1,z²), Q = N(0,z²))
 * and a client added (the two swapped) — composes each direction over all rounds by FFT
 * convolution (identical rounds by repeated squaring), and reports the larger ε of the two, since
 * one neighbouring pair stays fixed across rounds (Koskela, Jälkö and Honkela 2020; Zhu, Dong and
 * Wang 2022, "Optimal Accounting of Differential Privacy via Characteristic Function", on the
 * two directions). All rounding is pessimistic ({@link PrivacyLossDistribution}), so the ε is an
 * upper bound, above the exact value by at most about rounds × {@link #gridSpacing()}.
 *
 * <p>Immutable. Cost grows with the rounds: about a second for a thousand rounds at the default
 * grid on one core; the composed distributions are computed once per accountant, on first use.
 */
public final class PldAccountant implements PrivacyAccountant {

    /** The name in records and JSON. */
    public static final String NAME = "pld";
    /** Grid spacing of the privacy loss, as Google's dp_accounting uses by default. */
    public static final double DEFAULT_GRID_SPACING = 1e-4;
    /** The most rounds one accountant composes: its bias, about rounds × spacing / 2, grows with them. */
    public static final long MAX_ROUNDS = 100_000;

    private final double h;
    private final List<AccountingStep> history;
    private volatile PrivacyLossDistribution[] composed;

    private PldAccountant(double h, List<AccountingStep> history) {
        this.h = h;
        this.history = List.copyOf(history);
    }

    /** An accountant with nothing spent, at the default grid spacing. */
    public static PldAccountant create() {
        return create(DEFAULT_GRID_SPACING);
    }

    /** An accountant with nothing spent, with privacy loss discretised at spacing {@code h}. */
    public static PldAccountant create(double gridSpacing) {
        if (!(gridSpacing >= 1e-6 && gridSpacing <= 0.1)) {
            throw new IllegalArgumentException("gridSpacing must be in [1e-6, 0.1], was " + gridSpacing);
        }
        return new PldAccountant(gridSpacing, List.of());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The grid spacing of the privacy loss. */
    public double gridSpacing() {
        return h;
    }

    @Override
    public PldAccountant compose(AccountingStep step) {
        if (rounds() + step.rounds() > MAX_ROUNDS) {
            throw new IllegalArgumentException("the PLD accountant composes at most " + MAX_ROUNDS + " rounds, asked for "
                    + (rounds() + step.rounds()) + "; use the RDP accountant");
        }
        List<AccountingStep> steps = AccountingStep.appendMerged(history, step);
        return new PldAccountant(h, steps);
    }

    /** Shorthand for {@code compose(new AccountingStep(q, z, rounds))}. */
    public PldAccountant compose(double samplingRate, double noiseMultiplier, long rounds) {
        return compose(new AccountingStep(samplingRate, noiseMultiplier, rounds));
    }

    @Override
    public List<AccountingStep> history() {
        return history;
    }

    @Override
    public PrivacySpent epsilon(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
        PrivacyLossDistribution[] both = distributions();
        double epsilon = Math.max(both[0].epsilon(delta), both[1].epsilon(delta));
        return new PrivacySpent(epsilon, delta, Double.NaN, NAME);
    }

    /** The smallest δ this accountant can prove for {@code epsilon} ≥ 0. */
    public PrivacySpent delta(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and at least 0, was " + epsilon);
        }
        PrivacyLossDistribution[] both = distributions();
        return new PrivacySpent(epsilon, Math.max(both[0].delta(epsilon), both[1].delta(epsilon)), Double.NaN, NAME);
    }

    private PrivacyLossDistribution[] distributions() {
        PrivacyLossDistribution[] result = composed;
        if (result == null) {
            PrivacyLossDistribution remove = null;
            PrivacyLossDistribution add = null;
            for (AccountingStep step : history) {
                if (step.samplingRate() == 0) {
                    continue;
                }
                PrivacyLossDistribution r = PrivacyLossDistribution
                        .sampledGaussianRemove(step.samplingRate(), step.noiseMultiplier(), h).selfCompose(step.rounds());
                PrivacyLossDistribution a = PrivacyLossDistribution
                        .sampledGaussianAdd(step.samplingRate(), step.noiseMultiplier(), h).selfCompose(step.rounds());
                remove = remove == null ? r : remove.compose(r);
                add = add == null ? a : add.compose(a);
            }
            if (remove == null) {
                remove = PrivacyLossDistribution.identity(h);
                add = remove;
            }
            result = new PrivacyLossDistribution[] {remove, add};
            composed = result;
        }
        return result;
    }
}
