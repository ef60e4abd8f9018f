package org.flotilla.operator.watch;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.flotilla.operator.api.CoordinatorApi;
import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import tools.jackson.databind.JsonNode;

/**
 * What a feed has reported of one job: reads {@code GET /api/v1/jobs/{id}} and
 * {@code GET /api/v1/jobs/{id}/rounds} and reports what changed since the last reading, the job
 * first, then its rounds. The job is read before its rounds, so when it is terminal every round
 * it counts is reported. Shared by the polling and the streaming feed, so that one can take over
 * from the other without reporting anything twice.
 */
final class JobSnapshot {

    private final Predicate<JobEvent> listener;
    private final Map<String, Views.Round> seen = new HashMap<>();
    private Views.Job lastJob;
    private boolean stopped;

    JobSnapshot(Predicate<JobEvent> listener) {
        this.listener = listener;
    }

    /**
     * Reads the job and its rounds and reports the changes.
     *
     * @return whether to go on: false once the job is terminal or the listener stopped
     * @throws org.flotilla.operator.OperatorException when a call fails (see {@link CoordinatorApi#get})
     */
    boolean read(CoordinatorApi api, long jobId) {
        JsonNode jobJson = api.get("/api/v1/jobs/" + jobId).json();
        JsonNode roundsJson = api.get("/api/v1/jobs/" + jobId + "/rounds").json();
        Views.Job job = Json.convert(jobJson, Views.Job.class);
        if (!job.equals(lastJob)) {
            lastJob = job;
            if (!deliver(new JobEvent.JobChanged(job, jobJson))) {
                return false;
            }
        }
        for (JsonNode r : roundsJson) {
            Views.Round round = Json.convert(r, Views.Round.class);
            String key = round.round() + "." + round.attempt();
            if (!round.equals(seen.get(key))) {
                seen.put(key, round);
                if (!deliver(new JobEvent.RoundChanged(round, r))) {
                    return false;
                }
            }
        }
        return !job.isTerminal();
    }

    /** Passes {@code event} on; false once the listener asked to stop. */
    boolean deliver(JobEvent event) {
        if (!stopped && !listener.test(event)) {
            stopped = true;
        }
        return !stopped;
    }
}
