package org.flotilla.coordinator.cohort;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Poisson sampling of clients: each eligible client joins a cohort independently with probability
 * {@code rate}, the sampling that the privacy analysis of DP-FedAvg assumes (McMahan, Ramage,
 * Talwar, Zhang, "Learning Differentially Private Recurrent Language Models", ICLR 2018; the
 * sampled Gaussian mechanism of Mironov, Talwar, Zhang 2019). The coin of a client for a cohort is
 * a keyed hash of the job's secret seed, the cohort and the client, so repeated check-ins cannot
 * re-roll it and replicas agree. The cohort's target then bounds the sample from above only.
 *
 * @param rate the sampling rate q in (0, 1]
 * @param seed a secret per-job seed (not the public job seed, or clients could predict their coins)
 */
public record PoissonSampling(double rate, long seed) implements SelectionPolicy {

    public PoissonSampling {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("a sampling rate is in (0, 1], was " + rate);
        }
    }

    @Override
    public boolean admits(Cohort cohort, Candidate candidate, Lookup lookup) {
        return candidate.examples() > 0 && coin(cohort.id(), candidate.clientId()) < rate;
    }

    /** A uniform number in [0, 1) for (cohort, client), from the first 53 bits of SHA-256. */
    double coin(long cohortId, String clientId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(16).putLong(seed).putLong(cohortId).array());
            sha.update(clientId.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
