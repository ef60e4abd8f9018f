package org.flotilla.coordinator.secagg;

import java.util.List;
import java.util.Locale;

import org.flotilla.coordinator.strategy.WeightedMean;
import org.flotilla.secagg.server.AggregationResult;
import org.flotilla.secagg.server.Participation;
import org.flotilla.secagg.server.RoundFailure;

/**
 * The end of a secure round as the training step needs it: the survivors' weighted mean for a
 * mean-based strategy (FedAvg takes it as its step; FedAvgM and the FedOpt family as their
 * pseudo-gradient), or the reason the attempt fails — fewer than t survivors, too few unmask
 * shares — after which the job's retry policy applies as for any failed round.
 */
public sealed interface SecureMean {

    /** Who took part in each phase, for the round record (drop-outs are the differences). */
    Participation participation();

    /**
     * The unmasked result.
     *
     * @param mean          Σ w_k·Δ_k / Σ w_k over the survivors, within the quantization bound
     * @param totalWeight   Σ w_k (example counts capped at the job's {@code maxWeight})
     * @param participation who took part in each phase
     */
    record Mean(WeightedMean mean, long totalWeight, Participation participation) implements SecureMean {
    }

    /**
     * No aggregate.
     *
     * @param reason        a sentence for the round's record: what was needed and what there was
     * @param participation who took part in each phase
     */
    record Failed(String reason, Participation participation) implements SecureMean {
    }

    /** The strategy's input from the library's result. */
    static SecureMean of(AggregationResult result) {
        return switch (result) {
            case AggregationResult.Aggregated a -> {
                float[] m = a.weightedMean();
                double[] delta = new double[m.length];
                for (int i = 0; i < m.length; i++) {
                    delta[i] = m[i];
                }
                List<String> survivors = a.participation().masked();
                yield new Mean(new WeightedMean(delta, survivors), a.totalWeight(), a.participation());
            }
            case AggregationResult.Failed f -> new Failed(describe(f.failure()), f.participation());
        };
    }

    /** E.g. "secure aggregation failed (TOO_FEW_SURVIVORS: needed 4, had 3): …". */
    static String describe(RoundFailure f) {
        return String.format(Locale.ROOT, "secure aggregation failed (%s: needed %d, had %d): %s",
                f.reason(), f.needed(), f.had(), f.detail());
    }
}
