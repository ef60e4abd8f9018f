package org.flotilla.simulator;

import java.nio.file.Path;
import java.util.List;

import org.flotilla.demo.federation.RoundView;
import tools.jackson.databind.JsonNode;

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
 * @param job          the job as {@code GET /api/v1/jobs/{id}} showed it at the end (with its
 *                     {@code privacy} figures for a differentially private job)
 * @param roundRecords the round attempts as {@code GET /api/v1/jobs/{id}/rounds} showed them at the end
 * @param roundDetails each round as {@code GET /api/v1/jobs/{id}/rounds/{round}} showed it at the end,
 *                     round 1 first, when {@link Simulation.Builder#roundDetails} asked for it; else empty
 */
public record SimulationResult(long jobId, String state, List<RoundView> rounds, byte[] finalWeights, Path modelPath,
                               int hosted, List<String> failures, Latencies latencies, JsonNode job,
                               JsonNode roundRecords, List<JsonNode> roundDetails) {

    public SimulationResult {
        rounds = List.copyOf(rounds);
        roundDetails = List.copyOf(roundDetails);
        failures = List.copyOf(failures);
    }

    /** The last round's server-side test accuracy, NaN when none was measured. */
    public double finalAccuracy() {
        return org.flotilla.demo.Summary.finalAccuracy(rounds);
    }
}
