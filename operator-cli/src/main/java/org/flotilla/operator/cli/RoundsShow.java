package org.flotilla.operator.cli;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.api.ApiResponse;
import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import org.flotilla.operator.render.Format;
import org.flotilla.operator.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code flotilla rounds show JOB N}: each attempt of round N with every participant (status,
 * decline reason, examples, wall time, samples/s, workers, TLP), the federated evaluation's
 * participants, and the refused uploads with their reasons.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show round N of a job: every attempt, participant and refused upload.")
final class RoundsShow extends ApiCommand {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
    long job;

    @Parameters(index = "1", paramLabel = "N", description = "The round number (from 1).")
    int round;

    @Override
    ExitCode run() {
        ApiResponse r = api().get("/api/v1/jobs/" + job + "/rounds/" + round);
        if (json()) {
            printJson(r);
            return ExitCode.OK;
        }
        Views.RoundDetail d = Json.convert(r.json(), Views.RoundDetail.class);
        Map<String, String> names = new java.util.HashMap<>();
        for (tools.jackson.databind.JsonNode c : api().get("/api/v1/clients").json()) {
            names.put(c.get("id").asString(), c.get("name").asString());
        }
        for (Views.Attempt a : d.attempts()) {
            Views.Round s = a.summary();
            Views.Result res = s.result();
            out().println("job " + d.jobId() + " round " + d.round() + " attempt " + s.attempt() + ": " + s.state()
                    + ", " + s.reported() + " of " + s.selected() + " reported, " + s.dropped() + " dropped, " + s.late()
                    + " late, " + s.declined() + " declined"
                    + (res == null ? "" : "; train loss " + Format.figure(res.trainLoss()) + ", test accuracy "
                    + Format.figure(res.testAccuracy()))
                    + (s.outcome() == null ? "" : "; " + s.outcome()));
            if (s.secureAggregation() != null) {
                secure(s.secureAggregation());
            }
            participants(a, names).print(out(), "no participants");
            out().println();
        }
        if (d.federatedEvaluation() != null) {
            Views.FederatedDetail f = d.federatedEvaluation();
            Views.Federated s = f.summary();
            out().println("federated evaluation: " + s.state() + ", " + s.reported() + " of " + s.selected() + " reported"
                    + ("COMPLETED".equals(s.state()) ? "; accuracy " + Format.figure(s.accuracy()) + ", loss "
                    + Format.figure(s.loss()) + " over " + Format.count(s.examples()) + " examples" : "")
                    + (s.outcome() == null ? "" : "; " + s.outcome()));
            Table t = new Table().text("client").text("name").text("status").number("examples").number("loss")
                    .number("accuracy").text("decline reason");
            for (Views.FederatedParticipant p : f.participants()) {
                Views.EvalResult e = p.result();
                t.row(p.clientId(), names.get(p.clientId()), p.status(), e == null ? null : Format.count(e.examples()),
                        e == null ? null : Format.figure(e.loss()), e == null ? null : Format.figure(e.accuracy()),
                        decline(p.declineReason(), p.declineDetail()));
            }
            t.print(out(), "no participants");
            rejections("refused evaluation results", f.rejections());
            out().println();
        }
        rejections("refused uploads", d.rejections());
        return ExitCode.OK;
    }

    private static Table participants(Views.Attempt a, Map<String, String> names) {
        Table t = new Table().text("client").text("name").text("status").number("examples").number("wall s").number("train s")
                .number("samples/s").number("workers").number("TLP").number("train loss").number("size")
                .text("settings").text("decline reason");
        for (Views.Participant p : a.participants()) {
            Views.Update u = p.update();
            Views.Metrics m = u == null ? null : u.metrics();
            t.row(p.clientId(), names.get(p.clientId()), p.status(),
                    u == null ? null : u.masked() ? "masked" : Format.count(u.examples()),
                    Format.seconds(m == null ? null : m.wallSeconds()), Format.seconds(m == null ? null : m.trainSeconds()),
                    Format.rate(m == null ? null : m.samplesPerSecond()), m == null ? null : m.workers(),
                    m == null || m.threadLevelParallelism() == null ? null
                            : String.format(Locale.ROOT, "%.2f", m.threadLevelParallelism()),
                    Format.figure(m == null ? null : m.trainLoss()), u == null ? null : Format.bytes(u.sizeBytes()),
                    settings(p.settings()), decline(p.declineReason(), p.declineDetail()));
        }
        return t;
    }

    /** A secure round's phases: who answered, declined and dropped in each. */
    private void secure(Views.Secure s) {
        out().println("secure aggregation (k " + s.neighbours() + ", t " + s.threshold() + "); its updates are masked vectors");
        Table t = new Table().text("phase").text("state").number("assigned").number("answered").number("declined")
                .number("dropped").number("s").text("outcome");
        for (Views.SecurePhase p : s.phases()) {
            t.row(p.phase(), p.state(), p.assigned(), p.answered(), p.declined(), p.dropped(), Format.seconds(p.seconds()),
                    p.outcome());
        }
        t.print(out(), "no phase yet");
    }

    private void rejections(String title, java.util.List<Views.Rejection> list) {
        if (list == null || list.isEmpty()) {
            out().println(title + ": none");
            return;
        }
        out().println(title + ":");
        Table t = new Table().text("client").number("status").text("reason").text("at").text("detail");
        for (Views.Rejection r : list) {
            t.row(r.clientId(), r.httpStatus(), r.reason(), Format.time(r.at()), r.detail());
        }
        t.print(out(), "");
    }

    private static String settings(Map<String, Double> s) {
        return s == null || s.isEmpty() ? null : s.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static String decline(String reason, String detail) {
        return reason == null ? null : detail == null ? reason : reason + ": " + detail;
    }
}
