package org.flotilla.privacy.sampling;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Poisson sampling of clients with rate q, the selection the accountant's amplification by
 * sampling assumes: each candidate is taken independently with probability q, with no target
 * count, no over-selection and no refilling of the cohort when someone declines. Which clients
 * were drawn must stay secret from whoever the guarantee is against, so the default source is a
 * {@link SecureRandom}.
 *
 * <p>Rules for the caller, each needed for the analysis to hold: call it once per round with
 * every eligible client (a client's eligibility must not depend on its data); do not re-draw a
 * round because the cohort came out small or large; a round that is retried is a new draw and is
 * accounted again; clients that drop out after being drawn only lower the sum, which the
 * fixed-denominator estimator absorbs.
 *
 * @param samplingRate q in (0, 1]
 */
public record PoissonSampling(double samplingRate) {

    public PoissonSampling {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("samplingRate must be in (0, 1], was " + samplingRate);
        }
    }

    /** The rate that gives an expected cohort of {@code expectedClients} out of {@code population}. */
    public static PoissonSampling forExpectedCohort(double expectedClients, long population) {
        if (population < 1) {
            throw new IllegalArgumentException("population must be at least 1, was " + population);
        }
        if (!(expectedClients > 0 && expectedClients <= population)) {
            throw new IllegalArgumentException(
                    "expectedClients must be above 0 and at most the population " + population + ", was " + expectedClients);
        }
        return new PoissonSampling(expectedClients / population);
    }

    /** The expected cohort size qN for {@code population} eligible clients. */
    public double expectedCohort(long population) {
        return samplingRate * population;
    }

    /** The candidates drawn this round, each with probability q, using a secure generator. */
    public <T> List<T> select(List<T> candidates) {
        return select(candidates, new SecureRandom());
    }

    /** As {@link #select(List)}, with the given generator (it must be unpredictable in production). */
    public <T> List<T> select(List<T> candidates, RandomGenerator random) {
        List<T> chosen = new ArrayList<>();
        for (T candidate : candidates) {
            if (samplingRate == 1 || random.nextDouble() < samplingRate) {
                chosen.add(candidate);
            }
        }
        return chosen;
    }
}
