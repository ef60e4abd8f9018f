package org.flotilla.secagg;

import java.util.Optional;

/**
 * The parameters of one round resolved against its participants (the clients that advertised
 * keys): the neighbourhood degree, the threshold and the modulus. Server and clients compute it
 * from the same inputs, so they agree without another message.
 *
 * @param participants  how many clients advertised keys (n)
 * @param neighbours    k, the degree of the graph (n − 1 for the complete graph)
 * @param threshold     t, shares needed per secret, among the k + 1 holders
 * @param modulusBits   b: vectors live in Z_{2^b}, with 2^b &gt; n · W · (2^b_q − 1), so the sum
 *                      of every participant's weighted quantized update never wraps
 */
public record RoundPlan(int participants, int neighbours, int threshold, int modulusBits) {

    /** Most participants in one round (bounds every list and every share's x-coordinate). */
    public static final int MAX_PARTICIPANTS = 10_000;

    /** The bit mask 2^b − 1 of the modulus. */
    public long modulusMask() {
        return modulusBits == 64 ? -1L : (1L << modulusBits) - 1;
    }

    /** Bytes per vector element on the wire. */
    public int bytesPerElement() {
        return (modulusBits + 7) / 8;
    }

    /** Shares per secret: the neighbours plus the owner. */
    public int sharesPerSecret() {
        return neighbours + 1;
    }

    /**
     * Resolves {@code parameters} for {@code n} participants; a violation when the round cannot
     * run (too few participants for the threshold, or too many for the library's bounds).
     */
    public static Result resolve(SecAggParameters parameters, int n) {
        if (n < 2 || n > MAX_PARTICIPANTS) {
            return new Result.Invalid(new Violation("participants", "2.." + MAX_PARTICIPANTS,
                    "a secure round needs between 2 and " + MAX_PARTICIPANTS + " participants, had " + n));
        }
        int k = parameters.neighbourhood().neighbours(n);
        int m = k + 1;
        int t = parameters.threshold().resolve(m);
        if (t > m) {
            return new Result.Invalid(new Violation("threshold", "at most " + m,
                    "threshold " + t + " exceeds the " + m + " shares of a neighbourhood of " + n + " participants"));
        }
        long levels = (1L << parameters.quantizationBits()) - 1;
        // Largest possible coordinate of the sum; the weight coordinate (≤ n·W) is smaller.
        long maxSum = Math.multiplyExact(Math.multiplyExact((long) n, parameters.maxWeight()), levels);
        int bits = 64 - Long.numberOfLeadingZeros(maxSum);
        return new Result.Resolved(new RoundPlan(n, k, t, bits));
    }

    /** The outcome of {@link #resolve}: a value, never an exception. */
    public sealed interface Result {
        /** The plan, if the round can run. */
        default Optional<RoundPlan> resolved() {
            return this instanceof Resolved r ? Optional.of(r.plan()) : Optional.empty();
        }

        /** The round can run with this plan. */
        record Resolved(RoundPlan plan) implements Result {
        }

        /** The round cannot run; the violation says why. */
        record Invalid(Violation violation) implements Result {
        }
    }
}
