package org.flotilla.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes and one-line errors, never a stack trace. */
class EdgeClientMainTest {

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EdgeClientMain.execute(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static void assertOneLineNoStackTrace(Outcome o) {
        assertThat(o.err().strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(o.err()).startsWith("edge-client: ");
    }

    @Test
    void version() {
        Outcome o = run(Map.of(), "version");
        assertThat(o.code()).isZero();
        assertThat(o.out()).startsWith("flotilla edge-client 0.1.0").contains("linux-x86_64").contains("Java");
    }

    @Test
    void badInputGivesExitCode2AndOneLine() {
        String[][] cases = {
            {"run"},
            {"run", "--coordinator", "https://c", "--data", "d", "--workers", "abc"},
            {"run", "--coordinator", "ftp://c", "--data", "d"},
            {"run", "--bogus"},
            {"run", "--coordinator"},
            {"run", "--config", dir.resolve("missing.properties").toString()},
            {"frobnicate"},
            {},
        };
        for (String[] args : cases) {
            Outcome o = run(Map.of("FLOTILLA_STATE_DIR", dir.toString()), args);
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
            assertOneLineNoStackTrace(o);
        }
        assertThat(run(Map.of(), "run").err()).contains("no coordinator given");
        assertThat(run(Map.of(), "run", "--bogus").err()).contains("--bogus").contains("edge-client run --help");
    }

    @Test
    void missingDataIsBadInputWithTheReason() {
        Outcome o = run(Map.of(), "run", "--coordinator", "http://127.0.0.1:1", "--data", dir.resolve("nope").toString(),
                "--state-dir", dir.resolve("state").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(TestClients.files(dir)).isEmpty();
    }

    @Test
    void unreachableCoordinatorExitsWith5AfterGiveUpAfter() throws Exception {
        Path csv = TestData.writeCsv(TestData.blobs(50, 4, 2, 1), dir.resolve("data.csv"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Outcome o = run(Map.of("FLOTILLA_ENROLMENT_TOKEN", "t"), "run", "--coordinator", "http://127.0.0.1:" + port,
                "--data", csv.toString(), "--state-dir", dir.resolve("state").toString(), "--give-up-after", "1",
                "--backoff-initial", "0.1", "--workers", "1");
        assertThat(o.code()).isEqualTo(5);
    }

    @Test
    void statusShowsTheStateWithoutSecrets() throws Exception {
        Outcome empty = run(Map.of(), "status", "--state-dir", dir.resolve("none").toString());
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).contains("not enrolled").doesNotContain("Exception");

        var store = TestClients.store(dir.resolve("s"));
        new org.flotilla.edge.state.IdentityStore(store).save(new org.flotilla.edge.state.Identity("c-9", "hunter2",
                "http://c", "pi", java.time.Instant.EPOCH));
        store.write("cache/" + "a".repeat(64), new byte[10]);
        Outcome o = run(Map.of("FLOTILLA_STATE_DIR", dir.resolve("s").toString()), "status");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("client c-9").contains("cached artifacts: 1").contains("pending uploads: 0")
                .doesNotContain("hunter2");
    }
}
