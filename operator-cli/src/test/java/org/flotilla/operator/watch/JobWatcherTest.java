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
        Views.Result result = state.equals("COMPLETED")
                ? new Views.Result(100L, 0.5, 0.8, 50L, 0.6, 0.75, "w") : null;
        return new Views.Round(n, attempt, state, 2, state.equals("FAILED") ? 1 : 2, state.equals("FAILED") ? 1 : 0, 0, 0,
                T0, T0.plusSeconds(60), state.equals("TRAINING") ? null : T0.plusMillis(1500),
                new Views.Timings(0.1, 1.0, 0.01, 0.2), state.equals("FAILED") ? "quorum not reached" : null, null,
                result, federated, null);
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
