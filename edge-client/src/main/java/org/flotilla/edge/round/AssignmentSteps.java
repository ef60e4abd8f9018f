package org.flotilla.edge.round;

import java.time.Duration;

import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.http.FatalException;
import org.flotilla.edge.http.Retrying;
import org.flotilla.edge.http.UnauthorizedException;
import org.flotilla.edge.state.ArtifactCache;
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

    AssignmentSteps(CoordinatorClient client, ClientCredentials credentials, ArtifactCache cache, Retrying retrying) {
        this.client = client;
        this.credentials = credentials;
        this.cache = cache;
        this.retrying = retrying;
    }

    ArtifactCache cache() {
        return cache;
    }

    /**
     * The artifact {@code sha256}, verified against its hash.
     *
     * @throws FatalException                           when the coordinator refuses it (404, 403…)
     * @throws org.flotilla.edge.http.RetriableException when it could not be fetched before the deadline
     */
    byte[] fetch(Assignment a, String sha256, String what) {
        return retrying.call("download of the " + what + " of job " + a.jobId() + " round " + a.round(), a.deadline(),
                () -> cache.get(sha256, s -> client.artifact(credentials, s)));
    }

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
            client.decline(credentials, a.jobId(), a.round(), new DeclineRequest(reason.name(), detail), DECLINE_TIMEOUT);
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

    static String firstLine(String s) {
        return s.lines().findFirst().orElse(s);
    }
}
