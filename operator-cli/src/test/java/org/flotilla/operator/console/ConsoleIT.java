package org.flotilla.operator.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.flotilla.operator.support.Admin;
import org.flotilla.operator.support.ClientLoop;
import org.flotilla.operator.support.ProtocolClient;
import org.flotilla.operator.support.RunningCoordinator;
import org.flotilla.operator.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Chromium against a real coordinator whose job is trained by protocol
 * clients over HTTP: a wrong token is refused, the accuracy chart has one point per completed round
 * with the API's values, opening a round shows its participants, and a new round appears without a
 * reload, carried by the event stream (the page's fallback polling is set to 10 minutes). Screenshots go to {@code target/console-screenshots/}.
 */
class ConsoleIT {

    private static final Path SHOTS = Path.of("target", "console-screenshots");

    @TempDir
    Path dir;

    @Test
    void theConsoleFollowsARealJob() throws Exception {
        try (Browser browser = Browser.start(dir.resolve("chromium-profile"));
             RunningCoordinator coordinator = RunningCoordinator.start(Files.createDirectories(dir.resolve("data")))) {
            // Prepare: a 4-round job; the clients may finish two rounds, then wait.
            Admin admin = coordinator.admin();
            List<ProtocolClient> clients = List.of(coordinator.enrol("pi-kitchen", TestData.device(1)),
                    coordinator.enrol("laptop-7", TestData.device(2)));
            Path eval = TestData.evaluationCsv(90, dir.resolve("eval.csv"));
            long job = admin.createJob(TestData.job("console-demo", 4, 2, eval,
                    "federatedEvaluation", Map.of("every", 1)));
            try (ClientLoop loop = ClientLoop.start(admin, job, clients, TestData.device(3), 2)) {
                admin.awaitCompletedRounds(job, 2);
                WebDriver web = browser.driver();
                WebDriverWait wait = new WebDriverWait(web, Duration.ofSeconds(30));

                // Execute and assert: sign in, first with a wrong token.
                // Polling only every 10 minutes: what the page shows later must come through the event stream.
                web.get(coordinator.url() + "/?interval=600000");
                web.findElement(By.id("token")).sendKeys("not-the-admin-token");
                web.findElement(By.id("connect")).click();
                WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
                assertThat(error.getText()).startsWith("Wrong token");
                WebElement token = web.findElement(By.id("token"));
                token.clear();
                token.sendKeys(RunningCoordinator.ADMIN_TOKEN);
                web.findElement(By.id("connect")).click();
                wait.until(ExpectedConditions.urlContains("#/jobs/" + job));
                wait.until(ExpectedConditions.textMatches(By.id("live-text"),
                        Pattern.compile("^live · event stream · updated")));

                // The accuracy chart: one point per completed round, the API's values.
                awaitPoints(wait, web, 2);
                assertChartMatchesApi(web, admin, job, 2);
                browser.screenshot(SHOTS.resolve("job.png"));

                // One round opened: its participants.
                wait.ignoring(StaleElementReferenceException.class).until(d -> {
                    d.findElement(By.cssSelector("#rounds-table tr[data-round='1']")).click();
                    return true;
                });
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("round-drawer")));
                wait.until(d -> rows(d, "#participants-1 tbody tr[data-client]").size() == clients.size());
                JsonNode detail = admin.get("/api/v1/jobs/" + job + "/rounds/1");
                List<Map<String, Object>> shown = rows(web, "#participants-1 tbody tr[data-client]");
                for (JsonNode p : detail.get("attempts").get(0).get("participants")) {
                    String id = p.get("clientId").asString();
                    Map<String, Object> row = shown.stream().filter(r -> id.equals(r.get("client"))).findFirst()
                            .orElseThrow(() -> new AssertionError("no row for " + id + " in " + shown));
                    assertThat(row.get("status")).isEqualTo("REPORTED");
                    assertThat((String) row.get("text")).contains(id.equals(clients.get(0).id()) ? "pi-kitchen" : "laptop-7")
                            .contains(String.format("%,d", p.get("update").get("examples").asLong()));
                }
                browser.screenshot(SHOTS.resolve("round.png"));
                web.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("round-drawer")));

                // A new round appears without reloading the page.
                ((JavascriptExecutor) web).executeScript("window.flotillaTestMarker = 'same page';");
                loop.allowRounds(3);
                admin.awaitCompletedRounds(job, 3);
                awaitPoints(wait, web, 3);
                assertChartMatchesApi(web, admin, job, 3);
                assertThat(((JavascriptExecutor) web).executeScript("return window.flotillaTestMarker;"))
                        .isEqualTo("same page");
                ((JavascriptExecutor) web).executeScript("window.scrollTo(0, 0);");
                browser.screenshot(SHOTS.resolve("job-round-3.png"));

                // The clients.
                web.findElement(By.cssSelector("[data-nav='clients']")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("clients-table")));
                wait.until(d -> rows(d, "#clients-table tbody tr[data-client]").size() == clients.size());
                for (Map<String, Object> row : rows(web, "#clients-table tbody tr[data-client]")) {
                    assertThat((String) row.get("text")).contains("linux-x86_64").contains("0.1.0-test");
                }
                browser.screenshot(SHOTS.resolve("clients.png"));
                assertThat(loop.failures()).isEmpty();
            }
        }
    }

    private static void awaitPoints(WebDriverWait wait, WebDriver web, int n) {
        wait.until(d -> accuracyRows(d).size() == n);
    }

    /**
     * Rows read in one script call (the page re-renders as it polls, so elements found one by one
     * could go stale): each row's data-client, data-status and text.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(WebDriver web, String css) {
        return (List<Map<String, Object>>) ((JavascriptExecutor) web).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(tr => ({client: tr.dataset.client || null,"
                        + " status: tr.dataset.status || null, text: tr.innerText}));", css);
    }

    /** The accuracy chart's table: per row, series key → data-value (null where the row has no point). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> accuracyRows(WebDriver web) {
        return (List<Map<String, Object>>) ((JavascriptExecutor) web).executeScript(
                "return [...document.querySelectorAll(\"table.chart-data[data-chart='accuracy'] tbody tr\")].map(tr =>"
                        + " Object.fromEntries([...tr.children].map(c => [c.dataset.series, c.dataset.value ?? null])));");
    }

    /** Every row of the accuracy chart's table against the API's round records. */
    private static void assertChartMatchesApi(WebDriver web, Admin admin, long job, int completed) {
        JsonNode rounds = admin.rounds(job);
        List<Double> expectedTest = new ArrayList<>();
        for (JsonNode r : rounds) {
            if (r.get("state").asString().equals("COMPLETED")) {
                expectedTest.add(r.get("result").get("testAccuracy").asDouble());
            }
        }
        assertThat(expectedTest).hasSize(completed);
        List<Map<String, Object>> rows = accuracyRows(web);
        assertThat(rows).hasSize(completed);
        for (int i = 0; i < completed; i++) {
            Map<String, Object> row = rows.get(i);
            assertThat(row.get("x")).isEqualTo(Integer.toString(i + 1));
            assertThat(Double.parseDouble((String) row.get("test"))).as("test accuracy of round %d", i + 1)
                    .isEqualTo(expectedTest.get(i));
            JsonNode fed = rounds.get(i).get("federatedEvaluation");
            Object shown = row.get("federated");
            if (fed != null && !fed.isNull() && fed.get("state").asString().equals("COMPLETED")) {
                // Shown once the page has polled after the evaluation completed.
                if (shown != null) {
                    assertThat(Double.parseDouble((String) shown)).isEqualTo(fed.get("accuracy").asDouble());
                }
            } else {
                assertThat(shown).isNull();
            }
        }
    }
}
