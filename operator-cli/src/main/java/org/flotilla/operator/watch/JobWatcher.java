package org.flotilla.operator.watch;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import org.flotilla.operator.render.Format;
import org.flotilla.operator.render.ProgressBar;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prints a job's progress from a {@link JobFeed}: a line per finished round attempt (with a
 * progress bar of completed rounds; a completed round's line waits until its server-side test
 * figure is recorded, which happens after the round's commit), a line per finished federated evaluation (it may finish after
 * the next round has begun), and a final line
 * with the job's state; on a terminal also a status line for the open round, redrawn in place. With
 * {@code json}, one JSON object per event instead ({@code {"event":"round","data":{…}}}).
 * The exit status follows the job's final state.
 */
public final class JobWatcher {

    private static final int BAR = 20;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean interactive;
    private final Set<String> printedRounds = new HashSet<>();
    private final Set<String> printedEvaluations = new HashSet<>();
    /** Completed round attempts whose line waits for their server-side evaluation, in order. */
    private final Map<String, Views.Round> deferred = new LinkedHashMap<>();
    private Views.Job job;
    /** Rounds seen COMPLETED (a retried round counts once): the progress bar. */
    private final Set<Integer> completedRounds = new HashSet<>();
    private boolean statusShown;

    /**
     * @param out         where round lines go
     * @param err         where connection notes go
     * @param json        one JSON object per event instead of text
     * @param interactive whether {@code out} is a terminal (enables the redrawn status line)
     */
    public JobWatcher(PrintWriter out, PrintWriter err, boolean json, boolean interactive) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.interactive = interactive && !json;
    }

    /** Follows {@code jobId} to its end; the exit code says how the job ended. */
    public ExitCode watch(JobFeed feed, long jobId) {
        feed.follow(jobId, this::accept);
        // rounds whose figure never came (the job ended first): printed as they are
        deferred.forEach((key, r) -> {
            if (!json && printedRounds.add(key)) {
                printRound(r);
            }
        });
        clearStatus();
        if (job == null) {
            return ExitCode.FAILED;
        }
        if (!json) {
            out.println("job " + job.id() + " " + job.state() + (job.reason() == null ? "" : ": " + job.reason()));
        }
        out.flush();
        return switch (job.state()) {
            case "COMPLETED" -> ExitCode.OK;
            case "CANCELLED" -> ExitCode.JOB_CANCELLED;
            default -> ExitCode.JOB_FAILED;
        };
    }

    private boolean accept(JobEvent event) {
        switch (event) {
            case JobEvent.JobChanged c -> onJob(c);
            case JobEvent.RoundChanged r -> onRound(r);
            case JobEvent.Disconnected d -> {
                clearStatus();
                err.println("flotilla: " + d.message() + "; retrying");
                err.flush();
            }
            case JobEvent.Reconnected r -> {
                err.println("flotilla: connected again");
                err.flush();
            }
        }
        out.flush();
        return true;
    }

    private void onJob(JobEvent.JobChanged c) {
        boolean first = job == null;
        job = c.job();
        if (json) {
            emit("job", c.json());
            return;
        }
        if (first) {
            out.println("job " + job.id() + " \"" + job.name() + "\": " + job.state() + ", " + job.strategy() + ", "
                    + job.rounds() + " rounds");
            out.println(String.format(Locale.ROOT, "%-" + (BAR + 4 + 2 * digits()) + "s  %5s  %-9s  %7s  %4s  %4s  %4s  %10s  %8s  %7s",
                    "progress", "round", "state", "clients", "drop", "late", "decl", "train loss", "test acc", "seconds"));
        }
    }

    private void onRound(JobEvent.RoundChanged c) {
        Views.Round r = c.round();
        if (json) {
            emit("round", c.json());
            return;
        }
        String key = r.round() + "." + r.attempt();
        if (r.evaluationPending()) {
            // its line waits for the server-side test figure, recorded after the round's commit
            deferred.put(key, r);
        } else if (r.isTerminal() && printedRounds.add(key)) {
            deferred.remove(key);
            printRound(r);
        }
        Views.Federated f = r.federatedEvaluation();
        if (f != null && f.isTerminal() && printedRounds.contains(key) && printedEvaluations.add(key)) {
            clearStatus();
            out.println(federatedLine(r.round(), f));
        }
        if (!r.isTerminal() && interactive) {
            status(String.format(Locale.ROOT, "%s  round %d %s: %d of %d reported", ProgressBar.of(completedRounds.size(),
                    total(), BAR), r.round(), r.state().toLowerCase(Locale.ROOT), r.reported(), r.selected()));
        }
    }

    private void printRound(Views.Round r) {
        if ("COMPLETED".equals(r.state())) {
            completedRounds.add(r.round());
        }
        clearStatus();
        out.println(roundLine(r));
    }

    private String roundLine(Views.Round r) {
        Views.Result res = r.result();
        String label = r.attempt() > 1 ? r.round() + "." + r.attempt() : Integer.toString(r.round());
        String line = String.format(Locale.ROOT, "%s  %5s  %-9s  %7s  %4d  %4d  %4d  %10s  %8s  %7s",
                ProgressBar.of(completedRounds.size(), total(), BAR), label, r.state(), r.reported() + "/" + r.selected(),
                r.dropped(), r.late(), r.declined(), Format.figure(res == null ? null : res.trainLoss()),
                Format.figure(res == null ? null : res.testAccuracy()), Format.seconds(r.seconds()));
        return r.outcome() == null ? line : line + "  " + r.outcome();
    }

    private String federatedLine(int round, Views.Federated f) {
        String pad = " ".repeat(BAR + 4 + 2 * digits());
        if ("COMPLETED".equals(f.state())) {
            return String.format(Locale.ROOT, "%s  %5d  federated evaluation: accuracy %s, loss %s over %s held-out examples"
                            + " from %d client(s)", pad, round, Format.figure(f.accuracy()), Format.figure(f.loss()),
                    Format.count(f.examples()), f.reported());
        }
        return String.format(Locale.ROOT, "%s  %5d  federated evaluation FAILED%s", pad, round,
                f.outcome() == null ? "" : ": " + f.outcome());
    }

    private int total() {
        return job == null ? Math.max(1, completedRounds.size()) : job.rounds();
    }

    private int digits() {
        return Integer.toString(total()).length();
    }

    private void emit(String type, tools.jackson.databind.JsonNode data) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("event", type);
        line.set("data", data);
        out.println(Json.compact(line));
    }

    private void status(String text) {
        out.print("\r\033[K" + text);
        statusShown = true;
    }

    private void clearStatus() {
        if (statusShown) {
            out.print("\r\033[K");
            statusShown = false;
        }
    }
}
