package org.flotilla.operator.cli;

import java.time.Duration;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import org.flotilla.operator.watch.JobWatcher;
import org.flotilla.operator.watch.JobFeed;
import org.flotilla.operator.watch.PollingJobFeed;
import org.flotilla.operator.watch.StreamingJobFeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flotilla jobs watch ID}: a line per finished round with a progress bar until the job ends;
 * the exit status is the job's final state (0 COMPLETED, 3 FAILED, 4 CANCELLED). It follows the
 * job's event stream and polls only when the stream is unavailable (or with {@code --poll}).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow a job until it ends: one line per finished round with a progress bar.",
                "Exit status: 0 COMPLETED, 3 FAILED, 4 CANCELLED."})
final class JobsWatch extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
    long id;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds between polls when the event stream is unavailable (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--poll", description = "Poll the REST API instead of following the job's event stream.")
    boolean poll;

    @Option(names = "--give-up-after", paramLabel = "SECONDS", defaultValue = "120",
            description = "Stop with exit status 5 when the coordinator cannot be reached for this long (default: ${DEFAULT-VALUE}).")
    double giveUpSeconds;

    @Override
    ExitCode run() {
        if (!(intervalSeconds >= 0.05 && intervalSeconds <= 3600)) {
            throw OperatorException.usage("--interval must be between 0.05 and 3600 seconds, was " + intervalSeconds);
        }
        if (!(giveUpSeconds >= 0 && giveUpSeconds <= 86_400)) {
            throw OperatorException.usage("--give-up-after must be between 0 and 86400 seconds, was " + giveUpSeconds);
        }
        PollingJobFeed polling = new PollingJobFeed(api(), seconds(intervalSeconds), seconds(giveUpSeconds));
        JobFeed feed = poll ? polling : new StreamingJobFeed(api(), polling);
        return new JobWatcher(out(), io().err(), json(), io().interactive()).watch(feed, id);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
