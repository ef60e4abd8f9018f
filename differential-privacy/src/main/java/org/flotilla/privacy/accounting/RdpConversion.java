package org.flotilla.privacy.accounting;

/**
 * From an RDP curve (ε_α at each order α) to (ε, δ)-DP and back, with the conversion of Balle
 * et al. 2020 ("Hypothesis Testing Interpretations and Rényi Differential Privacy", Theorem 21 of arXiv:1905.09982;
 * the same bound is Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for Differential
 * Privacy", Proposition 12 of arXiv:2004.00010v4):
 * {@code ε = ε_α + log(1 - 1/α) - (log δ + log α)/(α - 1)}, tighter than Mironov's
 * {@code ε_α + log(1/δ)/(α - 1)} by {@code log(α/(α-1)) + log(α)/(α-1)}. It is minimised over
 * the grid. Orders below 1.01 are skipped (the bound is numerically unstable there and useless).
 * As a second bound, {@code δ ≤ sqrt(1 - exp(-ε_α))} (from the KL divergence, which no order
 * above 1 undercuts) gives ε = 0 when δ is that large.
 */
public final class RdpConversion {

    private static final double MIN_ORDER = 1.01;

    private RdpConversion() {
    }

    /** The smallest ε over the orders for the given δ in (0, 1), with the order that gives it. */
    public static PrivacySpent epsilon(RdpOrders orders, double[] rdp, double delta, String accountant) {
        check(orders, rdp);
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        double logDelta = Math.log(delta);
        for (int i = 0; i < rdp.length; i++) {
            double alpha = orders.get(i);
            double r = Math.max(0, rdp[i]);
            double eps;
            if (delta * delta + Math.expm1(-r) > 0) {
                eps = 0;
            } else if (alpha > MIN_ORDER) {
                eps = r + Math.log1p(-1 / alpha) - (logDelta + Math.log(alpha)) / (alpha - 1);
            } else {
                eps = Double.POSITIVE_INFINITY;
            }
            if (eps < best) {
                best = eps;
                bestOrder = alpha;
            }
        }
        return new PrivacySpent(Math.max(0, best), delta, bestOrder, accountant);
    }

    /** The smallest δ over the orders for the given ε ≥ 0, with the order that gives it. */
    public static PrivacySpent delta(RdpOrders orders, double[] rdp, double epsilon, String accountant) {
        check(orders, rdp);
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and at least 0, was " + epsilon);
        }
        double bestLog = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        for (int i = 0; i < rdp.length; i++) {
            double alpha = orders.get(i);
            double r = Math.max(0, rdp[i]);
            double logDelta = r == 0 ? Double.NEGATIVE_INFINITY : 0.5 * Math.log1p(-Math.exp(-r));
            if (alpha > MIN_ORDER) {
                double bound = (alpha - 1) * (r - epsilon + Math.log1p(-1 / alpha)) - Math.log(alpha);
                logDelta = Math.min(logDelta, bound);
            }
            if (logDelta < bestLog) {
                bestLog = logDelta;
                bestOrder = alpha;
            }
        }
        return new PrivacySpent(epsilon, Math.min(1, Math.exp(bestLog)), bestOrder, accountant);
    }

    private static void check(RdpOrders orders, double[] rdp) {
        if (rdp.length != orders.size()) {
            throw new IllegalArgumentException(
                    "need one RDP value per order: " + rdp.length + " values for " + orders.size() + " orders");
        }
    }
}
