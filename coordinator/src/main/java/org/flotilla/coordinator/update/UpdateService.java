package org.flotilla.coordinator.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.artifact.ArtifactKind;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.round.Participant;
import org.flotilla.coordinator.round.ParticipantRepository;
import org.flotilla.coordinator.round.ParticipantStatus;
import org.flotilla.coordinator.round.Round;
import org.flotilla.coordinator.round.RoundRepository;
import org.flotilla.coordinator.round.RoundService;
import org.flotilla.coordinator.system.ApiException;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.coordinator.system.TensorPool;
import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.wire.UpdateMetrics;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receiving updates. In order: the caller must have been assigned the round (403), the round must
 * be open (409), the body within the size limit (413), a well-formed update for this model —
 * length, checksum, finite values — (422, with the codec's reason), and the metrics sane (400).
 * An accepted update is durable before the answer: streamed to a temporary file, verified on the
 * tensor pool, fsynced and renamed into the artifact store, then recorded — counter, participant and
 * update row — in one transaction that locks the round row first. The same bytes again answer 200;
 * different bytes for the same (job, round, attempt, client) answer 409.
 */
@Service
public class UpdateService {

    private final JobRepository jobs;
    private final RoundRepository rounds;
    private final ParticipantRepository participants;
    private final UpdateRepository updates;
    private final RoundService roundService;
    private final ArtifactStore store;
    private final TensorPool tensors;
    private final FlotillaMetrics metrics;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final long maxBytes;

    UpdateService(JobRepository jobs, RoundRepository rounds, ParticipantRepository participants, UpdateRepository updates,
                  RoundService roundService, ArtifactStore store, TensorPool tensors, FlotillaMetrics metrics,
                  TransactionTemplate tx, Clock clock, FlotillaProperties properties) {
        this.jobs = jobs;
        this.rounds = rounds;
        this.participants = participants;
        this.updates = updates;
        this.roundService = roundService;
        this.store = store;
        this.tensors = tensors;
        this.metrics = metrics;
        this.tx = tx;
        this.clock = clock;
        this.maxBytes = properties.upload().maxBytes().toBytes();
    }

    /** The result of an upload that was not refused. */
    public record Accepted(UpdateRecord update, boolean created) {
    }

    public Accepted receive(long jobId, int roundNo, String clientId, String metricsHeader, long contentLength,
                            InputStream body) {
        Participant p = participants.latest(jobId, roundNo, clientId).orElseThrow(() -> refuse(jobId, roundNo, clientId,
                HttpStatus.FORBIDDEN, "NOT_ASSIGNED", "not-assigned",
                "client " + clientId + " was not assigned round " + roundNo + " of job " + jobId));
        Round round = rounds.find(p.roundId()).orElseThrow();
        Job job = jobs.find(jobId).orElseThrow();
        if (p.status() == ParticipantStatus.REPORTED) {
            return repeated(round, clientId, contentLength, body);
        }
        if (p.status() == ParticipantStatus.DECLINED) {
            throw refuse(jobId, roundNo, clientId, HttpStatus.CONFLICT, "DECLINED", "declined",
                    "client " + clientId + " declined round " + roundNo + "; an update is no longer accepted");
        }
        if (p.status() != ParticipantStatus.ASSIGNED || !round.state().isOpen()) {
            throw late(round, clientId);
        }
        UpdateMetrics reported;
        try {
            reported = MetricsHeader.parse(metricsHeader);
        } catch (ApiException e) {
            throw record(jobId, roundNo, clientId, e);
        }
        requireWithinLimit(round, clientId, contentLength);
        Path temp = null;
        try {
            temp = store.newTempFile();
            UploadStream.Received received = receiveBody(round, clientId, body, temp, job.parameterCount());
            Path file = temp;
            try {
                tensors.call(() -> WeightsCodec.read(file, job.parameterCount()));
            } catch (CodecException e) {
                throw codecRefusal(round, clientId, e);
            }
            store.adopt(ArtifactKind.UPDATE, temp, received.sha256(), received.size());
            temp = null;
            UpdateRecord update = new UpdateRecord(jobId, roundNo, round.attempt(), clientId, round.id(),
                    received.sha256(), received.size(), reported.examples(), reported, clock.instant());
            return record(round, update);
        } catch (IOException e) {
            throw new UncheckedIOException("receiving the update of " + clientId + " failed", e);
        } finally {
            store.discard(temp);
        }
    }

    private Accepted record(Round round, UpdateRecord update) {
        boolean inserted;
        try {
            inserted = Boolean.TRUE.equals(tx.execute(s -> {
                if (!rounds.countReport(round.id())) {
                    return false;
                }
                if (!participants.mark(round.id(), update.clientId(), ParticipantStatus.ASSIGNED, ParticipantStatus.REPORTED,
                        update.receivedAt())) {
                    s.setRollbackOnly();
                    return false;
                }
                updates.insert(update);
                return true;
            }));
        } catch (DuplicateKeyException concurrent) {
            inserted = false;
        }
        if (inserted) {
            metrics.updateAccepted();
            roundService.progress(round.id());
            return new Accepted(update, true);
        }
        // Closed meanwhile, or a concurrent upload of the same client won: decide from what is stored.
        Optional<UpdateRecord> stored = updates.find(round.id(), update.clientId());
        if (stored.isPresent()) {
            return sameOrConflict(round, stored.get(), update.sha256());
        }
        throw late(round, update.clientId());
    }

    private Accepted repeated(Round round, String clientId, long contentLength, InputStream body) {
        UpdateRecord stored = updates.find(round.id(), clientId).orElseThrow();
        requireWithinLimit(round, clientId, contentLength);
        Path temp = null;
        try {
            temp = store.newTempFile();
            UploadStream.Received received = receiveBody(round, clientId, body, temp, -1);
            return sameOrConflict(round, stored, received.sha256());
        } catch (IOException e) {
            throw new UncheckedIOException("receiving the update of " + clientId + " failed", e);
        } finally {
            store.discard(temp);
        }
    }

    private Accepted sameOrConflict(Round round, UpdateRecord stored, String sha256) {
        if (stored.sha256().equals(sha256)) {
            return new Accepted(stored, false);
        }
        throw refuse(round.jobId(), round.roundNo(), stored.clientId(), HttpStatus.CONFLICT, "CONFLICT", "update-conflict",
                "a different update (sha256 " + stored.sha256() + ") was already accepted from " + stored.clientId()
                        + " for round " + round.roundNo() + "; an accepted update cannot be replaced");
    }

    private UploadStream.Received receiveBody(Round round, String clientId, InputStream body, Path temp, long expected)
            throws IOException {
        try {
            UploadStream.Received received = UploadStream.receive(body, temp, maxBytes, expected);
            metrics.bytesReceived(received.size());
            return received;
        } catch (UploadStream.TooLarge e) {
            metrics.bytesReceived(e.received);
            throw tooLarge(round, clientId, e.received);
        } catch (CodecException e) {
            throw codecRefusal(round, clientId, e);
        }
    }

    private void requireWithinLimit(Round round, String clientId, long contentLength) {
        if (contentLength > maxBytes) {
            throw tooLarge(round, clientId, contentLength);
        }
    }

    private ApiException tooLarge(Round round, String clientId, long size) {
        return refuse(round.jobId(), round.roundNo(), clientId, HttpStatus.CONTENT_TOO_LARGE, "TOO_LARGE", "too-large",
                "the update is " + (size > maxBytes ? "over " : "") + size + " bytes, more than the limit of " + maxBytes,
                "body", "at most " + maxBytes + " bytes");
    }

    private ApiException codecRefusal(Round round, String clientId, CodecException e) {
        return refuse(round.jobId(), round.roundNo(), clientId, HttpStatus.UNPROCESSABLE_CONTENT, e.reason().name(),
                "invalid-update", e.getMessage(), "body", null);
    }

    private ApiException late(Round round, String clientId) {
        participants.mark(round.id(), clientId, ParticipantStatus.DROPPED, ParticipantStatus.LATE, clock.instant());
        participants.mark(round.id(), clientId, ParticipantStatus.ASSIGNED, ParticipantStatus.LATE, clock.instant());
        return refuse(round.jobId(), round.roundNo(), clientId, HttpStatus.CONFLICT, "ROUND_CLOSED", "round-closed",
                "round " + round.roundNo() + " of job " + round.jobId() + " is closed (" + round.state()
                        + "); the update arrived too late to count");
    }

    private ApiException refuse(long jobId, int roundNo, String clientId, HttpStatus status, String reason, String type,
                                String detail) {
        return refuse(jobId, roundNo, clientId, status, reason, type, detail, null, null);
    }

    private ApiException refuse(long jobId, int roundNo, String clientId, HttpStatus status, String reason, String type,
                                String detail, String field, String limit) {
        return record(jobId, roundNo, clientId,
                new ApiException(status, type, detail, field, limit, Map.of("reason", reason)));
    }

    /** Records a refusal for the round detail and the metrics, and returns it for throwing. */
    private ApiException record(long jobId, int roundNo, String clientId, ApiException e) {
        String reason = String.valueOf(e.properties().getOrDefault("reason", e.type()));
        metrics.updateRejected(reason);
        updates.insertRejection(jobId, roundNo, clientId,
                new Rejection(clientId, e.status().value(), reason, e.getMessage(), Instant.now(clock)));
        return e;
    }
}
