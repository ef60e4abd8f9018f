package org.flotilla.operator.cli;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.flotilla.operator.api.Json;
import org.flotilla.operator.support.Admin;
import org.flotilla.operator.support.Cli;
import org.flotilla.operator.support.ClientLoop;
import org.flotilla.operator.support.Http;
import org.flotilla.operator.support.ProtocolClient;
import org.flotilla.operator.support.RunningCoordinator;
import org.flotilla.operator.support.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator command line against a real coordinator over real HTTP, with protocol clients that
 * really train: create from YAML, watch to the end (exit status by final state), list, show,
 * rounds, clients, model download, and the one-line errors.
 */
class OperatorCommandTest {

    @TempDir
    static Path dir;

    static RunningCoordinator coordinator;
    static Admin admin;
    static Path evaluation;

    @BeforeAll
    static void start() throws Exception {
        coordinator = RunningCoordinator.start(Files.createDirectories(dir.resolve("coordinator")));
        admin = coordinator.admin();
        evaluation = TestData.evaluationCsv(90, dir.resolve("eval.csv"));
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    private Cli cli() {
        return new Cli(dir.resolve("home")).env("FLOTILLA_URL", coordinator.url().toString())
                .env("FLOTILLA_ADMIN_TOKEN", RunningCoordinator.ADMIN_TOKEN);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a watch that fell back to its 10-minute polling fails here
    void aJobFromYamlIsWatchedToCompletionAndReadBack() throws Exception {
        // Prepare
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(yaml, """
                # the operator's job file
                name: cli-yaml
                model: {name: logreg}
                inputShape: [60]
                numClasses: 10
                batchSize: 16
                optimizer: {name: sgd, learningRate: 0.1}
                strategy: {name: fedavg}
                rounds: 3
                clientsPerRound: 2
                minClients: 2
                overSelection: 1.0
                roundTimeoutSeconds: 120
                selectionTimeoutSeconds: 60
                maxRoundRetries: 0
                evaluation: {path: "%s"}
                """.formatted(evaluation));
        List<ProtocolClient> clients = List.of(coordinator.enrol("yaml-a", TestData.device(1)),
                coordinator.enrol("yaml-b", TestData.device(2)));

        // Execute
        Cli.Result created = cli().run("jobs", "create", "-f", yaml.toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
        long job = Long.parseLong(created.out().replaceAll("(?s)^created job (\\d+).*", "$1"));
        Cli.Result watched;
        try (ClientLoop loop = ClientLoop.start(admin, job, clients, TestData.device(3), Integer.MAX_VALUE)) {
            // Polling only every 10 minutes: the round lines must come through the job's event stream.
            watched = cli().run("jobs", "watch", Long.toString(job), "--interval", "600");
            assertThat(loop.failures()).isEmpty();
        }

        // Assert
        assertThat(watched.exitCode()).as(watched.toString()).isZero();
        List<String> lines = watched.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("job " + job + " \"cli-yaml\": RUNNING, fedavg, 3 rounds");
        JsonNode rounds = admin.rounds(job);
        for (int r = 1; r <= 3; r++) {
            String bar = r == 1 ? "[#######-------------] 1/3" : r == 2 ? "[#############-------] 2/3" : "[####################] 3/3";
            String acc = String.format(java.util.Locale.ROOT, "%.4f", rounds.get(r - 1).get("result").get("testAccuracy").asDouble());
            int round = r;
            assertThat(lines).as(watched.out()).anySatisfy(l -> assertThat(l).startsWith(bar)
                    .matches(".*\\s" + round + "\\s+COMPLETED\\s+2/2\\s.*").contains(acc));
        }
        assertThat(lines.getLast()).isEqualTo("job " + job + " COMPLETED: all 3 rounds completed");
        // Watching the finished job catches up with the same round lines, header first.
        Cli.Result again = cli().run("jobs", "watch", Long.toString(job));
        assertThat(again.exitCode()).isZero();
        List<String> replay = again.out().lines().toList();
        assertThat(replay.getFirst()).isEqualTo("job " + job + " \"cli-yaml\": COMPLETED, fedavg, 3 rounds");
        assertThat(replay.subList(1, replay.size())).isEqualTo(lines.subList(1, lines.size()));

        Cli.Result list = cli().run("jobs", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines().filter(l -> l.contains("cli-yaml")).findFirst().orElseThrow())
                .contains("COMPLETED").contains("3/3").contains("fedavg");

        Cli.Result listJson = cli().run("--json", "jobs", "list");
        assertThat(Json.MAPPER.readTree(listJson.out())).isEqualTo(admin.get("/api/v1/jobs"));

        Cli.Result show = cli().run("jobs", "show", Long.toString(job));
        assertThat(show.out()).contains("policy.minClients").contains("strategy").containsPattern("(?m)^\\s+3\\s+COMPLETED");

        Cli.Result round = cli().run("rounds", "show", Long.toString(job), "2");
        assertThat(round.exitCode()).as(round.toString()).isZero();
        for (ProtocolClient c : clients) {
            assertThat(round.out()).containsPattern(c.id() + "\\s+yaml-[ab]\\s+REPORTED\\s+150\\s+");
        }
        assertThat(round.out()).contains("refused uploads: none");

        Cli.Result registry = cli().run("clients", "list");
        assertThat(registry.out()).contains("yaml-a").contains("yaml-b").contains("0.1.0-test");
    }

    @Test
    void refusedUploadsAreListedWithTheirReason() throws Exception {
        List<ProtocolClient> clients = List.of(coordinator.enrol("refused-a", TestData.device(4)),
                coordinator.enrol("refused-b", TestData.device(5)));
        long job = admin.createJob(TestData.job("refusals", 1, 2, null));
        JsonNode a = clients.getFirst().awaitAssignment(Duration.ofSeconds(20));
        HttpResponse<String> bad = clients.getFirst().upload(a.get("uploadPath").asString(), new byte[] {1, 2, 3},
                Json.compact(clients.getFirst().train(a).metrics()));
        assertThat(bad.statusCode()).isEqualTo(422);
        try (ClientLoop loop = ClientLoop.start(admin, job, clients, null, Integer.MAX_VALUE)) {
            admin.awaitJob(job, Duration.ofSeconds(60), j -> j.get("state").asString().equals("COMPLETED"));
        }

        Cli.Result round = cli().run("rounds", "show", Long.toString(job), "1");

        String reason = admin.get("/api/v1/jobs/" + job + "/rounds/1").get("rejections").get(0).get("reason").asString();
        assertThat(round.out()).contains("refused uploads:").containsPattern(clients.getFirst().id() + "\\s+422\\s+" + reason);
    }

    @Test
    void watchEndsWithTheJobsFinalState() {
        // A cancelled job: exit status 4.
        long cancelled = admin.createJob(TestData.job("to-cancel", 5, 2, null));
        Cli.Result cancel = cli().run("jobs", "cancel", Long.toString(cancelled));
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).startsWith("job " + cancelled + " CANCELLED");
        Cli.Result watchCancelled = cli().run("jobs", "watch", Long.toString(cancelled), "--interval", "0.1", "--poll");
        assertThat(watchCancelled.exitCode()).as(watchCancelled.toString()).isEqualTo(4);

        // A job whose only round misses its quorum (no client checks in): FAILED, exit status 3.
        long failed = admin.createJob(TestData.job("to-fail", 1, 2, null, "roundTimeoutSeconds", 1,
                "selectionTimeoutSeconds", 1));
        Cli.Result watchFailed = cli().run("jobs", "watch", Long.toString(failed), "--interval", "0.2");
        assertThat(watchFailed.exitCode()).as(watchFailed.toString()).isEqualTo(3);
        assertThat(watchFailed.out()).containsPattern("(?m)^\\[-+\\] 0/1\\s+1\\s+FAILED");
        assertThat(watchFailed.out().lines().toList().getLast()).startsWith("job " + failed + " FAILED");

        // Cancelling a finished job is refused by the coordinator (409): one line, exit status 1.
        Cli.Result again = cli().run("jobs", "cancel", Long.toString(cancelled));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().lines()).hasSize(1);
    }

    @Test
    void watchWithJsonPrintsOneObjectPerEvent() {
        long job = admin.createJob(TestData.job("json-watch", 2, 2, null));
        cli().run("jobs", "cancel", Long.toString(job));

        Cli.Result r = cli().run("jobs", "watch", Long.toString(job), "--json");

        assertThat(r.exitCode()).isEqualTo(4);
        List<JsonNode> events = r.out().lines().map(Json.MAPPER::readTree).toList();
        assertThat(events.getFirst().get("event").asString()).isEqualTo("job");
        assertThat(events.getFirst().get("data").get("state").asString()).isEqualTo("CANCELLED");
        assertThat(events).allSatisfy(e -> assertThat(e.get("event").asString()).isIn("job", "round"));
        assertThat(events).anySatisfy(e -> assertThat(e.get("event").asString()).isEqualTo("round"));
    }

    @Test
    void theModelIsDownloadedAtomicallyAsTheApiServesIt() throws Exception {
        long job = admin.createJob(TestData.job("model", 1, 1, null));
        try (ClientLoop loop = ClientLoop.start(admin, job, List.of(coordinator.enrol("model-a", TestData.device(6))),
                null, Integer.MAX_VALUE)) {
            admin.awaitJob(job, Duration.ofSeconds(60), j -> j.get("state").asString().equals("COMPLETED"));
        }
        Path raw = dir.resolve("round1.fltw");
        Path zip = dir.resolve("latest.zip");

        Cli.Result r1 = cli().run("model", "get", Long.toString(job), "--round", "1", "--format", "raw", "-o", raw.toString());
        Cli.Result r2 = cli().run("model", "get", Long.toString(job), "-o", zip.toString());
        Cli.Result missing = cli().run("model", "get", Long.toString(job), "--round", "7", "-o",
                dir.resolve("round7.zip").toString());

        assertThat(r1.exitCode()).as(r1.toString()).isZero();
        byte[] expected = Http.sendBytes(Http.request(coordinator.url(), "/api/v1/jobs/" + job + "/model?round=1&format=raw",
                Http.bearer(RunningCoordinator.ADMIN_TOKEN)).GET().build()).body();
        assertThat(Files.readAllBytes(raw)).isEqualTo(expected);
        assertThat(r2.exitCode()).as(r2.toString()).isZero();
        assertThat(Files.readAllBytes(zip)).startsWith('P', 'K');
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("round 7");
        assertThat(dir.resolve("round7.zip")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void errorsAreOneLineWithTheirOwnExitStatus() throws Exception {
        // The coordinator's problem+json: the field and the limit.
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Json.MAPPER.writeValueAsString(TestData.job("bad", 0, 2, null)));
        Cli.Result invalid = cli().run("jobs", "create", "-f", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err().lines()).singleElement().satisfies(l ->
                assertThat(l).startsWith("flotilla: ").contains("field rounds").contains("allowed: "));

        Cli.Result notFound = cli().run("jobs", "show", "999999");
        assertThat(notFound.exitCode()).isEqualTo(1);
        assertThat(notFound.err().strip()).isEqualTo("flotilla: job 999999 does not exist");

        // A wrong token says so and where it came from.
        Cli.Result wrong = cli().env("FLOTILLA_ADMIN_TOKEN", "not-the-token").run("jobs", "list");
        assertThat(wrong.exitCode()).isEqualTo(6);
        assertThat(wrong.err().lines()).singleElement().satisfies(l ->
                assertThat(l).startsWith("flotilla: wrong token").contains("FLOTILLA_ADMIN_TOKEN"));
        Cli.Result enrolmentToken = cli().run("--token", RunningCoordinator.ENROLMENT_TOKEN, "jobs", "list");
        assertThat(enrolmentToken.exitCode()).isEqualTo(6);
        assertThat(enrolmentToken.err()).contains("may not make this call");

        // Nothing listening.
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result refused = cli().run("--url", "http://127.0.0.1:" + port, "jobs", "list");
        assertThat(refused.exitCode()).isEqualTo(5);
        assertThat(refused.err().lines()).singleElement().satisfies(l ->
                assertThat(l).contains("cannot reach the coordinator at http://127.0.0.1:" + port).contains("connection refused"));

        // Local mistakes: usage errors, exit status 2.
        Path yaml = dir.resolve("broken.yaml");
        Files.writeString(yaml, "name: x\nrounds: [1, 2\n");
        Cli.Result broken = cli().run("jobs", "create", "-f", yaml.toString());
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).startsWith("flotilla: " + yaml + " is not valid YAML at line");
        assertThat(cli().run("jobs", "create", "-f", dir.resolve("absent.json").toString()).err())
                .contains("does not exist");
        Cli.Result unknown = cli().run("jobs", "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().lines()).singleElement().satisfies(l -> assertThat(l).contains("'flotilla jobs --help'"));
        assertThat(cli().run("jobs", "watch", "1", "--interval", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void settingsComeFromFlagsThenEnvironmentThenConfigFile() throws Exception {
        Path home = Files.createDirectories(dir.resolve("precedence-home"));
        Path tokenFile = Files.writeString(home.resolve("admin-token"), RunningCoordinator.ADMIN_TOKEN + "\n");
        Path config = Files.createDirectories(home.resolve(".config/flotilla")).resolve("operator.properties");
        Files.writeString(config, "url=" + coordinator.url() + "\ntoken-file=" + tokenFile + "\n");

        // The default config file alone.
        Cli.Result fromFile = new Cli(home).run("jobs", "list");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();

        // The environment beats the file: a wrong token from FLOTILLA_ADMIN_TOKEN is used (and refused).
        Cli.Result envWins = new Cli(home).env("FLOTILLA_ADMIN_TOKEN", "wrong").run("jobs", "list");
        assertThat(envWins.exitCode()).isEqualTo(6);
        assertThat(envWins.err()).contains("from FLOTILLA_ADMIN_TOKEN");

        // A flag beats the environment.
        Cli.Result flagWins = new Cli(home).env("FLOTILLA_ADMIN_TOKEN", "wrong")
                .run("jobs", "list", "--token", RunningCoordinator.ADMIN_TOKEN);
        assertThat(flagWins.exitCode()).as(flagWins.toString()).isZero();
        Cli.Result urlFlag = new Cli(home).run("--url", "http://127.0.0.1:1", "clients", "list");
        assertThat(urlFlag.exitCode()).isEqualTo(5);
        assertThat(urlFlag.err()).contains("The URL came from --url");

        // XDG_CONFIG_HOME moves the default file; --config names one; unknown keys are refused.
        Path other = Files.writeString(home.resolve("other.properties"), "url=" + coordinator.url() + "\ntoken="
                + RunningCoordinator.ADMIN_TOKEN + "\n");
        assertThat(new Cli(dir.resolve("nowhere")).run("--config", other.toString(), "jobs", "list").exitCode()).isZero();
        Files.writeString(home.resolve("typo.properties"), "adress=http://x\n");
        Cli.Result typo = new Cli(home).run("--config", home.resolve("typo.properties").toString(), "jobs", "list");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown key 'adress'").contains("url, token, token-file");
        Cli.Result noToken = new Cli(dir.resolve("nowhere")).env("XDG_CONFIG_HOME", dir.resolve("empty").toString())
                .run("jobs", "list");
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.err()).startsWith("flotilla: no admin token");
    }
}
