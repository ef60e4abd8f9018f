package org.flotilla.coordinator.events;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.round.RoundResult;
import org.flotilla.model.wire.EvalResult;

/** The {@code data:} of each event type, one line of JSON (docs/events.md). */
public final class EventData {

    private EventData() {
    }

    /**
     * {@code ready}: the first event of every stream.
     *
     * @param stream  {@code fleet} ({@code GET /api/v1/events}) or {@code job}
     *                ({@code GET /api/v1/jobs/{jobId}/events})
     * @param jobId   the job of a job stream, null for the fleet
     * @param resumed true when the stream continues exactly after the {@code Last-Event-ID} sent
     *                (the events missed meanwhile follow); false for a new stream, or when that id
     *                was too old or from another replica or process: re-read the REST resources
     * @param replica the coordinator replica serving the stream
     */
    @Schema(name = "EventReady")
    public record Ready(String stream, Long jobId, boolean resumed, String replica) {
    }

    /**
     * {@code job}: a job was created or changed state (also the second event of a job stream that
     * did not resume: the job as it is).
     *
     * @param jobId                   the job
     * @param name                    its label
     * @param state                   {@code CREATED}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
     * @param reason                  why it failed, was cancelled or stopped early; else null
     * @param rounds                  rounds it runs at most
     * @param completedRounds         rounds completed so far
     * @param latestTestAccuracy      server-side test accuracy after its latest round that had one, or null
     * @param latestFederatedAccuracy accuracy of its latest completed federated evaluation, or null
     * @param at                      when the change was committed
     */
    @Schema(name = "JobChangeEvent")
    public record JobChange(long jobId, String name, JobState state, String reason, int rounds, int completedRounds,
                            Double latestTestAccuracy, Double latestFederatedAccuracy, Instant at) {
    }

    /**
     * {@code round}, {@code evaluation} or {@code cohort}: a cohort opened, changed state, or
     * counted an assignment, an answer or a decline.
     *
     * @param jobId      the job
     * @param kind       the cohort's kind: {@code TRAIN} (a {@code round} event), {@code EVALUATE}
     *                   (an {@code evaluation} event) or another ({@code cohort})
     * @param round      the round number
     * @param attempt    the attempt (training rounds are retried as new attempts)
     * @param state      as the REST API names it: {@code SELECTION}, {@code TRAINING},
     *                   {@code AGGREGATING}, {@code COMPLETED}, {@code FAILED} for a round;
     *                   {@code SELECTION}, {@code EVALUATING}, {@code COMPLETED}, {@code FAILED} for
     *                   an evaluation; the engine's {@code SELECTION}, {@code WORKING},
     *                   {@code CLOSING}, {@code COMPLETED}, {@code FAILED} for other kinds
     * @param selected   clients assigned so far
     * @param reported   answers counted so far
     * @param declined   assignments declined so far
     * @param wanted     answers it counts at most (the round's {@code clientsPerRound})
     * @param quorum     answers it needs to succeed
     * @param outcome    why it failed, or what closing said; else null
     * @param at         when the change was committed (or seen, for a change another replica made)
     * @param result     for a completed round: what it recorded, as in {@code GET /api/v1/jobs/{id}/rounds}; else null
     * @param evaluation for a completed evaluation: the example-weighted figures; else null
     */
    @Schema(name = "CohortChangeEvent")
    public record CohortChange(long jobId, String kind, int round, int attempt, String state, int selected,
                               int reported, int declined, int wanted, int quorum, String outcome, Instant at,
                               RoundResult result, EvalResult evaluation) {
    }

    /**
     * {@code participant}: a client was assigned, or its answer was counted, declined, dropped or
     * late. Only for changes this replica made.
     *
     * @param jobId         the job
     * @param kind          the cohort's kind ({@code TRAIN}, {@code EVALUATE}, …)
     * @param round         the round number
     * @param attempt       the attempt
     * @param clientId      the client
     * @param status        {@code ASSIGNED}, {@code REPORTED}, {@code DECLINED}, {@code DROPPED} or {@code LATE}
     * @param declineReason the protocol decline reason when declined, else null
     * @param at            when
     */
    @Schema(name = "ParticipantChangeEvent")
    public record ParticipantChange(long jobId, String kind, int round, int attempt, String clientId, String status,
                                    String declineReason, Instant at) {
    }

    /**
     * {@code client} (fleet stream only): a client enrolled, or its registry status changed.
     *
     * @param clientId       the client
     * @param name           its label
     * @param status         {@code TRAINING}, {@code EVALUATING}, {@code IDLE}, {@code OFFLINE} or {@code REVOKED}
     * @param previousStatus the status before, or null when it just enrolled
     * @param lastSeen       its last enrolment or check-in
     * @param at             when the change was seen
     */
    @Schema(name = "ClientChangeEvent")
    public record ClientChange(String clientId, String name, String status, String previousStatus, Instant lastSeen,
                               Instant at) {
    }
}
