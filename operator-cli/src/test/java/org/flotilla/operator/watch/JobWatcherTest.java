package org.flotilla.operator.watch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher's lines and exit status from a scripted feed (no HTTP). */
class JobWatcherTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Views.Job job(String state, int completed, String reason) {
        return new Views.Job(7, "demo", state, reason, "fedavg", "mlp", 3, completed, null, null, T0, T0, null);
    }

    private static Views.Round round(int n, int attempt, String state, Views.Federated federated) {
        return round(n, attempt, state, federated, false);
    }

    /** A round as the coordinator lists it; {@code pending}: its server-side test figure is not recorded yet. */
    private static Views.Round round(int n, int attempt, String state, Views.Federated federated, boolean pending) {
        boolean completed = state.equals("COMPLETED");
        Views.Result result = completed
                ? new Views.Result(100L, 0.5, 0.8, pending ? null : 50L, pending ? null : 0.6, pending ? null : 0.75, "w")
                : null;
        return new Views.Round(n, attempt, state, 2, state.equals("FAILED") ? 1 : 2, state.equals("FAILED") ? 1 : 0, 0, 0,
                T0, T0.plusSeconds(60), state.equals("TRAINING") ? null : T0.plusMillis(1500),
                new Views.Timings(0.1, 1.0, 0.01, pending ? null : 0.2), state.equals("FAILED") ? "quorum not reached" : null,
                completed ? Boolean.TRUE : null, completed && pending, result, federated, null);
    }

    private static JobEvent.JobChanged changed(Views.Job j) {
        return new JobEvent.JobChanged(j, Json.MAPPER.valueToTree(j));
    }

    private static JobEvent.RoundChanged changed(Views.Round r) {
        return new JobEvent.RoundChanged(r, Json.MAPPER.valueToTree(r));
    }

    private static String run(List<JobEvent> events, ExitCode expected, boolean json, boolean interactive) {
        StringWriter out = new StringWriter();
        JobWatcher w = new JobWatcher(new PrintWriter(out), new PrintWriter(new StringWriter()), json, interactive);
        ExitCode code = w.watch((id, listener) -> events.forEach(listener::test), 7);
        assertThat(code).isEqualTo(expected);
        return out.toString();
    }

    @Test
    void aRetriedRoundCountsOnceAndTheExitStatusIsTheFinalState() {
        // Prepare
        Views.Federated fed = new Views.Federated("COMPLETED", 2, 2, 0, 0, 0, 40L, 0.4, 0.9, null);
        List<JobEvent> events = List.of(changed(job("RUNNING", 0, null)),
                changed(round(1, 1, "TRAINING", null)), changed(round(1, 1, "FAILED", null)),
                changed(round(1, 2, "COMPLETED", null)), changed(round(1, 2, "COMPLETED", fed)),
                changed(round(2, 1, "COMPLETED", null)), changed(job("COMPLETED", 2, "target accuracy reached")));

        // Execute
        String out = run(events, ExitCode.OK, false, false);

        // Assert
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("job 7 \"demo\": RUNNING, fedavg, 3 rounds");
        assertThat(lines.get(2)).startsWith("[--------------------] 0/3      1  FAILED").endsWith("quorum not reached");
        assertThat(lines.get(3)).startsWith("[#######-------------] 1/3    1.2  COMPLETED      2/2").contains("0.7500");
        assertThat(lines.get(4)).contains("1  federated evaluation: accuracy 0.9000, loss 0.4000 over 40 held-out examples");
        assertThat(lines.get(5)).startsWith("[#############-------] 2/3      2  COMPLETED");
        assertThat(lines.getLast()).isEqualTo("job 7 COMPLETED: target accuracy reached");
        assertThat(out).doesNotContain("\r");
    }

    @Test
    void aCompletedRoundsLineWaitsUntilTheCoordinatorNoLongerSaysItsEvaluationIsPending() {
        // Prepare: round 1 is listed completed first with its server-side figure still pending
        List<JobEvent> events = List.of(changed(job("RUNNING", 0, null)),
                changed(round(1, 1, "COMPLETED", null, true)), changed(round(2, 1, "TRAINING", null)),
                changed(round(1, 1, "COMPLETED", null, false)), changed(round(2, 1, "COMPLETED", null, true)),
                changed(job("COMPLETED", 2, "all 2 rounds completed")));

        // Execute
        String out = run(events, ExitCode.OK, false, false);

        // Assert: one line for round 1, with its figure; round 2's, whose figure never came, at the end as it is
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(2)).contains("      1  COMPLETED").contains("0.7500");
        assertThat(lines.get(3)).contains("      2  COMPLETED").doesNotContain("0.7500");
        assertThat(lines.getLast()).isEqualTo("job 7 COMPLETED: all 2 rounds completed");
    }

    @Test
    void failedAndCancelledJobsHaveTheirOwnExitStatus() {
        run(List.of(changed(job("FAILED", 0, "round 1 failed"))), ExitCode.JOB_FAILED, false, false);
        run(List.of(changed(job("CANCELLED", 0, "cancelled"))), ExitCode.JOB_CANCELLED, false, false);
    }

    @Test
    void aTerminalGetsAStatusLineForTheOpenRound() {
        String out = run(List.of(changed(job("RUNNING", 0, null)), changed(round(1, 1, "TRAINING", null)),
                changed(round(1, 1, "COMPLETED", null)), changed(job("COMPLETED", 1, null))), ExitCode.OK, false, true);

        assertThat(out).contains("\r\033[K[--------------------] 0/3  round 1 training: 2 of 2 reported")
                .contains("\r\033[K[#######-------------] 1/3      1  COMPLETED");
    }

    @Test
    void jsonPrintsOneObjectPerEvent() {
        String out = run(List.of(changed(job("RUNNING", 0, null)), changed(round(1, 1, "COMPLETED", null)),
                changed(job("COMPLETED", 1, null))), ExitCode.OK, true, true);

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(Json.MAPPER.readTree(lines.get(1)).get("event").asString()).isEqualTo("round");
        assertThat(Json.MAPPER.readTree(lines.get(1)).get("data").get("round").asInt()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(lines.get(2)).get("data").get("state").asString()).isEqualTo("COMPLETED");
    }
}
