package org.flotilla.operator.watch;

import java.time.Duration;
import java.util.function.Predicate;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import org.flotilla.operator.api.CoordinatorApi;

/**
 * A {@link JobFeed} that polls {@code GET /api/v1/jobs/{id}} and {@code GET /api/v1/jobs/{id}/rounds}
 * every {@code interval} and reports what changed: the job first, then its rounds. The job is read
 * before its rounds, so when it is terminal every round it counts has been reported before
 * {@link #follow} returns. A coordinator that cannot be reached is
 * retried until {@code giveUpAfter} has passed without an answer (a restarting coordinator does not
 * end the watch).
 */
public final class PollingJobFeed implements JobFeed {

    private final CoordinatorApi api;
    private final Duration interval;
    private final Duration giveUpAfter;
    private final Sleeper sleeper;

    /** Pauses between polls; a parameter so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public PollingJobFeed(CoordinatorApi api, Duration interval, Duration giveUpAfter) {
        this(api, interval, giveUpAfter, d -> Thread.sleep(d.toMillis()));
    }

    PollingJobFeed(CoordinatorApi api, Duration interval, Duration giveUpAfter, Sleeper sleeper) {
        this.api = api;
        this.interval = interval;
        this.giveUpAfter = giveUpAfter;
        this.sleeper = sleeper;
    }

    @Override
    public void follow(long jobId, Predicate<JobEvent> listener) {
        follow(jobId, new JobSnapshot(listener));
    }

    /** Polls until the job is terminal, reporting through {@code snapshot} (what it saw before counts). */
    void follow(long jobId, JobSnapshot snapshot) {
        long lostSince = -1;
        while (true) {
            boolean more;
            try {
                more = snapshot.read(api, jobId);
            } catch (OperatorException e) {
                if (e.exitCode() != ExitCode.UNREACHABLE) {
                    throw e;
                }
                long now = System.nanoTime();
                if (lostSince < 0) {
                    lostSince = now;
                    if (!snapshot.deliver(new JobEvent.Disconnected(e.getMessage()))) {
                        return;
                    }
                } else if (Duration.ofNanos(now - lostSince).compareTo(giveUpAfter) > 0) {
                    throw new OperatorException(ExitCode.UNREACHABLE, e.getMessage() + " (gave up after "
                            + giveUpAfter.toSeconds() + " s)");
                }
                pause();
                continue;
            }
            if (lostSince >= 0) {
                lostSince = -1;
                if (!snapshot.deliver(new JobEvent.Reconnected())) {
                    return;
                }
            }
            if (!more) {
                return;
            }
            pause();
        }
    }

    private void pause() {
        try {
            sleeper.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperatorException(ExitCode.FAILED, "interrupted");
        }
    }
}
