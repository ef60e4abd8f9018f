package org.flotilla.edge.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.flotilla.edge.http.Backoff;

/**
 * Everything {@code edge-client run} needs, validated.
 *
 * @param coordinator        the coordinator's base URL (the first replica of the deployment to try)
 * @param enrolmentToken     token for the first enrolment, or null when already enrolled
 * @param data               the local data spec ({@code LocalData.open})
 * @param workers            training worker threads
 * @param stateDir           the state directory
 * @param averagingFrequency mini-batches between replica averagings
 * @param maxRounds          assignments to handle before exiting, 0 for no limit
 * @param once               check in once, handle at most one assignment, exit
 * @param reEnrol            forget the stored identity and enrol again
 * @param name               device name sent at enrolment
 * @param checkInWaitSeconds long-poll wait asked of the coordinator
 * @param heldOutFraction    share of local data held out for local evaluation (when the data has no split)
 * @param backoff            retry backoff for coordinator calls
 * @param giveUpAfter        stop retrying an unreachable coordinator after this long; null = never
 * @param bundles            how signed code bundles are verified and run
 * @param replicas           further base URLs of the same deployment (coordinator replicas sharing one
 *                           database), tried in order when the current one cannot be reached or answers 5xx;
 *                           empty for a single coordinator
 * @param caFile             PEM file of CA certificates trusted besides the system trust store, or null
 */
public record ClientConfig(URI coordinator, String enrolmentToken, String data, int workers, Path stateDir,
                           int averagingFrequency, int maxRounds, boolean once, boolean reEnrol, String name,
                           int checkInWaitSeconds, double heldOutFraction, Backoff backoff, Duration giveUpAfter,
                           BundleOptions bundles, List<URI> replicas, Path caFile) {

    public ClientConfig {
        bundles = bundles != null ? bundles : BundleOptions.none(stateDir);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** A configuration for a single coordinator. */
    public ClientConfig(URI coordinator, String enrolmentToken, String data, int workers, Path stateDir,
                        int averagingFrequency, int maxRounds, boolean once, boolean reEnrol, String name,
                        int checkInWaitSeconds, double heldOutFraction, Backoff backoff, Duration giveUpAfter,
                        BundleOptions bundles) {
        this(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds, once, reEnrol, name,
                checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, bundles, List.of(), null);
    }

    /** Every base URL of the deployment, in the order they are tried: {@code coordinator} first. */
    public List<URI> coordinators() {
        List<URI> all = new ArrayList<>(replicas.size() + 1);
        all.add(coordinator);
        all.addAll(replicas);
        return List.copyOf(all);
    }

    /** This configuration with further replicas of the same deployment. */
    public ClientConfig withReplicas(List<URI> more) {
        return new ClientConfig(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds,
                once, reEnrol, name, checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, bundles, more, caFile);
    }

    /** A configuration that trusts no bundle publisher. */
    public ClientConfig(URI coordinator, String enrolmentToken, String data, int workers, Path stateDir,
                        int averagingFrequency, int maxRounds, boolean once, boolean reEnrol, String name,
                        int checkInWaitSeconds, double heldOutFraction, Backoff backoff, Duration giveUpAfter) {
        this(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds, once, reEnrol, name,
                checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, null);
    }

    /** This configuration with another CA file (null: the system trust store alone). */
    public ClientConfig withCaFile(Path file) {
        return new ClientConfig(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds,
                once, reEnrol, name, checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, bundles, replicas, file);
    }

    /** This configuration with other bundle options. */
    public ClientConfig withBundles(BundleOptions b) {
        return new ClientConfig(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds,
                once, reEnrol, name, checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, b, replicas, caFile);
    }

    /** This configuration with another state directory. */
    public ClientConfig withStateDir(Path dir) {
        return new ClientConfig(coordinator, enrolmentToken, data, workers, dir, averagingFrequency, maxRounds, once,
                reEnrol, name, checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, bundles, replicas, caFile);
    }

    /** This configuration with another backoff. */
    public ClientConfig withBackoff(Backoff b) {
        return new ClientConfig(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds,
                once, reEnrol, name, checkInWaitSeconds, heldOutFraction, b, giveUpAfter, bundles, replicas, caFile);
    }

    /** This configuration with another worker count. */
    public ClientConfig withWorkers(int n) {
        return new ClientConfig(coordinator, enrolmentToken, data, n, stateDir, averagingFrequency, maxRounds, once,
                reEnrol, name, checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, bundles, replicas, caFile);
    }

    /** This configuration with another re-enrol flag. */
    public ClientConfig withReEnrol(boolean value) {
        return new ClientConfig(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds,
                once, value, name, checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, bundles, replicas, caFile);
    }

    /** This configuration with another {@code --once} flag. */
    public ClientConfig withOnce(boolean value) {
        return new ClientConfig(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds,
                value, reEnrol, name, checkInWaitSeconds, heldOutFraction, backoff, giveUpAfter, bundles, replicas, caFile);
    }

    /** This configuration with another give-up time. */
    public ClientConfig withGiveUpAfter(Duration value) {
        return new ClientConfig(coordinator, enrolmentToken, data, workers, stateDir, averagingFrequency, maxRounds,
                once, reEnrol, name, checkInWaitSeconds, heldOutFraction, backoff, value, bundles, replicas, caFile);
    }

    @Override
    public String toString() {
        return "ClientConfig[coordinator=" + coordinator + (replicas.isEmpty() ? "" : ", replicas=" + replicas) + ", data=" + data + ", workers=" + workers + ", stateDir="
                + stateDir + ", averagingFrequency=" + averagingFrequency + ", maxRounds=" + maxRounds + ", once="
                + once + ", name=" + name + ", caFile=" + caFile + ", enrolmentToken=" + (enrolmentToken == null ? "none" : "***") + "]";
    }
}
