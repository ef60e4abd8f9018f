package org.flotilla.simulator;

import java.nio.file.Path;
import java.util.List;

import org.flotilla.demo.federation.RoundView;

/**
 * What a simulation produced.
 *
 * @param jobId        the coordinator's job
 * @param state        the job's final state (COMPLETED, FAILED, CANCELLED), or RUNNING when this
 *                     shard stopped without leading
 * @param rounds       finished rounds, as the demo shows them
 * @param finalWeights the job's latest global weights in Flotilla's binary format, or null
 * @param modelPath    the final model as a DL4J zip, or null
 * @param hosted       virtual clients this process hosted
 * @param failures     clients whose loop ended on an error (messages), empty when all ran to the end
 * @param latencies    answer times of the clients' calls to the coordinator
 */
public record SimulationResult(long jobId, String state, List<RoundView> rounds, byte[] finalWeights, Path modelPath,
                               int hosted, List<String> failures, Latencies latencies) {

    public SimulationResult {
        rounds = List.copyOf(rounds);
        failures = List.copyOf(failures);
    }

    /** The last round's server-side test accuracy, NaN when none was measured. */
    public double finalAccuracy() {
        return org.flotilla.demo.Summary.finalAccuracy(rounds);
    }
}
