package org.flotilla.coordinator.secagg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

import org.flotilla.coordinator.artifact.ArtifactKind;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.cohort.Answers;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.Participant;
import org.flotilla.coordinator.cohort.ParticipantRepository;
import org.flotilla.coordinator.cohort.ParticipantStatus;
import org.flotilla.coordinator.cohort.Refusals;
import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.protocol.RefusalReason;
import org.flotilla.secagg.server.Acceptance;
import org.flotilla.secagg.server.ServerSession;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.MaskedVectorCodec;
import org.flotilla.secagg.wire.MessageFormatException;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.UnmaskResponse;
import org.flotilla.secagg.wire.Wire;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Receiving the protocol messages of a secure round, one phase at a time. In order: the caller
 * must hold the phase's assignment ({@code NOT_ASSIGNED}); the body is bounded before it is read
 * ({@code TOO_LARGE}: the library's {@link Wire#maxJsonChars} for JSON, the exact
 * {@link MaskedVectorCodec#encodedSize} for a masked input); it must parse, be the caller's, be of
 * this attempt, and be accepted by the server session as it stood when the phase opened
 * ({@code BAD_MESSAGE}, {@code field} naming what is wrong); an answer already accepted from the
 * client is 200 when identical and {@code CONFLICT} when not (a client must never get two
 * requests answered differently, nor the server two answers); a declined or closed phase refuses
 * it. An accepted message is counted with its row in one transaction ({@link Answers#count}); a
 * masked input's artifact is durable before that, so a 2xx means on stable storage.
 */
@Service
class SecureAnswers {

    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final SecureRecords records;
    private final SecureState state;
    private final OpenedSessions sessions;
    private final ArtifactStore store;
    private final Answers answers;
    private final Refusals refusals;
    private final Clock clock;

    SecureAnswers(CohortRepository cohorts, ParticipantRepository participants, SecureRecords records,
                  SecureState state, OpenedSessions sessions, ArtifactStore store, Answers answers, Refusals refusals,
                  Clock clock) {
        this.cohorts = cohorts;
        this.participants = participants;
        this.records = records;
        this.state = state;
        this.sessions = sessions;
        this.store = store;
        this.answers = answers;
        this.refusals = refusals;
        this.clock = clock;
    }

    /** An answer that was not refused: its receipt, and whether it was new. */
    record Accepted(SecureReceipt receipt, boolean created) {
    }

    Accepted receive(long jobId, int roundNo, String clientId, SecurePhase phase, long contentLength, InputStream body)
            throws IOException {
        try {
            return accept(jobId, roundNo, clientId, phase, contentLength, body);
        } catch (Refused r) {
            refusals.record(jobId, roundNo, phase.kind(), clientId, r);
            throw r;
        }
    }

    private Accepted accept(long jobId, int roundNo, String clientId, SecurePhase phase, long contentLength,
                            InputStream body) throws IOException {
        Participant p = participants.latest(jobId, phase.kind(), roundNo, clientId).orElseThrow(() -> new Refused(
                RefusalReason.NOT_ASSIGNED, true, "client " + clientId + " was not assigned phase " + phase.kind()
                + " of round " + roundNo + " of job " + jobId));
        Cohort c = cohorts.find(p.cohortId()).orElseThrow();
        ServerReplay.Rebuilt opened = sessions.of(c);
        ServerSession session = opened.session();
        String roundId = SecureRounds.roundId(jobId, roundNo, c.attempt());
        long limit = phase == SecurePhase.MASKED_INPUT
                ? MaskedVectorCodec.encodedSize(roundId, clientId, session.plan().modulusBits(),
                session.setup().vectorLength() + 1)
                : Math.min(1_000_000, Wire.maxJsonChars(state.chain(c).getFirst().selectionTarget()));
        byte[] bytes = readBounded(body, contentLength, limit);
        Parsed message = parse(phase, bytes, session);
        if (!message.clientId().equals(clientId) || !message.roundId().equals(roundId)) {
            throw bad("clientId", "the path's client " + clientId + " and round " + roundId,
                    "the message is for client " + message.clientId() + ", round " + message.roundId());
        }
        if (p.status() == ParticipantStatus.REPORTED) {
            return sameOrConflict(c, phase, p, bytes);
        }
        if (p.status() == ParticipantStatus.DECLINED) {
            throw new Refused(RefusalReason.DECLINED, true, "client " + clientId + " declined " + phase.kind()
                    + " of round " + roundNo + "; its answer is no longer accepted");
        }
        if (p.status() != ParticipantStatus.ASSIGNED || !answers.acceptsAnswers(c) || opened.failure().isPresent()) {
            throw late(c, clientId);
        }
        Acceptance a = sessions.offer(c, opened, message::offerTo);
        if (a.status() != Acceptance.Status.ACCEPTED) {
            throw bad("body", "a message the protocol accepts in " + phase.kind(), "the protocol refused it: "
                    + a.detail());
        }
        SecureRecords.Message row;
        boolean counted = false;
        try {
            String sha256 = phase == SecurePhase.MASKED_INPUT ? store.put(ArtifactKind.UPDATE, bytes).sha256() : null;
            String json = phase == SecurePhase.MASKED_INPUT ? null : new String(bytes, StandardCharsets.UTF_8);
            Instant now = clock.instant();
            row = new SecureRecords.Message(clientId, json, sha256, bytes.length, now);
            try {
                counted = answers.count(c, clientId, now, () -> records.insertMessage(c.id(), row));
            } catch (DuplicateKeyException concurrent) {
                counted = false;
            }
        } finally {
            if (!counted) {
                // The kept session took an answer that is not stored: rebuild it from the database.
                sessions.forget(c);
            }
        }
        if (counted) {
            return new Accepted(receipt(c, phase, row), true);
        }
        Participant stored = participants.find(c.id(), clientId).orElseThrow();
        if (stored.status() == ParticipantStatus.REPORTED) {
            return sameOrConflict(c, phase, stored, bytes);
        }
        throw late(c, clientId);
    }

    /** A parsed message with what every phase's check needs. */
    private record Parsed(String roundId, String clientId, java.util.function.Function<ServerSession, Acceptance> offer) {
        Acceptance offerTo(ServerSession s) {
            return offer.apply(s);
        }
    }

    private static Parsed parse(SecurePhase phase, byte[] bytes, ServerSession session) {
        try {
            // Only the JSON phases are text: the masked input is 1 MB of binary, never decoded as UTF-8.
            String text = phase == SecurePhase.MASKED_INPUT ? null : new String(bytes, StandardCharsets.UTF_8);
            return switch (phase) {
                case ADVERTISE_KEYS -> {
                    KeyAdvertisement m = KeyAdvertisement.fromJson(text);
                    yield new Parsed(m.roundId(), m.clientId(), s -> s.acceptKeys(m));
                }
                case SHARE_KEYS -> {
                    SealedShares m = SealedShares.fromJson(text);
                    yield new Parsed(m.roundId(), m.clientId(), s -> s.acceptShares(m));
                }
                case MASKED_INPUT -> {
                    MaskedInput m = MaskedVectorCodec.decode(bytes, session.plan().modulusBits(),
                            session.setup().vectorLength() + 1);
                    yield new Parsed(m.roundId(), m.clientId(), s -> s.acceptMaskedInput(m));
                }
                case UNMASKING -> {
                    UnmaskResponse m = UnmaskResponse.fromJson(text);
                    yield new Parsed(m.roundId(), m.clientId(), s -> s.acceptUnmask(m));
                }
            };
        } catch (MessageFormatException e) {
            throw bad(e.field(), e.limit(), "malformed " + phase.kind() + " message: " + e.field() + " must be "
                    + e.limit());
        }
    }

    private Accepted sameOrConflict(Cohort c, SecurePhase phase, Participant stored, byte[] bytes) {
        SecureRecords.Message before = records.message(c.id(), stored.clientId()).orElseThrow();
        byte[] was = before.sha256() != null ? store.read(before.sha256())
                : before.body().getBytes(StandardCharsets.UTF_8);
        if (Arrays.equals(was, bytes)) {
            return new Accepted(receipt(c, phase, before), false);
        }
        throw new Refused(RefusalReason.CONFLICT, true, "a different " + phase.kind() + " message was already accepted "
                + "from " + stored.clientId() + " in round " + c.roundNo() + "; an accepted message cannot be replaced");
    }

    private Refused late(Cohort c, String clientId) {
        answers.late(c, clientId);
        return new Refused(RefusalReason.ROUND_CLOSED, true, "phase " + c.kind() + " of round " + c.roundNo()
                + " of job " + c.jobId() + " is closed or has all its answers; this one came too late to count");
    }

    private static Refused bad(String field, String limit, String detail) {
        return new Refused(RefusalReason.BAD_MESSAGE, true, detail, field, limit);
    }

    private static byte[] readBounded(InputStream body, long contentLength, long limit) throws IOException {
        if (contentLength > limit) {
            throw new Refused(RefusalReason.TOO_LARGE, true, "the message has " + contentLength + " bytes, over "
                    + limit, "body", "at most " + limit + " bytes");
        }
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw new Refused(RefusalReason.TOO_LARGE, true, "the message is over " + limit + " bytes", "body",
                    "at most " + limit + " bytes");
        }
        return bytes;
    }

    private static SecureReceipt receipt(Cohort c, SecurePhase phase, SecureRecords.Message m) {
        return new SecureReceipt(c.jobId(), c.roundNo(), c.attempt(), phase.kind().toString(), m.clientId(),
                m.sizeBytes(), m.receivedAt());
    }
}
