package org.flotilla.secagg;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's secure-aggregation settings: who shares with whom ({@link #neighbourhood()}), how many
 * shares reconstruct a secret ({@link #threshold()}), and how updates become integers
 * ({@link #clipRange()}, {@link #quantizationBits()}, {@link #maxWeight()}). The modulus is not
 * a setting: each round sizes it from these and its number of participants so a sum never
 * wraps (see {@link RoundPlan#modulusBits()}).
 *
 * @param threshold        shares needed to reconstruct a secret; default a strict majority of
 *                         the neighbourhood (see {@link Threshold.Majority})
 * @param neighbourhood    complete graph or k-regular; default k ≈ 3·log2 n (SecAgg+)
 * @param clipRange        r: each coordinate of an update is clipped to [−r, r]; default 1.0
 *                         (a local-training delta of the built-in models stays well inside)
 * @param quantizationBits b_q: [−r, r] maps onto the integers 0..2^b_q − 1; default 16, a step of
 *                         2r/(2^16 − 1) ≈ 3.1e-5 at r = 1, below SGD's own noise
 * @param maxWeight        W: a client's FedAvg weight (its example count) is capped at W before
 *                         masking; default 65,536 (a whole Fashion-MNIST training set fits)
 */
public record SecAggParameters(
        Threshold threshold, Neighbourhood neighbourhood, double clipRange, int quantizationBits, long maxWeight) {

    /** Largest clipping range. */
    public static final double MAX_CLIP_RANGE = 1.0e6;
    /** Largest quantization width: 2^24 levels keep W·2^b_q·n inside 62 bits. */
    public static final int MAX_QUANTIZATION_BITS = 24;
    /** Largest weight cap (2^24). */
    public static final long MAX_WEIGHT = 1L << 24;
    /** Smallest threshold: one holder alone must never suffice. */
    public static final int MIN_THRESHOLD = 2;
    /** Smallest even degree of a k-regular graph. */
    public static final int MIN_NEIGHBOURS = 2;

    public SecAggParameters {
        List<Violation> violations = check(threshold, neighbourhood, clipRange, quantizationBits, maxWeight);
        if (!violations.isEmpty()) {
            throw new InvalidParametersException(violations);
        }
    }

    /** The defaults explained above. */
    public static SecAggParameters defaults() {
        return new SecAggParameters(new Threshold.Majority(), new Neighbourhood.Logarithmic(), 1.0, 16, 65_536);
    }

    /** Every rule the values break (empty when they make valid parameters). */
    public static List<Violation> check(
            Threshold threshold, Neighbourhood neighbourhood, double clipRange, int quantizationBits, long maxWeight) {
        List<Violation> v = new ArrayList<>();
        if (threshold == null) {
            v.add(new Violation("threshold", "present", "threshold must be \"majority\" or an integer"));
        } else if (threshold instanceof Threshold.Fixed f && (f.t() < MIN_THRESHOLD || f.t() > RoundPlan.MAX_PARTICIPANTS)) {
            v.add(new Violation("threshold", MIN_THRESHOLD + ".." + RoundPlan.MAX_PARTICIPANTS,
                    "threshold must be between " + MIN_THRESHOLD + " and " + RoundPlan.MAX_PARTICIPANTS + ", was " + f.t()));
        }
        if (neighbourhood == null) {
            v.add(new Violation("neighbours", "present", "neighbours must be \"complete\", \"logarithmic\" or an even integer"));
        } else if (neighbourhood instanceof Neighbourhood.Regular r
                && (r.k() < MIN_NEIGHBOURS || r.k() % 2 != 0 || r.k() >= RoundPlan.MAX_PARTICIPANTS)) {
            v.add(new Violation("neighbours", "an even integer in " + MIN_NEIGHBOURS + ".." + (RoundPlan.MAX_PARTICIPANTS - 2),
                    "neighbours must be an even integer between " + MIN_NEIGHBOURS + " and "
                            + (RoundPlan.MAX_PARTICIPANTS - 2) + " (a Harary graph), was " + r.k()));
        }
        if (!(clipRange > 0 && clipRange <= MAX_CLIP_RANGE)) {
            v.add(new Violation("clipRange", "(0, " + MAX_CLIP_RANGE + "]",
                    "clipRange must be positive and at most " + MAX_CLIP_RANGE + ", was " + clipRange));
        }
        if (quantizationBits < 1 || quantizationBits > MAX_QUANTIZATION_BITS) {
            v.add(new Violation("quantizationBits", "1.." + MAX_QUANTIZATION_BITS,
                    "quantizationBits must be between 1 and " + MAX_QUANTIZATION_BITS + ", was " + quantizationBits));
        }
        if (maxWeight < 1 || maxWeight > MAX_WEIGHT) {
            v.add(new Violation("maxWeight", "1.." + MAX_WEIGHT,
                    "maxWeight must be between 1 and " + MAX_WEIGHT + ", was " + maxWeight));
        }
        return List.copyOf(v);
    }

    /** The per-coordinate quantization step 2r / (2^b_q − 1), the bound on one coordinate's error. */
    public double quantizationStep() {
        return 2 * clipRange / ((1L << quantizationBits) - 1);
    }
}
