package org.flotilla.model.protocol;

import java.util.Arrays;
import java.util.Optional;

import org.flotilla.model.codec.CodecException;

/**
 * Why the coordinator refused a client's answer (an update, an evaluation result or a decline):
 * the {@code reason} member of the problem+json body, which a client switches on, with the HTTP
 * status and problem-type slug ({@code urn:flotilla:problem:<slug>}) that go with it. The round
 * detail lists refusals by the same reason.
 */
public enum RefusalReason {
    /** The client was not assigned this round (or its evaluation). Do not retry. */
    NOT_ASSIGNED(403, "not-assigned"),
    /** The round or evaluation closed (target reached, deadline, failure, or the client was dropped). Do not retry. */
    ROUND_CLOSED(409, "round-closed"),
    /** The client declined this assignment. Do not retry. */
    DECLINED(409, "declined"),
    /** A different update or result was already accepted from this client. Do not retry. */
    CONFLICT(409, "conflict"),
    /** A decline after the client's answer was accepted. */
    ALREADY_REPORTED(409, "already-reported"),
    /** The round changed concurrently; the same call may be repeated. */
    BUSY(409, "round-busy"),
    /** The {@code Flotilla-Metrics} header is missing or not sane; {@code field} names the metric. */
    BAD_METRICS(400, "invalid-metrics"),
    /** An evaluation result is missing, not JSON or not sane; {@code field} names what. */
    BAD_RESULT(400, "invalid-result"),
    /** A decline without a known reason code; {@code field} is {@code reason}. */
    BAD_DECLINE(400, "invalid-request"),
    /** The update is over the coordinator's size limit ({@code limit} says it). */
    TOO_LARGE(413, "too-large"),
    /** The update's element count is not the model's. */
    WRONG_ELEMENT_COUNT(422, "invalid-update"),
    /** The update's length does not match its header. */
    BAD_LENGTH(422, "invalid-update"),
    /** The update fails its SHA-256 checksum. */
    BAD_CHECKSUM(422, "invalid-update"),
    /** The update holds NaN or infinite values. */
    NON_FINITE(422, "invalid-update"),
    /** The update is not in the WeightsCodec format. */
    BAD_MAGIC(422, "invalid-update"),
    /** The update's format version is unknown. */
    UNSUPPORTED_VERSION(422, "invalid-update"),
    /** The update's element type is unknown. */
    UNSUPPORTED_DTYPE(422, "invalid-update"),
    /** The update's codec is unknown. */
    UNSUPPORTED_CODEC(422, "invalid-update"),
    /**
     * The update claims more training examples than the client declared at the check-in that
     * assigned it the round: the FedAvg weight cannot be raised afterwards ({@code limit} says the
     * declared count). Do not retry.
     */
    EXAMPLES_OVER_DECLARED(422, "implausible-examples"),
    /** The update claims more training examples than the coordinator allows one client ({@code limit} says it). Do not retry. */
    EXAMPLES_OVER_CAP(422, "implausible-examples"),
    /** Another upload of this client for this round is being received; retry after {@code Retry-After}. */
    UPLOAD_IN_PROGRESS(429, "upload-in-progress"),
    /** The coordinator's disk is below its free-space floor; retry after {@code Retry-After}. */
    STORAGE_FULL(503, "storage-full"),
    /**
     * A secure-aggregation message is malformed, not the caller's, of another attempt, or refused
     * by the protocol; {@code field} names what. A bug: do not retry.
     */
    BAD_MESSAGE(400, "invalid-message");

    private final int status;
    private final String slug;

    RefusalReason(int status, String slug) {
        this.status = status;
        this.slug = slug;
    }

    /** The HTTP status a refusal for this reason is answered with. */
    public int status() {
        return status;
    }

    /**
     * The problem-type slug. {@link #CONFLICT} is {@code update-conflict} for uploads and
     * {@code result-conflict} for evaluation results; see {@link #slug(boolean)}.
     */
    public String slug() {
        return slug;
    }

    /** The slug for an answer to a training assignment ({@code training}) or an evaluation. */
    public String slug(boolean training) {
        return this == CONFLICT ? (training ? "update-conflict" : "result-conflict") : slug;
    }

    /** The refusal for an update the codec rejected (a read failure counts as a bad length). */
    public static RefusalReason of(CodecException.Reason reason) {
        return reason == CodecException.Reason.IO ? BAD_LENGTH : valueOf(reason.name());
    }

    /** The reason a code names, if any. */
    public static Optional<RefusalReason> ofCode(String code) {
        return Arrays.stream(values()).filter(r -> r.name().equals(code)).findFirst();
    }
}
