package org.flotilla.edge.training;

import java.util.List;

/**
 * What a round of local training produced and how it went.
 *
 * @param parameters       the trained (averaged) parameters, DL4J's flattened order
 * @param completed        false when a stop request ended training early (then discard it)
 * @param examplesSeen     training examples processed, over all epochs and workers
 * @param epochs           epochs completed
 * @param trainLoss        mean loss over the last epoch's batches (at the weights each batch saw)
 * @param trainAccuracy    accuracy over the last epoch's batches, likewise
 * @param trainNanos       wall time of the parallel phase
 * @param workers          worker threads used
 * @param averagings       how many times the replicas were averaged
 * @param parallelism      the workers' thread-level parallelism over the parallel phase
 * @param busyIntervals    every worker's training-step intervals (for inspection and tests)
 * @param windowStart      start of the parallel phase ({@link System#nanoTime()})
 * @param windowEnd        its end
 */
public record TrainingResult(float[] parameters, boolean completed, long examplesSeen, int epochs,
                             double trainLoss, double trainAccuracy, long trainNanos, int workers, int averagings,
                             ParallelismProfile parallelism, List<List<Interval>> busyIntervals,
                             long windowStart, long windowEnd) {

    /** Seconds of training. */
    public double trainSeconds() {
        return trainNanos / 1e9;
    }

    /** Training throughput: examples processed per second of training. */
    public double samplesPerSecond() {
        return trainNanos == 0 ? 0 : examplesSeen / (trainNanos / 1e9);
    }
}
