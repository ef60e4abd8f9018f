package org.flotilla.edge.round;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.ConflictException;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.http.FatalException;
import org.flotilla.edge.http.Retrying;
import org.flotilla.edge.http.RetriableException;
import org.flotilla.edge.http.UnauthorizedException;
import org.flotilla.edge.http.UploadAck;
import org.flotilla.edge.lifecycle.StoppedException;
import org.flotilla.edge.state.PendingUpload;
import org.flotilla.edge.state.PendingUploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends updates and keeps {@code pending/} in step with the answers: acknowledged (201, 200) →
 * removed; refused for good (409, other 4xx) → removed and logged once; not acknowledged before
 * the deadline or interrupted by a shutdown → kept for a later attempt. A 401 is not handled here:
 * it ends the client (re-enrolment needed) and leaves the update in place.
 */
public final class Uploader {

    /** Pending updates whose round ended longer ago than this are dropped without a try. */
    public static final Duration EXPIRY = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);

    private final CoordinatorClient client;
    private final ClientCredentials credentials;
    private final PendingUploads pending;
    private final Retrying retrying;
    private final Clock clock;

    public Uploader(CoordinatorClient client, ClientCredentials credentials, PendingUploads pending, Retrying retrying,
                    Clock clock) {
        this.client = client;
        this.credentials = credentials;
        this.pending = pending;
        this.retrying = retrying;
        this.clock = clock;
    }

    /**
     * Uploads {@code update}, retrying retriable failures until {@code retryUntil}.
     *
     * @throws UnauthorizedException when the coordinator refuses our credentials
     */
    public RoundOutcome upload(PendingUpload upload, byte[] update, Instant retryUntil) {
        try {
            UploadAck ack = retrying.call("upload of the " + upload.describe(), retryUntil,
                    () -> client.upload(credentials, upload.uploadPath(), update, upload.metricsJson()));
            forget(upload);
            LOG.info("{} {} ({} bytes)", upload.describe(),
                    ack == UploadAck.CREATED ? "accepted" : "had already been accepted", update.length);
            return ack == UploadAck.CREATED ? RoundOutcome.UPLOADED : RoundOutcome.ALREADY_ACCEPTED;
        } catch (ConflictException e) {
            forget(upload);
            LOG.warn("{} dropped: the coordinator answered 409 (the round is closed or a different update was"
                    + " accepted for it)", upload.describe());
            return RoundOutcome.DROPPED;
        } catch (UnauthorizedException e) {
            throw e;
        } catch (FatalException e) {
            forget(upload);
            LOG.warn("{} dropped: {}", upload.describe(), e.getMessage());
            return RoundOutcome.REJECTED;
        } catch (RetriableException e) {
            LOG.warn("{} not acknowledged before its deadline; kept in {}/ to try again later", upload.describe(),
                    PendingUploads.DIR);
            return RoundOutcome.KEPT_PENDING;
        } catch (StoppedException e) {
            LOG.info("{} kept in {}/: stopping before it was acknowledged", upload.describe(), PendingUploads.DIR);
            return RoundOutcome.KEPT_PENDING;
        }
    }

    /**
     * Tries every stored update once more (after a restart, or when an earlier upload ran out of
     * time). Updates of another client id or long-expired rounds are dropped.
     */
    public void drain() throws IOException {
        for (PendingUploads.Entry e : pending.load()) {
            PendingUpload p = e.upload();
            Instant now = clock.instant();
            if (!p.clientId().equals(credentials.clientId())) {
                LOG.info("dropping pending {}: it was trained under client id {}, this client is {}", p.describe(),
                        p.clientId(), credentials.clientId());
                forget(p);
            } else if (p.deadline() != null && p.deadline().plus(EXPIRY).isBefore(now)) {
                LOG.info("dropping pending {}: its round ended at {}", p.describe(), p.deadline());
                forget(p);
            } else {
                Instant until = p.deadline() != null && p.deadline().isAfter(now) ? p.deadline() : now;
                LOG.info("uploading the pending {}", p.describe());
                upload(p, e.update(), until);
            }
        }
    }

    private void forget(PendingUpload upload) {
        try {
            pending.remove(upload);
        } catch (IOException e) {
            LOG.warn("cannot remove the pending {} ({}); it will be retried and refused later", upload.describe(),
                    e.getMessage());
        }
    }
}
