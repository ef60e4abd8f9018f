package org.flotilla.bench.timetoaccuracy;

import java.util.List;

/**
 * What one workload measured.
 *
 * @param workload              the workload
 * @param clients               edge-client processes
 * @param workersPerClient      worker threads per client
 * @param state                 the job's final state
 * @param rounds                per-round figures
 * @param totalWallSeconds      job created → job finished
 * @param secondsToThreshold    wall time from job creation until a round's test accuracy reached the
 *                              workload's threshold, or null
 * @param roundToThreshold      the first round at or above the threshold, or null
 * @param coordinatorPeakRssMb  peak resident memory of the coordinator process
 * @param clientPeakRssMb       peak resident memory of client-00
 * @param aggregationFloatsPerSecond parameters × updates folded per second of aggregation, mean over rounds
 * @param coordinatorCpuSeconds CPU time (user + system) the coordinator used from job creation to the job's end
 * @param clientsCpuSeconds     CPU time all client processes used together over the same span
 */
public record WorkloadResult(Workload workload, int clients, int workersPerClient, String state,
                             List<RoundTiming> rounds, double totalWallSeconds, Double secondsToThreshold,
                             Integer roundToThreshold, double coordinatorPeakRssMb, double clientPeakRssMb,
                             double aggregationFloatsPerSecond, double coordinatorCpuSeconds,
                             double clientsCpuSeconds) {
}
