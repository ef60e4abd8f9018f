package org.flotilla.bench.timetoaccuracy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import tools.jackson.databind.JsonNode;

/**
 * Waits for one job's end (reading only the job while it runs, once a second, so as to load the
 * coordinator as little as the old benchmark did), then for its rounds' server-side evaluations:
 * a round is final once it has finished and the coordinator no longer says its evaluation is
 * pending ({@code pendingEvaluation}; the evaluation runs after the round's commit).
 */
final class RoundWatch {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final CoordinatorApi api;
    private final long jobId;
    private final LocalFederation federation;
    private final Set<String> shown = new HashSet<>();
    private int lastRound;

    RoundWatch(CoordinatorApi api, long jobId, LocalFederation federation) {
        this.api = api;
        this.jobId = jobId;
        this.federation = federation;
    }

    /**
     * Waits, at most {@code limit}, until {@code clients} clients have checked in (their version is
     * known only from a check-in; enrolment alone does not record it).
     */
    static void awaitCheckedIn(CoordinatorApi api, int clients, Duration limit, LocalFederation federation)
            throws IOException, InterruptedException {
        Instant until = Instant.now().plus(limit);
        int seen = 0;
        while (Instant.now().isBefore(until)) {
            seen = 0;
            for (JsonNode c : api.clients()) {
                if (c.path("clientVersion").isString()) {
                    seen++;
                }
            }
            if (seen >= clients) {
                return;
            }
            if (!federation.coordinator().isAlive()) {
                throw new IOException("the coordinator stopped; see " + federation.coordinator().log());
            }
            Thread.sleep(200);
        }
        throw new IOException(seen + " of " + clients + " clients checked in within " + limit.toSeconds() + " s");
    }

    /** The highest round number listed (after {@link #awaitEvaluations}). */
    int lastRound() {
        return lastRound;
    }

    /** Waits until the job is COMPLETED, FAILED or CANCELLED and answers it. */
    JsonNode awaitTerminal() throws IOException, InterruptedException {
        while (true) {
            JsonNode job = api.job(jobId);
            String state = job.path("state").asString("");
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return job;
            }
            alive();
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Waits, at most {@code limit}, until no finished round waits for its server-side evaluation (a
     * COMPLETED job has none; a failed or cancelled one may still be evaluating).
     */
    void awaitEvaluations(Duration limit) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(limit);
        while (pending() > 0 && Instant.now().isBefore(until)) {
            alive();
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Reads the round list, prints the rounds that are now final and answers how many still wait. */
    private int pending() throws IOException, InterruptedException {
        int waiting = 0;
        for (JsonNode r : api.rounds(jobId)) {
            lastRound = Math.max(lastRound, r.path("round").asInt());
            String state = r.path("state").asString("");
            boolean finished = state.equals("COMPLETED") || state.equals("FAILED");
            if (!finished) {
                continue;
            }
            if (r.path("pendingEvaluation").asBoolean(false)) {
                waiting++;
            } else if (shown.add(r.path("round").asInt() + "." + r.path("attempt").asInt())) {
                JsonNode acc = r.path("result").path("testAccuracy");
                System.out.printf(Locale.ROOT, "  round %d.%d %s, test accuracy %s%n", r.path("round").asInt(),
                        r.path("attempt").asInt(), state, acc.isNumber() ? String.format(Locale.ROOT, "%.4f",
                                acc.asDouble()) : "none");
            }
        }
        return waiting;
    }

    private void alive() throws IOException {
        if (!federation.coordinator().isAlive()) {
            throw new IOException("the coordinator stopped; see " + federation.coordinator().log());
        }
    }
}
