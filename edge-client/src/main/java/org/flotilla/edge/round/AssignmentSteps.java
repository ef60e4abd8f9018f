package org.flotilla.edge.round;

import java.time.Duration;
import java.util.function.Consumer;

import org.flotilla.edge.data.ClientData;

import org.flotilla.edge.http.ArtifactTooLargeException;
import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.http.FatalException;
import org.flotilla.edge.http.RetriableException;
import org.flotilla.edge.http.Retrying;
import org.flotilla.edge.http.UnauthorizedException;
import org.flotilla.edge.state.ArtifactCache;
import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.network.NetworkFootprint;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.model.signing.DetachedSignature;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.DeclineRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps training and evaluation assignments share: fetching an artifact by hash (from the
 * verified cache, else downloaded with retries until the deadline), declining with a reason, and
 * giving up on an assignment.
 */
final class AssignmentSteps {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentSteps.class);
    private static final Duration DECLINE_TIMEOUT = Duration.ofSeconds(3);

    private final CoordinatorClient client;
    private final ClientCredentials credentials;
    private final ArtifactCache cache;
    private final Retrying retrying;
    private final PlanTrust planTrust;

    AssignmentSteps(CoordinatorClient client, ClientCredentials credentials, ArtifactCache cache, Retrying retrying,
                    PlanTrust planTrust) {
        this.client = client;
        this.credentials = credentials;
        this.cache = cache;
        this.retrying = retrying;
        this.planTrust = planTrust;
    }

    ArtifactCache cache() {
        return cache;
    }

    /**
     * A step's value, or the report that ends the assignment (a decline or a failure).
     *
     * @param value  what the step produced, or null when it ended the assignment
     * @param report how the assignment ended, or null when it goes on
     */
    record Step<T>(T value, RoundReport report) {

        static <T> Step<T> of(T value) {
            return new Step<>(value, null);
        }

        static <T> Step<T> end(RoundReport report) {
            return new Step<>(null, report);
        }

        boolean ended() {
            return report != null;
        }
    }

    /**
     * The assignment's plan, fetched and parsed, checked by {@code check} (which may throw
     * {@link PlanException}, e.g. for the client settings) and against the local data's shape; or
     * the decline or failure that ends the assignment. With {@code require-signed-plans}, the
     * plan's publisher signature is verified first, before the plan is downloaded.
     */
    Step<TrainingPlan> plan(Assignment a, ClientData data, Consumer<TrainingPlan> check) {
        if (planTrust.required()) {
            RoundReport untrusted = untrustedPlan(a);
            if (untrusted != null) {
                return Step.end(untrusted);
            }
        }
        TrainingPlan plan;
        try {
            plan = TrainingPlans.fromJson(fetch(a, a.planSha256(), "plan", MAX_PLAN_BYTES));
            check.accept(plan);
        } catch (PlanException e) {
            return Step.end(decline(a, DeclineReason.PLAN_INVALID, e.getMessage()));
        } catch (ArtifactTooLargeException e) {
            return Step.end(decline(a, DeclineReason.PLAN_INVALID, e.getMessage()));
        } catch (FatalException e) {
            return Step.end(fatalFetch(a, e));
        } catch (RetriableException e) {
            return Step.end(failed(a, "the plan could not be downloaded before the deadline: " + e.getMessage()));
        }
        var mismatch = data.mismatch(plan);
        if (mismatch.isPresent()) {
            return Step.end(decline(a, DeclineReason.DATA_SHAPE_MISMATCH, mismatch.get()));
        }
        return Step.of(plan);
    }

    /** The decline when the plan's signature is missing or does not verify, or null when the plan is trusted. */
    private RoundReport untrustedPlan(Assignment a) {
        var problem = planTrust.precheck(a);
        if (problem.isEmpty()) {
            try {
                problem = planTrust.verdict(a, fetch(a, a.planSignatureSha256(), "plan signature", DetachedSignature.MAX_BYTES));
            } catch (ArtifactTooLargeException e) {
                problem = java.util.Optional.of("the plan's signature document is too large: " + e.getMessage());
            } catch (FatalException e) {
                return fatalFetch(a, e);
            } catch (RetriableException e) {
                return failed(a, "the plan signature could not be downloaded before the deadline: " + e.getMessage());
            }
        }
        return problem.map(p -> decline(a, DeclineReason.UNTRUSTED_CODE, p)).orElse(null);
    }

    /**
     * The assignment's global weights as fetched (verified against their hash), or the report that
     * ends it. Read only up to what {@code plan}'s network can use (header, parameters × 4 bytes,
     * trailer): longer weights are declined {@code ARTIFACT_CORRUPT} without being read further.
     */
    Step<byte[]> weights(Assignment a, TrainingPlan plan) {
        long cap;
        try {
            cap = WeightsCodec.HEADER_BYTES + 4L * NetworkFootprint.of(plan).parameters() + WeightsCodec.TRAILER_BYTES;
        } catch (PlanException e) {
            return Step.end(decline(a, DeclineReason.PLAN_INVALID, e.getMessage()));
        }
        try {
            return Step.of(fetch(a, a.weightsSha256(), "weights", cap));
        } catch (ArtifactTooLargeException e) {
            return Step.end(decline(a, DeclineReason.ARTIFACT_CORRUPT, e.getMessage()));
        } catch (FatalException e) {
            return Step.end(fatalFetch(a, e));
        } catch (RetriableException e) {
            return Step.end(failed(a, "the weights could not be downloaded before the deadline: " + e.getMessage()));
        }
    }

    /** Declines {@code a} because its global weights cannot be decoded for the plan's network. */
    RoundReport corruptWeights(Assignment a, CodecException e) {
        return decline(a, DeclineReason.ARTIFACT_CORRUPT, "global weights " + a.weightsSha256().substring(0, 12)
                + "… cannot be used: " + e.getMessage());
    }

    /**
     * The artifact {@code sha256}, verified against its hash.
     *
     * @throws FatalException                           when the coordinator refuses it (404, 403…)
     * @throws org.flotilla.edge.http.RetriableException when it could not be fetched before the deadline
     */
    byte[] fetch(Assignment a, String sha256, String what, long maxBytes) {
        return retrying.call("download of the " + what + " of job " + a.jobId() + " round " + a.round(), a.deadline(),
                () -> cache.get(sha256, s -> client.artifact(credentials, s, maxBytes)));
    }

    /**
     * The largest plan this client downloads: 4 MB, four times the coordinator's default limit on
     * a whole job request ({@code flotilla.limits.job-body}), of which the plan is a part.
     */
    static final long MAX_PLAN_BYTES = 4L << 20;

    /** Declines {@code a} because an artifact was refused; a refused identity ends the client instead. */
    RoundReport fatalFetch(Assignment a, FatalException e) {
        if (e instanceof UnauthorizedException u) {
            throw u;
        }
        return decline(a, DeclineReason.ARTIFACT_UNAVAILABLE, e.getMessage());
    }

    /** Gives up on {@code a} without telling the coordinator (it could not be reached). */
    RoundReport failed(Assignment a, String why) {
        LOG.warn("job {} round {}: {}", a.jobId(), a.round(), why);
        return report(a, RoundOutcome.FAILED, why);
    }

    /** Declines {@code a} with one attempt (a lost decline only costs the coordinator its deadline). */
    RoundReport decline(Assignment a, DeclineReason reason, String detail) {
        LOG.warn("declining {} of job {} round {}: {}: {}", a.task() == null ? "the assignment" : a.task(),
                a.jobId(), a.round(), reason, detail);
        try {
            client.decline(credentials, a.jobId(), a.round(), DeclineRequest.of(reason, detail), DECLINE_TIMEOUT);
        } catch (UnauthorizedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("the decline of job {} round {} did not reach the coordinator ({})", a.jobId(), a.round(),
                    e.getMessage());
        }
        return report(a, RoundOutcome.DECLINED, reason + ": " + detail);
    }

    /** A report of {@code a} without an update or a result. */
    static RoundReport report(Assignment a, RoundOutcome outcome, String detail) {
        return new RoundReport(a.jobId(), a.round(), a.task(), outcome, null, null, detail);
    }

    /** The artifacts {@code a} uses, which the cache keeps: plan and its signature, weights, a bundle's jar and signature. */
    static java.util.Set<String> inUse(Assignment a) {
        java.util.Set<String> keep = new java.util.HashSet<>(java.util.List.of(a.planSha256(), a.weightsSha256()));
        if (a.planSignatureSha256() != null) {
            keep.add(a.planSignatureSha256());
        }
        if (a.bundle() != null) {
            keep.add(a.bundle().sha256());
            if (a.bundle().signatureSha256() != null) {
                keep.add(a.bundle().signatureSha256());
            }
        }
        return keep;
    }

    static String firstLine(String s) {
        return s.lines().findFirst().orElse(s);
    }
}
