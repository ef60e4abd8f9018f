package org.flotilla.coordinator.round;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.flotilla.coordinator.artifact.ArtifactKind;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.cohort.Answers;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.Participant;
import org.flotilla.coordinator.cohort.ParticipantRepository;
import org.flotilla.coordinator.cohort.ParticipantStatus;
import org.flotilla.coordinator.cohort.Refusals;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.coordinator.system.Refused;
import org.flotilla.coordinator.system.TensorPool;
import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.flotilla.model.protocol.RefusalReason;
import org.flotilla.model.wire.UpdateMetrics;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Receiving updates. In order: the caller must have been assigned the round ({@code NOT_ASSIGNED}),
 * the round must be open and below its target ({@code ROUND_CLOSED}), the body within the size
 * limit ({@code TOO_LARGE}), a well-formed update for this model — length, checksum, finite values —
 * (the codec's reason), and the metrics sane ({@code BAD_METRICS}). An accepted update is durable
 * before the answer: streamed to a temporary file, verified on the tensor pool, fsynced and renamed
 * into the artifact store, then counted — exact target, participant and update row — in one
 * transaction ({@link Answers#count}). The same bytes again answer 200; different bytes for the
 * same (job, round, attempt, client) are refused. Every refusal is recorded (round detail, metrics)
 * as one explicit step before it is thrown.
 */
@Service
public class UpdateService {

    private final JobRepository jobs;
    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final UpdateRepository updates;
    private final Answers answers;
    private final Refusals refusals;
    private final ArtifactStore store;
    private final TensorPool tensors;
    private final FlotillaMetrics metrics;
    private final Clock clock;
    private final UploadGate gate;
    private final long maxBytes;

    UpdateService(JobRepository jobs, CohortRepository cohorts, ParticipantRepository participants,
                  UpdateRepository updates, Answers answers, Refusals refusals, ArtifactStore store, TensorPool tensors,
                  FlotillaMetrics metrics, Clock clock, FlotillaProperties properties, UploadGate gate) {
        this.gate = gate;
        this.jobs = jobs;
        this.cohorts = cohorts;
        this.participants = participants;
        this.updates = updates;
        this.answers = answers;
        this.refusals = refusals;
        this.store = store;
        this.tensors = tensors;
        this.metrics = metrics;
        this.clock = clock;
        this.maxBytes = properties.upload().maxBytes().toBytes();
    }

    /** The result of an upload that was not refused. */
    public record Accepted(UpdateRecord update, boolean created) {
    }

    /**
     * Receives one upload.
     *
     * @throws Refused for every refusal, after recording it
     */
    public Accepted receive(long jobId, int roundNo, String clientId, String metricsHeader, long contentLength,
                            String declaredSha256, InputStream body) {
        try {
            return accept(jobId, roundNo, clientId, metricsHeader, new Declared(contentLength, declaredSha256), body);
        } catch (Refused r) {
            refusals.record(jobId, roundNo, TrainingWork.KIND, clientId, r);
            metrics.updateRejected(r.reason().name());
            throw r;
        }
    }

    /** What the upload says of its body before it is read: {@code Content-Length} (−1: none) and the optional SHA-256. */
    private record Declared(long length, String sha256) {
    }

    private Accepted accept(long jobId, int roundNo, String clientId, String metricsHeader, Declared declared,
                            InputStream body) {
        Participant p = participants.latest(jobId, TrainingWork.KIND, roundNo, clientId).orElseThrow(() -> new Refused(
                RefusalReason.NOT_ASSIGNED, true, "client " + clientId + " was not assigned round " + roundNo + " of job " + jobId));
        try (UploadGate.Slot slot = gate.enter(jobId, roundNo, clientId)) {
            return acceptAssigned(p, jobs.find(jobId).orElseThrow(), metricsHeader, declared, body);
        }
    }

    private Accepted acceptAssigned(Participant p, Job job, String metricsHeader, Declared declared, InputStream body) {
        long jobId = job.id();
        String clientId = p.clientId();
        Cohort round = cohorts.find(p.cohortId()).orElseThrow();
        int roundNo = round.roundNo();
        long contentLength = declared.length();
        if (p.status() == ParticipantStatus.REPORTED) {
            return repeated(round, job, clientId, declared, body);
        }
        if (p.status() == ParticipantStatus.DECLINED) {
            throw new Refused(RefusalReason.DECLINED, true,
                    "client " + clientId + " declined round " + roundNo + "; an update is no longer accepted");
        }
        if (p.status() != ParticipantStatus.ASSIGNED || !answers.acceptsAnswers(round)) {
            throw late(round, clientId);
        }
        UpdateMetrics reported = MetricsHeader.parse(metricsHeader);
        gate.requirePlausible(job, round.id(), clientId, reported);
        requireWithinLimit(contentLength, job);
        gate.requireSpace(modelBytes(job));
        Path temp = null;
        try {
            temp = store.newTempFile();
            UploadStream.Received received = receiveBody(body, temp, job.parameterCount());
            requireDeclaredHash(declared, received.sha256());
            Path file = temp;
            try {
                tensors.call(() -> WeightsCodec.read(file, job.parameterCount()));
            } catch (CodecException e) {
                throw codecRefusal(e);
            }
            store.adopt(ArtifactKind.UPDATE, temp, received.sha256(), received.size());
            temp = null;
            UpdateRecord update = new UpdateRecord(jobId, roundNo, round.attempt(), clientId, round.id(),
                    received.sha256(), received.size(), reported.examples(), reported, clock.instant());
            return count(round, update);
        } catch (IOException e) {
            throw new UncheckedIOException("receiving the update of " + clientId + " failed", e);
        } finally {
            store.discard(temp);
        }
    }

    private Accepted count(Cohort round, UpdateRecord update) {
        boolean counted;
        try {
            counted = answers.count(round, update.clientId(), update.receivedAt(), () -> updates.insert(update));
        } catch (DuplicateKeyException concurrent) {
            counted = false;
        }
        if (counted) {
            metrics.updateAccepted();
            return new Accepted(update, true);
        }
        // Closed or full meanwhile, or a concurrent upload of the same client won: decide from what is stored.
        Optional<UpdateRecord> stored = updates.find(round.id(), update.clientId());
        if (stored.isPresent()) {
            return sameOrConflict(round, stored.get(), update.sha256());
        }
        throw late(round, update.clientId());
    }

    /**
     * A repeat of an accepted update is never stored: with a declared hash and length it is
     * answered from them alone, unread; without, its body is hashed as it streams past, and at
     * most one byte more than the accepted update is read.
     */
    private Accepted repeated(Cohort round, Job job, String clientId, Declared declared, InputStream body) {
        UpdateRecord stored = updates.find(round.id(), clientId).orElseThrow();
        requireWithinLimit(declared.length(), job);
        if (declared.sha256() != null) {
            boolean same = declared.length() == stored.sizeBytes();
            return sameOrConflict(round, stored, same ? declared.sha256().toLowerCase(java.util.Locale.ROOT) : "(length " + declared.length() + ")");
        }
        try {
            return sameOrConflict(round, stored, UploadStream.digest(body, stored.sizeBytes() + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("receiving the update of " + clientId + " failed", e);
        }
    }

    private static void requireDeclaredHash(Declared declared, String received) {
        if (declared.sha256() != null && !declared.sha256().equalsIgnoreCase(received)) {
            throw new Refused(RefusalReason.BAD_CHECKSUM, true, "the body's SHA-256 is " + received + ", not the "
                    + ProtocolHeaders.CONTENT_SHA256 + " header's " + abbreviate(declared.sha256()),
                    ProtocolHeaders.CONTENT_SHA256, "the SHA-256 of the body, 64 hex digits");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static long modelBytes(Job job) {
        return WeightsCodec.HEADER_BYTES + 4L * job.parameterCount() + WeightsCodec.TRAILER_BYTES;
    }

    private static Accepted sameOrConflict(Cohort round, UpdateRecord stored, String sha256) {
        if (stored.sha256().equals(sha256)) {
            return new Accepted(stored, false);
        }
        throw new Refused(RefusalReason.CONFLICT, true, "a different update (sha256 " + stored.sha256()
                + ") was already accepted from " + stored.clientId() + " for round " + round.roundNo()
                + "; an accepted update cannot be replaced");
    }

    private UploadStream.Received receiveBody(InputStream body, Path temp, long expected) throws IOException {
        try {
            UploadStream.Received received = UploadStream.receive(body, temp, maxBytes, expected);
            metrics.bytesReceived(received.size());
            return received;
        } catch (UploadStream.TooLarge e) {
            metrics.bytesReceived(e.received);
            throw tooLarge(e.received);
        } catch (CodecException e) {
            throw codecRefusal(e);
        }
    }

    /**
     * Refuses, before a byte is read, a declared length over the configured limit or over the
     * encoded size of the job's model (header, parameters × 4 bytes, trailer): no well-formed
     * update can be longer. A body without a declared length is bounded while it is streamed.
     */
    private void requireWithinLimit(long contentLength, Job job) {
        if (contentLength > maxBytes) {
            throw tooLarge(contentLength);
        }
        long modelBytes = modelBytes(job);
        if (contentLength > modelBytes) {
            throw new Refused(RefusalReason.TOO_LARGE, true, "the update is " + contentLength + " bytes; an update of this"
                    + " job's model (" + job.parameterCount() + " parameters) is " + modelBytes, "body",
                    "at most " + modelBytes + " bytes");
        }
    }

    private Refused tooLarge(long size) {
        return new Refused(RefusalReason.TOO_LARGE, true, "the update is " + (size > maxBytes ? "over " : "") + size
                + " bytes, more than the limit of " + maxBytes, "body", "at most " + maxBytes + " bytes");
    }

    private static Refused codecRefusal(CodecException e) {
        return new Refused(RefusalReason.of(e.reason()), true, e.getMessage(), "body", null);
    }

    private Refused late(Cohort round, String clientId) {
        answers.late(round, clientId);
        Cohort now = cohorts.find(round.id()).orElse(round);
        return new Refused(RefusalReason.ROUND_CLOSED, true, "round " + round.roundNo() + " of job " + round.jobId()
                + (now.state().isOpen() ? " has all " + now.wanted() + " update(s) it asked for"
                : " is closed (" + TrainingWork.stateName(now.state()) + ")") + "; the update arrived too late to count");
    }
}
