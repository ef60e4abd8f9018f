package org.flotilla.operator.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import org.flotilla.operator.api.CoordinatorApi;

/**
 * A {@link JobFeed} that follows the job's event stream ({@code GET /api/v1/jobs/{id}/events},
 * docs/events.md) and reads the job and its rounds again whenever an event says something changed:
 * what is printed still comes from the REST records, so the output is the same as polling's, only
 * without its delay. A stream that ends while the job runs (its maximum duration) is reopened with
 * {@code Last-Event-ID}. When the stream cannot be opened (a coordinator without it, the stream
 * cap reached) or breaks, polling takes over ({@link PollingJobFeed}, which also rides out a
 * coordinator that restarts), carrying on from what was already reported.
 */
public final class StreamingJobFeed implements JobFeed {

    private final CoordinatorApi api;
    private final PollingJobFeed fallback;

    public StreamingJobFeed(CoordinatorApi api, PollingJobFeed fallback) {
        this.api = api;
        this.fallback = fallback;
    }

    @Override
    public void follow(long jobId, Predicate<JobEvent> listener) {
        JobSnapshot snapshot = new JobSnapshot(listener);
        String lastEventId = null;
        String path = "/api/v1/jobs/" + jobId + "/events?types=job,round,evaluation";
        try {
            while (true) {
                InputStream stream;
                try {
                    stream = api.events(path, lastEventId);
                } catch (OperatorException e) {
                    if (e.exitCode() == ExitCode.UNAUTHORIZED) {
                        throw e;
                    }
                    break; // polling says what is wrong if the job is missing, or copes
                }
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    lastEventId = follow(in, lastEventId, snapshot, jobId);
                    if (lastEventId == null) {
                        return;
                    }
                }
                if (!snapshot.read(api, jobId)) {
                    return;
                }
            }
        } catch (IOException | OperatorException broken) {
            if (broken instanceof OperatorException o && o.exitCode() != ExitCode.UNREACHABLE) {
                throw o;
            }
        }
        fallback.follow(jobId, snapshot);
    }

    /**
     * Reads one stream to its end, reading the records on every event.
     *
     * @return the last event id seen (to resume with; empty when none), or null when following is over
     */
    private String follow(BufferedReader in, String lastEventId, JobSnapshot snapshot, long jobId) throws IOException {
        String id = lastEventId == null ? "" : lastEventId;
        boolean data = false;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (data && !snapshot.read(api, jobId)) {
                    return null;
                }
                data = false;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("data:")) {
                data = true;
            }
        }
        return id;
    }
}
