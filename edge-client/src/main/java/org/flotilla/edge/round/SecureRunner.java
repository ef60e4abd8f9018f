package org.flotilla.edge.round;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.ConflictException;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.http.FatalException;
import org.flotilla.edge.http.Retrying;
import org.flotilla.edge.http.UnauthorizedException;
import org.flotilla.edge.http.UploadAck;
import org.flotilla.edge.lifecycle.StoppedException;
import org.flotilla.edge.secagg.RoundKey;
import org.flotilla.edge.secagg.SecureAnswer;
import org.flotilla.edge.secagg.SecureRound;
import org.flotilla.edge.secagg.SecureRoundStore;
import org.flotilla.edge.state.StateCorruptException;
import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.model.wire.SecureAssignment;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.MaskedVectorCodec;
import org.flotilla.secagg.wire.MessageFormatException;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's side of a secure round (SecAgg+, Bell et al. 2020), one phase per assignment,
 * through {@link SecureRound} (state saved 0600 and atomically before each message leaves). Phase
 * 0 joins the round; phases 1 and 3 answer from the saved state; phase 2 masks the update the round
 * runner trained — the update and its example count go into the masked vector and nowhere else. A
 * protocol abort, or a phase without a saved round, is declined with
 * {@code SECURE_AGGREGATION_ABORTED}; the state is deleted once the unmask answer is accepted.
 */
final class SecureRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SecureRunner.class);
    private static final int LIVE_ROUNDS = 4;

    private final CoordinatorClient client;
    private final ClientCredentials credentials;
    private final AssignmentSteps steps;
    private final Retrying retrying;
    private final SecureRoundStore store;
    private final SecureRandom random = new SecureRandom();
    /**
     * The rounds this process is in, by key, so that each phase continues the session of the
     * previous one (its derived keys and opened shares) when the state file is still the one it
     * wrote; at most {@link #LIVE_ROUNDS}, the oldest forgotten first (it is then read from disk).
     */
    private final Map<RoundKey, SecureRound> live = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RoundKey, SecureRound> eldest) {
            return size() > LIVE_ROUNDS;
        }
    };

    SecureRunner(CoordinatorClient client, ClientCredentials credentials, AssignmentSteps steps, Retrying retrying,
                 SecureRoundStore store) {
        this.client = client;
        this.credentials = credentials;
        this.steps = steps;
        this.retrying = retrying;
        this.store = store;
    }

    /** Phases 0, 1 and 3 (phase 2 trains first: {@link #masked}). */
    RoundReport handle(SecureAssignment a) {
        RoundKey key = new RoundKey(a.jobId(), a.round());
        try {
            return switch (a) {
                case SecureAssignment.Keys k -> {
                    SecureRound round = keep(key, SecureRound.join(store, key, RoundSetup.fromJson(k.message()),
                            credentials.clientId(), random));
                    yield send(a, round.advertisement(), ad -> ad.toJson().getBytes(StandardCharsets.UTF_8), false);
                }
                case SecureAssignment.Shares s -> {
                    Optional<SecureRound> round = resume(key);
                    if (round.isEmpty()) {
                        yield lost(a);
                    }
                    yield send(a, round.get().shareKeys(ShareKeysRequest.fromJson(s.message())),
                            m -> m.toJson().getBytes(StandardCharsets.UTF_8), false);
                }
                case SecureAssignment.Unmask u -> {
                    Optional<SecureRound> round = resume(key);
                    if (round.isEmpty()) {
                        yield lost(a);
                    }
                    RoundReport r = send(a, round.get().unmask(UnmaskRequest.fromJson(u.message())),
                            m -> m.toJson().getBytes(StandardCharsets.UTF_8), false);
                    if (r.outcome().isSuccessful()) {
                        forget(key);
                        round.get().finish();
                    }
                    yield r;
                }
                case SecureAssignment.Masked m -> throw new IllegalArgumentException("phase 2 trains first");
            };
        } catch (MessageFormatException e) {
            return steps.decline(a, DeclineReason.SECURE_AGGREGATION_ABORTED, "malformed coordinator message: "
                    + e.field() + " must be " + e.limit());
        } catch (StateCorruptException e) {
            return steps.decline(a, DeclineReason.SECURE_AGGREGATION_ABORTED, e.getMessage());
        } catch (IOException e) {
            return steps.decline(a, DeclineReason.DISK_FULL, "cannot save the secure-aggregation state: "
                    + e.getMessage());
        }
    }

    /** Phase 2: masks the trained update (already clipped as the settings say) and uploads it. */
    RoundReport masked(SecureAssignment.Masked a, float[] update, long examples) {
        RoundKey key = new RoundKey(a.jobId(), a.round());
        try {
            Optional<SecureRound> round = resume(key);
            if (round.isEmpty()) {
                return lost(a);
            }
            SecureAnswer<MaskedInput> answer = round.get().maskInput(SealedShares.fromJson(a.message()), update, examples);
            return send(a, answer, MaskedVectorCodec::encode, true);
        } catch (MessageFormatException e) {
            return steps.decline(a, DeclineReason.SECURE_AGGREGATION_ABORTED, "malformed coordinator message: "
                    + e.field() + " must be " + e.limit());
        } catch (StateCorruptException e) {
            return steps.decline(a, DeclineReason.SECURE_AGGREGATION_ABORTED, e.getMessage());
        } catch (IOException e) {
            return steps.decline(a, DeclineReason.DISK_FULL, "cannot save the secure-aggregation state: "
                    + e.getMessage());
        }
    }

    private <M> RoundReport send(SecureAssignment a, SecureAnswer<M> answer,
                                 java.util.function.Function<M, byte[]> encode, boolean binary) {
        return switch (answer) {
            case SecureAnswer.Decline<M> d -> {
                if (d.blamesServer()) {
                    LOG.warn("job {} round {}: the coordinator broke the secure-aggregation protocol: {}", a.jobId(),
                            a.round(), d.detail());
                }
                yield steps.decline(a, d.reason(), d.detail());
            }
            case SecureAnswer.Send<M> s -> {
                byte[] bytes = encode.apply(s.message());
                try {
                    UploadAck ack = retrying.call(a.task() + " of job " + a.jobId() + " round " + a.round(),
                            a.deadline(), () -> client.sendSecure(credentials, a.uploadPath(), bytes, binary));
                    yield AssignmentSteps.report(a, ack == UploadAck.CREATED ? RoundOutcome.UPLOADED
                            : RoundOutcome.ALREADY_ACCEPTED, null);
                } catch (UnauthorizedException | StoppedException e) {
                    throw e;
                } catch (ConflictException e) {
                    yield AssignmentSteps.report(a, RoundOutcome.DROPPED, e.getMessage());
                } catch (FatalException e) {
                    yield AssignmentSteps.report(a, RoundOutcome.REJECTED, e.getMessage());
                } catch (RuntimeException e) {
                    yield AssignmentSteps.report(a, RoundOutcome.FAILED, e.getMessage());
                }
            }
        };
    }

    /** The round of {@code key} from its state file, continuing this process's session of it when the file is its own. */
    private Optional<SecureRound> resume(RoundKey key) throws IOException {
        SecureRound known;
        synchronized (live) {
            known = live.get(key);
        }
        Optional<SecureRound> round = SecureRound.resume(store, key, random, known);
        if (round.isEmpty()) {
            forget(key);
            return round;
        }
        return Optional.of(keep(key, round.get()));
    }

    private SecureRound keep(RoundKey key, SecureRound round) {
        synchronized (live) {
            live.put(key, round); // the most recent last; past LIVE_ROUNDS the least recent is forgotten
        }
        return round;
    }

    private void forget(RoundKey key) {
        synchronized (live) {
            live.remove(key);
        }
    }

    private RoundReport lost(SecureAssignment a) {
        return steps.decline(a, DeclineReason.SECURE_AGGREGATION_ABORTED,
                "no saved state of this round on the device (it joined on another device or lost its state)");
    }
}
