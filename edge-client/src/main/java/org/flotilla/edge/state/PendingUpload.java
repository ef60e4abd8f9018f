package org.flotilla.edge.state;

import java.time.Instant;

/**
 * A finished update waiting for the coordinator's acknowledgement: everything needed to send it
 * again after a restart. The encoded update itself is stored next to it.
 *
 * @param jobId         job
 * @param round         round
 * @param clientId      the client that trained it (uploads of a previous identity are dropped)
 * @param uploadPath    where to PUT it
 * @param metricsJson   the {@code Flotilla-Metrics} header value
 * @param updateSha256  hash of the encoded update, to detect a damaged file
 * @param deadline      the round's deadline
 * @param createdAt     when training finished
 */
public record PendingUpload(long jobId, int round, String clientId, String uploadPath, String metricsJson,
                            String updateSha256, Instant deadline, Instant createdAt) {

    /** The file-name stem of this upload, e.g. {@code job-1-round-3}. */
    public String key() {
        return "job-" + jobId + "-round-" + round;
    }

    /** Human description for log lines. */
    public String describe() {
        return "update for job " + jobId + " round " + round;
    }
}
