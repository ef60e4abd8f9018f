package org.flotilla.operator.monitoring;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flotilla.operator.api.Json;
import org.flotilla.operator.support.Admin;
import org.flotilla.operator.support.Http;
import org.flotilla.operator.support.ProtocolClient;
import org.flotilla.operator.support.RunningCoordinator;
import org.flotilla.operator.support.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scrapes {@code /actuator/prometheus} of a real coordinator after a real job (with a refused
 * upload and a refused evaluation result, so the by-reason counters exist) the way README's
 * Prometheus job says (bearer token from a credentials file), parses the exposition, and checks
 * that every meter README names and every metric and label the Grafana dashboard queries is there.
 */
class PrometheusExpositionTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path DASHBOARD = Path.of("..", "docs", "monitoring", "flotilla-dashboard.json");

    @TempDir
    static Path dir;

    static RunningCoordinator coordinator;
    static Exposition exposition;
    static String scrapePath;

    @BeforeAll
    static void runAJobAndScrape() throws Exception {
        coordinator = RunningCoordinator.start(Files.createDirectories(dir.resolve("data")));
        Admin admin = coordinator.admin();
        List<ProtocolClient> clients = List.of(coordinator.enrol("metrics-a", TestData.device(1)),
                coordinator.enrol("metrics-b", TestData.device(2)));
        long job = admin.createJob(TestData.job("metrics", 2, 2, TestData.evaluationCsv(90, dir.resolve("eval.csv")),
                "federatedEvaluation", Map.of("every", 2)));
        ProtocolClient first = clients.get(0);
        ProtocolClient second = clients.get(1);
        for (int round = 1; round <= 2; round++) {
            JsonNode a = first.awaitAssignment(Duration.ofSeconds(30));
            JsonNode b = second.awaitAssignment(Duration.ofSeconds(30));
            if (round == 1) {
                // A refused upload (not WeightsCodec bytes) before the real one.
                HttpResponse<String> bad = first.upload(a.get("uploadPath").asString(), new byte[16],
                        Json.compact(first.train(a).metrics()));
                assertThat(bad.statusCode()).isEqualTo(422);
            }
            first.trainAndUpload(a);
            second.trainAndUpload(b);
            admin.awaitCompletedRounds(job, round);
        }
        // The evaluation of round 2: one refused result (accuracy above 1), then the real ones.
        JsonNode ea = first.awaitAssignment(Duration.ofSeconds(30));
        JsonNode eb = second.awaitAssignment(Duration.ofSeconds(30));
        HttpResponse<String> refused = second.report(eb.get("uploadPath").asString(),
                "{\"examples\":10,\"loss\":0.5,\"accuracy\":1.5}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        first.evaluateAndReport(ea, TestData.device(3));
        second.evaluateAndReport(eb, TestData.device(4));
        admin.awaitJob(job, Duration.ofSeconds(60), j -> j.get("state").asString().equals("COMPLETED"));

        JsonNode prometheusJob = YAMLMapper.builder().build().readTree(monitoringSection()
                .replaceAll("(?s).*```yaml\\n(.*?)```.*", "$1")).get(0);
        scrapePath = prometheusJob.get("metrics_path").asString();
        Path credentials = Files.writeString(dir.resolve("flotilla-admin-token"), RunningCoordinator.ADMIN_TOKEN + "\n");
        assertThat(prometheusJob.get("authorization").get("credentials_file").asString()).isNotBlank();
        HttpResponse<String> anonymous = Http.send(Http.request(coordinator.url(), scrapePath, null).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        // Prometheus sends "Authorization: Bearer <file content, trimmed>" for a credentials_file.
        HttpResponse<String> scrape = Http.send(Http.request(coordinator.url(), scrapePath,
                Http.bearer(Files.readString(credentials).strip())).GET().build());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        exposition = Exposition.parse(scrape.body());
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    @Test
    void everyMeterReadmeNamesIsExported() throws Exception {
        Matcher m = Pattern.compile("`(flotilla_[a-z_]+)(\\{reason=\"…\"})?`").matcher(monitoringSection());
        List<String> named = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            named.add(name);
            boolean byReason = m.group(2) != null;
            boolean present = exposition.types().containsKey(name) || exposition.has(name, null, null);
            assertThat(present).as("README names %s; the exposition has %s", name, exposition.types().keySet()).isTrue();
            if (byReason) {
                assertThat(exposition.named(name)).as(name + " by reason")
                        .anySatisfy(s -> assertThat(s.labels()).containsKey("reason"));
            }
        }
        assertThat(named).contains("flotilla_rounds_completed_total", "flotilla_updates_rejected_total",
                "flotilla_bytes_received_bytes_total", "flotilla_aggregation_seconds");
        assertThat(exposition.named("flotilla_rounds_completed_total")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(2.0));
        assertThat(exposition.named("flotilla_updates_rejected_total")).anySatisfy(s ->
                assertThat(s.labels().get("reason")).matches("[a-z_]+"));
        assertThat(exposition.named("flotilla_evaluation_results_rejected_total")).anySatisfy(s ->
                assertThat(s.value()).isGreaterThanOrEqualTo(1.0));
        assertThat(scrapePath).isEqualTo("/actuator/prometheus");
    }

    @Test
    void everyMetricTheDashboardQueriesExists() throws Exception {
        JsonNode dashboard = Json.MAPPER.readTree(Files.readString(DASHBOARD));
        List<String> exprs = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique").isTrue();
            assertThat(panel.get("gridPos").get("w").asInt()).isBetween(1, 24);
            if (panel.has("targets")) {
                assertThat(panel.get("description").asString()).as("panel %s says what it shows", panel.get("title")).isNotBlank();
                panel.get("targets").forEach(t -> exprs.add(t.get("expr").asString()));
            }
        }
        assertThat(exprs).hasSizeGreaterThan(15);
        Pattern metric = Pattern.compile("\\b((?:flotilla|http_server_requests|jvm|hikaricp)_[a-z_]+)(\\{[^}]*})?");
        Pattern label = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
        for (String expr : exprs) {
            Matcher m = metric.matcher(expr.replace("{clientId}", "<clientId>"));
            while (m.find()) {
                String name = m.group(1);
                assertThat(exposition.has(name, null, null)).as("%s in %s", name, expr).isTrue();
                if (m.group(2) != null) {
                    Matcher l = label.matcher(m.group(2).replace("<clientId>", "{clientId}"));
                    while (l.find()) {
                        String key = l.group(1);
                        String value = l.group(2);
                        if (key.equals("instance")) {
                            continue; // added by Prometheus at scrape time
                        }
                        assertThat(exposition.has(name, key, value)).as("%s{%s=\"%s\"} in %s", name, key, value, expr).isTrue();
                    }
                }
            }
        }
        assertThat(dashboard.get("templating").get("list")).anySatisfy(v ->
                assertThat(v.get("name").asString()).isEqualTo("datasource"));
    }

    private static String monitoringSection() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("#### Monitoring");
        assertThat(start).as("README has a Monitoring section").isPositive();
        int end = readme.indexOf("\n## ", start);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
