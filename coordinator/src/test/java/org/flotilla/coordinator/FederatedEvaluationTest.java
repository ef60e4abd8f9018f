package org.flotilla.coordinator;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.TaskKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Federated evaluation over HTTP: clients that really train, then answer EVALUATE assignments by
 * evaluating the downloaded global weights with DL4J on their own held-out data.
 */
class FederatedEvaluationTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void everyKRoundsAndAfterTheLastTheClientsEvaluateAndTheRoundRecordsTheExampleWeightedMean() {
        List<TestEdgeClient> clients = List.of(
                enrol("a", Blobs.sample(120, 1)).withHeldOut(Blobs.sample(40, 101)),
                enrol("b", Blobs.sample(200, 2)).withHeldOut(Blobs.sample(70, 102)));
        TestEdgeClient outsider = enrol("outsider", Blobs.sample(60, 3));
        Path eval = Blobs.writeCsv(Blobs.sample(200, 99), dataDir.resolve("eval.csv"));
        long job = admin().createJob(JobJson.of("rounds", 3, "evaluation", Map.of("path", eval.toString()),
                "federatedEvaluation", Map.of("every", 2, "clientsPerRound", 2, "minClients", 2, "timeoutSeconds", 30)));
        assertThat(admin().job(job).get("federatedEvaluation").get("every").asInt()).isEqualTo(2);

        List<List<EvalResult>> reported = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            for (TestEdgeClient c : clients) {
                Assignment a = c.awaitAssignment(WAIT);
                assertThat(a.task()).as("round %d", round).isEqualTo(TaskKind.TRAIN);
                assertThat(a.round()).isEqualTo(round);
                assertThat(c.upload(c.train(a)).statusCode()).isEqualTo(201);
            }
            admin().awaitCompletedRounds(job, round);
            if (round == 1) {
                continue; // not due: every 2, and round 1 is not the last
            }
            String weights = Sha256.of(admin().getBytes("/api/v1/jobs/" + job + "/model?format=raw&round=" + round).body());
            List<EvalResult> results = new ArrayList<>();
            for (TestEdgeClient c : clients) {
                Assignment a = c.awaitAssignment(WAIT);
                assertThat(a.task()).isEqualTo(TaskKind.EVALUATE);
                assertThat(a.round()).isEqualTo(round);
                assertThat(a.weightsSha256()).isEqualTo(weights);
                assertThat(a.uploadPath()).isEqualTo("/api/v1/jobs/" + job + "/rounds/" + round + "/evaluations/" + c.id());
                EvalResult r = c.evaluate(a);
                results.add(r);
                if (round == 2 && c == clients.getFirst()) {
                    assertBadResultsAreRefused(c, a, outsider, job);
                }
                HttpResponse<String> answer = c.report(a, r);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
                assertThat(Http.parse(answer.body()).get("examples").asLong()).isEqualTo(r.examples());
                if (round == 2 && c == clients.getFirst()) {
                    assertRepeatIsHarmlessAndAChangeIsRefused(c, a, r);
                }
            }
            reported.add(results);
        }

        JsonNode done = admin().awaitJob(job, WAIT, j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("reason").asString()).isEqualTo("all 3 rounds completed");
        TestEdgeClient first = clients.getFirst();
        assertThat(first.report("/api/v1/jobs/" + job + "/rounds/3/evaluations/" + first.id(),
                WireJson.write(reported.get(1).getFirst())).statusCode()).as("the same result again after the close").isEqualTo(200);
        JsonNode rounds = admin().rounds(job);
        assertThat(rounds.get(0).get("federatedEvaluation").isNull()).isTrue();
        for (int i = 0; i < 2; i++) {
            int round = i + 2;
            JsonNode r = rounds.get(round - 1);
            JsonNode fe = r.get("federatedEvaluation");
            EvalResult expected = weightedMean(reported.get(i));
            assertThat(fe.get("state").asString()).isEqualTo("COMPLETED");
            assertThat(fe.get("selected").asInt()).isEqualTo(2);
            assertThat(fe.get("reported").asInt()).isEqualTo(2);
            assertThat(fe.get("dropped").asInt()).isZero();
            assertThat(fe.get("examples").asLong()).isEqualTo(110);
            assertThat(fe.get("accuracy").asDouble()).isCloseTo(expected.accuracy(), within(1e-12));
            assertThat(fe.get("loss").asDouble()).isCloseTo(expected.loss(), within(1e-12));
            assertThat(fe.get("timings").get("evaluationSeconds").isNumber()).isTrue();
            assertThat(fe.get("weightsSha256").asString()).isEqualTo(r.get("result").get("weightsSha256").asString());
            // Beside the server-side figures of the same weights.
            assertThat(r.get("result").get("testExamples").asLong()).isEqualTo(200);
            assertThat(r.get("result").get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
        }
        // The final model, evaluated here on the clients' held-out data, gives the same figures.
        JsonNode last = rounds.get(2).get("federatedEvaluation");
        EvalResult local = evaluatedHere(job, 3, clients);
        assertThat(last.get("accuracy").asDouble()).isCloseTo(local.accuracy(), within(1e-12));
        assertThat(last.get("loss").asDouble()).isCloseTo(local.loss(), within(1e-12));
        assertThat(done.get("latestFederatedAccuracy").asDouble()).isEqualTo(last.get("accuracy").asDouble());

        JsonNode detail = admin().round(job, 2).get("federatedEvaluation");
        assertThat(detail.get("participants")).hasSize(2).allSatisfy(p -> {
            assertThat(p.get("status").asString()).isEqualTo("REPORTED");
            assertThat(p.get("result").get("examples").asLong()).isPositive();
        });
        assertThat(detail.get("rejections")).extracting(r -> r.get("reason").asString())
                .containsExactlyInAnyOrder("BAD_RESULT", "BAD_RESULT", "BAD_RESULT", "BAD_RESULT", "BAD_RESULT",
                        "BAD_RESULT", "BAD_RESULT", "BAD_RESULT", "BAD_RESULT", "CONFLICT"); // NOT_ASSIGNED is never stored
        assertThat(admin().round(job, 2).get("rejections")).isEmpty(); // the training refusals are listed apart

        String prometheus = admin().getRaw("/actuator/prometheus").body();
        assertThat(FederatedRoundsTest.metric(prometheus, "flotilla_federated_evaluations_completed_total")).isGreaterThanOrEqualTo(2);
        assertThat(FederatedRoundsTest.metric(prometheus, "flotilla_evaluation_results_accepted_total")).isGreaterThanOrEqualTo(4);
        assertThat(FederatedRoundsTest.metric(prometheus, "flotilla_evaluation_results_rejected_total{reason=\"conflict\"}"))
                .isGreaterThanOrEqualTo(1);
    }

    private static void assertRepeatIsHarmlessAndAChangeIsRefused(TestEdgeClient c, Assignment a, EvalResult r) {
        HttpResponse<String> again = c.report(a, r);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        HttpResponse<String> changed = c.report(a, new EvalResult(r.examples(), r.loss(), r.accuracy() / 2));
        JsonNode problem = assertProblem(changed, 409, "result-conflict");
        assertThat(problem.get("reason").asString()).isEqualTo("CONFLICT");
    }

    /** The same weights evaluated here on every client's held-out data, example-weighted. */
    private EvalResult evaluatedHere(long job, int round, List<TestEdgeClient> clients) {
        TrainingPlan plan = TrainingPlans.fromJson(clients.getFirst().fetch(admin().job(job).get("planSha256").asString()));
        float[] weights = WeightsCodec.decode(admin().getBytes("/api/v1/jobs/" + job + "/model?format=raw&round=" + round).body());
        List<EvalResult> results = new ArrayList<>();
        for (TestEdgeClient c : clients) {
            results.add(TestEdgeClient.evaluate(plan, weights, c.heldOut()));
        }
        return weightedMean(results);
    }

    private static EvalResult weightedMean(List<EvalResult> results) {
        long n = 0;
        double loss = 0;
        double accuracy = 0;
        for (EvalResult r : results) {
            n += r.examples();
            loss += r.examples() * r.loss();
            accuracy += r.examples() * r.accuracy();
        }
        return new EvalResult(n, loss / n, accuracy / n);
    }

    @Test
    void aClientThatNeverAnswersDoesNotHoldTheJobUpAndAFailedEvaluationDoesNotFailIt() {
        TestEdgeClient a = enrol("d-a", Blobs.sample(100, 21)).withHeldOut(Blobs.sample(30, 121));
        TestEdgeClient b = enrol("d-b", Blobs.sample(60, 22)).withHeldOut(Blobs.sample(30, 122));
        TestEdgeClient silent = enrol("d-silent", Blobs.sample(90, 23)).withHeldOut(Blobs.sample(30, 123));
        long job = admin().createJob(JobJson.of("rounds", 2, "clientsPerRound", 2, "minClients", 2,
                "federatedEvaluation", Map.of("clientsPerRound", 3, "minClients", 2, "timeoutSeconds", 6)));

        // Round 1: a and b train; all three are asked to evaluate, the silent one never answers.
        trainAndUpload(a, 1);
        trainAndUpload(b, 1);
        admin().awaitCompletedRounds(job, 1);
        Assignment evalA = a.awaitAssignment(WAIT);
        Assignment evalB = b.awaitAssignment(WAIT);
        Assignment evalSilent = silent.awaitAssignment(WAIT);
        assertThat(List.of(evalA.task(), evalB.task(), evalSilent.task())).containsOnly(TaskKind.EVALUATE);
        assertThat(a.report(evalA, a.evaluate(evalA)).statusCode()).isEqualTo(201);
        assertThat(b.report(evalB, b.evaluate(evalB)).statusCode()).isEqualTo(201);

        // Round 2 opens at the evaluation's deadline: the quorum of 2 was met.
        trainAndUpload(a, 2);
        trainAndUpload(b, 2);
        admin().awaitCompletedRounds(job, 2);
        JsonNode first = admin().rounds(job).get(0).get("federatedEvaluation");
        assertThat(first.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(first.get("reported").asInt()).isEqualTo(2);
        assertThat(first.get("dropped").asInt()).isEqualTo(1);
        assertThat(first.get("examples").asLong()).isEqualTo(60);

        // The final evaluation: a reports, b declines, the silent one is assigned and never answers.
        Assignment lastA = a.awaitAssignment(WAIT);
        Assignment lastB = b.awaitAssignment(WAIT);
        assertThat(silent.awaitAssignment(WAIT).task()).isEqualTo(TaskKind.EVALUATE);
        assertThat(a.report(lastA, a.evaluate(lastA)).statusCode()).isEqualTo(201);
        HttpResponse<String> declined = b.decline(job, 2, "NO_HELD_OUT_DATA", "no held-out split on this device");
        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(204);
        assertThat(b.decline(job, 2, "NO_HELD_OUT_DATA", "again").statusCode()).isEqualTo(204);
        assertProblem(b.report(lastB, new EvalResult(30, 0.5, 0.5)), 409, "declined");

        JsonNode done = admin().awaitJob(job, WAIT, j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("reason").asString()).isEqualTo("all 2 rounds completed");
        JsonNode last = admin().rounds(job).get(1).get("federatedEvaluation");
        assertThat(last.get("state").asString()).isEqualTo("FAILED");
        assertThat(last.get("outcome").asString())
                .isEqualTo("quorum not reached: 1 of 2 required result(s) (3 assigned, 1 declined, deadline passed)");
        assertThat(last.get("accuracy").isNull()).isTrue();
        assertThat(done.get("latestFederatedAccuracy").asDouble()).isEqualTo(first.get("accuracy").asDouble());
        JsonNode participants = admin().round(job, 2).get("federatedEvaluation").get("participants");
        assertThat(participants).anySatisfy(p -> {
            assertThat(p.get("clientId").asString()).isEqualTo(b.id());
            assertThat(p.get("status").asString()).isEqualTo("DECLINED");
            assertThat(p.get("declineReason").asString()).isEqualTo("NO_HELD_OUT_DATA");
        });

        // The silent client answers round 1 long after its deadline.
        JsonNode late = assertProblem(silent.report(evalSilent, new EvalResult(30, 0.5, 0.5)), 409, "round-closed");
        assertThat(late.get("reason").asString()).isEqualTo("ROUND_CLOSED");
        assertThat(admin().rounds(job).get(0).get("federatedEvaluation").get("late").asInt()).isEqualTo(1);
        String prometheus = admin().getRaw("/actuator/prometheus").body();
        assertThat(FederatedRoundsTest.metric(prometheus, "flotilla_federated_evaluations_failed_total")).isGreaterThanOrEqualTo(1);
    }

    private static void trainAndUpload(TestEdgeClient c, int round) {
        Assignment a = c.awaitAssignment(WAIT);
        assertThat(a.task()).isEqualTo(TaskKind.TRAIN);
        assertThat(a.round()).isEqualTo(round);
        assertThat(c.upload(c.train(a)).statusCode()).isEqualTo(201);
    }

    @Test
    void aBadFederatedEvaluationRequestIsRefusedNamingTheFieldAndTheLimit() {
        assertBadJob(Map.of("every", 0), "federatedEvaluation.every", ">= 1");
        assertBadJob(Map.of("timeoutSeconds", 604_801), "federatedEvaluation.timeoutSeconds", "<= 604800");
        assertBadJob(Map.of("clientsPerRound", 2, "minClients", 3), "federatedEvaluation.minClients",
                "<= federatedEvaluation.clientsPerRound (2)");
        assertThat(admin().getRaw("/v3/api-docs").body()).contains("/api/v1/jobs/{jobId}/rounds/{round}/evaluations/{clientId}");
    }

    /** Every refusal of a result is problem+json naming what was wrong; none of them counts. */
    private static void assertBadResultsAreRefused(TestEdgeClient c, Assignment a, TestEdgeClient outsider, long job) {
        assertBadResult(c, a, "{}", "examples", "an integer >= 0");
        assertBadResult(c, a, "{\"examples\":-1,\"loss\":0.5,\"accuracy\":0.5}", "examples", "an integer >= 0");
        assertBadResult(c, a, "{\"examples\":2.5,\"loss\":0.5,\"accuracy\":0.5}", "examples", "an integer >= 0");
        assertBadResult(c, a, "{\"examples\":20,\"loss\":\"NaN\",\"accuracy\":0.5}", "loss", "a finite number >= 0");
        assertBadResult(c, a, "{\"examples\":20,\"loss\":-0.1,\"accuracy\":0.5}", "loss", "a finite number >= 0");
        assertBadResult(c, a, "{\"examples\":20,\"loss\":1e999,\"accuracy\":0.5}", "loss", "a finite number >= 0");
        assertBadResult(c, a, "{\"examples\":20,\"loss\":0.5,\"accuracy\":1.5}", "accuracy", "in [0, 1]");
        assertBadResult(c, a, "{\"examples\":20,\"loss\":0.5}", "accuracy", "in [0, 1]");
        assertBadResult(c, a, "not json", "body", "EvalResult JSON");
        String good = WireJson.write(new EvalResult(20, 0.5, 0.5));
        JsonNode notAssigned = assertProblem(outsider.report("/api/v1/jobs/" + job + "/rounds/" + a.round()
                + "/evaluations/" + outsider.id(), good), 403, "not-assigned");
        assertThat(notAssigned.get("reason").asString()).isEqualTo("NOT_ASSIGNED");
        assertProblem(outsider.report(a.uploadPath(), good), 403, "forbidden");
    }

    private void assertBadJob(Map<String, Object> federated, String field, String limit) {
        HttpResponse<String> r = admin().post("/api/v1/jobs", JobJson.of("federatedEvaluation", federated));
        JsonNode problem = assertProblem(r, 400, "invalid-request");
        assertThat(problem.get("field").asString()).isEqualTo(field);
        assertThat(problem.get("limit").asString()).isEqualTo(limit);
    }

    private static void assertBadResult(TestEdgeClient c, Assignment a, String body, String field, String limit) {
        JsonNode problem = assertProblem(c.report(a.uploadPath(), body), 400, "invalid-result");
        assertThat(problem.get("field").asString()).as(body).isEqualTo(field);
        assertThat(problem.get("limit").asString()).isEqualTo(limit);
        assertThat(problem.get("reason").asString()).isEqualTo("BAD_RESULT");
    }

    static JsonNode assertProblem(HttpResponse<String> r, int status, String slug) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = Http.parse(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:flotilla:problem:" + slug);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }
}
