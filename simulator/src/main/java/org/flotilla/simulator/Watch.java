package org.flotilla.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.RoundView;
import tools.jackson.databind.JsonNode;

/**
 * Follows the job through the operator's API: one line per finished round (with how many of this
 * process's virtual clients are online), the open round for the devices' availability, the end.
 */
final class Watch {

    private final CoordinatorApi api;
    private final long jobId;
    private final RoundTracker tracker;
    private final VirtualFleet fleet;
    private final PrintStream out;
    private final Map<String, RoundView> shown = new LinkedHashMap<>();

    Watch(CoordinatorApi api, long jobId, RoundTracker tracker, VirtualFleet fleet, PrintStream out) {
        this.api = api;
        this.jobId = jobId;
        this.tracker = tracker;
        this.fleet = fleet;
        this.out = out;
    }

    /** Polls until the job is COMPLETED, FAILED or CANCELLED; returns the job. */
    JsonNode untilEnd() throws IOException, InterruptedException {
        out.printf("%5s  %12s  %10s  %13s  %9s  %9s%n", "round", "participants", "train loss", "test accuracy",
                "seconds", "online");
        while (true) {
            // The job's state first: once it is terminal, the round list read after it is complete.
            JsonNode job = patiently(() -> api.job(jobId));
            String state = job.path("state").asString("");
            int open = 0;
            for (JsonNode r : patiently(() -> api.rounds(jobId))) {
                RoundView v = RoundView.of(r);
                open = Math.max(open, v.round());
                String key = v.round() + "/" + v.attempt();
                if (v.isFinished() && !shown.containsKey(key)) {
                    shown.put(key, v);
                    out.printf(Locale.ROOT, "%5d  %12d  %10.4f  %13.4f  %9.1f  %9s%s%n", v.round(), v.participants(),
                            v.trainLoss(), v.testAccuracy(), v.seconds(),
                            (fleet.size() - tracker.offline()) + "/" + fleet.size(),
                            v.state().equals("FAILED") ? "  (failed)" : "");
                }
            }
            tracker.advance(open);
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return job;
            }
            Thread.sleep(500);
        }
    }

    /**
     * {@code call}, tried again for up to a minute when the coordinator does not answer or answers
     * with an error: a coordinator busy with thousands of clients may fail a status read now and then.
     */
    private static JsonNode patiently(Read call) throws IOException, InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return call.read();
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private interface Read {
        JsonNode read() throws IOException, InterruptedException;
    }

    /** The rounds finished so far, in order. */
    List<RoundView> finished() {
        return new ArrayList<>(shown.values());
    }
}
