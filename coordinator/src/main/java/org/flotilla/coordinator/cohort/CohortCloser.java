package org.flotilla.coordinator.cohort;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.coordinator.system.TensorPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Runs a kind's closing step for a CLOSING cohort, exactly once across replicas: the step runs only
 * under the cohort's lease ({@code lease_holder}, {@code lease_expires_at} in the database, renewed
 * while it runs), and its outcome is committed only while this replica still holds the lease. A
 * replica that dies while closing leaves a lease that expires; the periodic sweep of any replica
 * then takes it over. Any {@link Throwable} of the step (an {@code OutOfMemoryError} in a robust
 * strategy, a corrupt artifact) fails the cohort with the reason instead of leaving it CLOSING.
 */
@Component
class CohortCloser implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CohortCloser.class);

    private final CohortRepository cohorts;
    private final CohortWorks works;
    private final Transitions transitions;
    private final TensorPool tensors;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Duration lease;
    private final String replica;
    private final String holder;
    /** One platform thread for the closings that do no tensor work. */
    private final ExecutorService light = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("flotilla-closing").daemon(true).factory());
    /** Cohorts this process is closing or has queued, so a sweep does not queue them again. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    CohortCloser(CohortRepository cohorts, CohortWorks works, Transitions transitions, TensorPool tensors,
                 TaskScheduler scheduler, Clock clock, FlotillaProperties properties) {
        this.cohorts = cohorts;
        this.works = works;
        this.transitions = transitions;
        this.tensors = tensors;
        this.scheduler = scheduler;
        this.clock = clock;
        this.lease = properties.closingLease();
        this.replica = replicaId(properties.replicaId());
        this.holder = holderName(replica);
    }

    /** This process's name in {@code lease_holder}: the replica id, the process id and a random suffix. */
    String holder() {
        return holder;
    }

    /**
     * Whether a lease was held by an earlier process of this replica (same replica id, another
     * process): that process is gone, since a replica id names one running coordinator.
     */
    boolean heldByPredecessor(String leaseHolder) {
        return leaseHolder != null && leaseHolder.startsWith(replica + "/") && !leaseHolder.equals(holder);
    }

    /**
     * Closes the cohort unless another replica holds its lease: on the tensor pool, or on the
     * closing thread when its kind's closing does no tensor work ({@link CohortWork#closesWithTensors}).
     */
    void closeAsync(long cohortId) {
        if (!inFlight.add(cohortId)) {
            return;
        }
        Runnable task = () -> {
            try {
                close(cohortId);
            } finally {
                inFlight.remove(cohortId);
            }
        };
        boolean tensorWork = cohorts.find(cohortId).map(c -> works.of(c.kind()).closesWithTensors()).orElse(true);
        try {
            if (tensorWork) {
                tensors.submit(Executors.callable(task));
            } else {
                light.execute(task);
            }
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.remove(cohortId);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        light.shutdown();
        if (!light.awaitTermination(30, TimeUnit.SECONDS)) {
            light.shutdownNow();
        }
    }

    private void close(long cohortId) {
        Cohort c = cohorts.find(cohortId).orElse(null);
        if (c == null || c.state() != CohortState.CLOSING) {
            return;
        }
        Instant now = clock.instant();
        if (!cohorts.takeLease(cohortId, holder, now, now.plus(lease))) {
            log.debug("{}: another replica holds the closing lease", c.label());
            return;
        }
        if (c.leaseHolder() != null && !c.leaseHolder().equals(holder)) {
            log.info("{}: took over the closing lease of {}, which expired at {}", c.label(), c.leaseHolder(),
                    c.leaseExpiresAt());
        }
        Duration every = lease.dividedBy(3);
        ScheduledFuture<?> renewal = scheduler.scheduleAtFixedRate(
                () -> cohorts.renewLease(cohortId, holder, clock.instant().plus(lease)), now.plus(every), every);
        Closing result;
        try {
            result = works.of(c.kind()).close(c);
        } catch (Throwable t) {
            log.error("{}: the closing step failed", c.label(), t);
            result = new Closing.Fail("closing failed: " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("")));
        } finally {
            renewal.cancel(false);
        }
        try {
            switch (result) {
                case Closing.Complete done -> transitions.complete(c, done, holder);
                case Closing.Fail fail -> transitions.fail(c, fail.reason(), false, holder);
            }
        } catch (RuntimeException e) {
            log.error("{}: recording the closing outcome failed; the sweep retries once the lease expires", c.label(), e);
        }
    }

    private static String replicaId(String configured) {
        String id = configured;
        if (id == null || id.isBlank()) {
            try {
                id = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                id = "coordinator";
            }
        }
        id = id.strip().replace('/', '_');
        return id.length() > 60 ? id.substring(0, 60) : id;
    }

    private static String holderName(String replica) {
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return replica + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(suffix);
    }
}
