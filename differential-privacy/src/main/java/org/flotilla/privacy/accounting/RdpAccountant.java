package org.flotilla.privacy.accounting;

import java.util.Arrays;
import java.util.List;

/**
 * The Rényi-DP accountant: it adds up, order by order, the RDP of each round of the sampled
 * Gaussian mechanism ({@link SampledGaussianRdp}) — RDP composes additively, whatever q and z each
 * round had (Mironov 2017, "Rényi Differential Privacy", Proposition 1) — and converts the sum to
 * (ε, δ) with {@link RdpConversion}. Immutable.
 */
public final class RdpAccountant implements PrivacyAccountant {

    /** The name in records and JSON. */
    public static final String NAME = "rdp";

    private final RdpOrders orders;
    private final double[] rdp;
    private final List<AccountingStep> history;

    private RdpAccountant(RdpOrders orders, double[] rdp, List<AccountingStep> history) {
        this.orders = orders;
        this.rdp = rdp;
        this.history = List.copyOf(history);
    }

    /** An accountant with nothing spent, over the {@link RdpOrders#DEFAULT default orders}. */
    public static RdpAccountant create() {
        return create(RdpOrders.DEFAULT);
    }

    /** An accountant with nothing spent, over {@code orders}. */
    public static RdpAccountant create(RdpOrders orders) {
        return new RdpAccountant(orders, new double[orders.size()], List.of());
    }

    /** The accountant after the given rounds, in order (e.g. as a coordinator stored them). */
    public static RdpAccountant of(RdpOrders orders, List<AccountingStep> steps) {
        RdpAccountant accountant = create(orders);
        for (AccountingStep step : steps) {
            accountant = accountant.compose(step);
        }
        return accountant;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RdpAccountant compose(AccountingStep step) {
        double[] one = SampledGaussianRdp.rdp(step.samplingRate(), step.noiseMultiplier(), orders);
        double[] sum = new double[rdp.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = rdp[i] + step.rounds() * one[i];
        }
        List<AccountingStep> steps = AccountingStep.appendMerged(history, step);
        return new RdpAccountant(orders, sum, steps);
    }

    /** Shorthand for {@code compose(new AccountingStep(q, z, rounds))}. */
    public RdpAccountant compose(double samplingRate, double noiseMultiplier, long rounds) {
        return compose(new AccountingStep(samplingRate, noiseMultiplier, rounds));
    }

    @Override
    public List<AccountingStep> history() {
        return history;
    }

    @Override
    public PrivacySpent epsilon(double delta) {
        return RdpConversion.epsilon(orders, rdp, delta, NAME);
    }

    /** The smallest δ this accountant can prove for {@code epsilon} ≥ 0. */
    public PrivacySpent delta(double epsilon) {
        return RdpConversion.delta(orders, rdp, epsilon, NAME);
    }

    /** The orders. */
    public RdpOrders orders() {
        return orders;
    }

    /** The accumulated RDP at each order (a copy). */
    public double[] rdp() {
        return rdp.clone();
    }

    @Override
    public String toString() {
        return "RdpAccountant" + history + " rdp=" + Arrays.toString(rdp);
    }
}
