package org.flotilla.coordinator.secagg;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.SecureAssignment;
import org.flotilla.secagg.client.ClientSession;
import org.flotilla.secagg.client.ClientStep;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.MaskedVectorCodec;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secure FedAvg rounds through the real coordinator over HTTP: protocol clients (the library's
 * {@link ClientSession}, standing in for edge clients) take the four phases' assignments from
 * check-in and answer them at their upload paths, with drop-outs injected at every phase. A round
 * that keeps at least t survivors yields the global weights plus the example-weighted mean of the
 * survivors' updates within the quantization step 2r/(2^b_q − 1), its unmasking phase closes as soon
 * as every secret has t shares, and the round list and detail show its phases; fewer than t
 * survivors fail the attempt, which is retried as any round. Only masked vectors are stored.
 */
class SecureRoundFlowTest extends IntegrationTest {

    static final double STEP = 2.0 / ((1 << 16) - 1);

    @Autowired
    JdbcClient jdbc;

    /**
     * Seven clients, threshold 3: c0 declines the key phase (never a participant), c1 the share
     * phase (dropped after keys), c2 the masked-input phase (dropped after sharing: its masks are
     * removed from its neighbours' inputs), c3 never answers the unmasking (the phase closes at t
     * answers without it).
     */
    @Test
    void dropOutsAtEveryPhaseStillYieldTheFedAvgOfTheSurvivorsAndTheRoundDetailShowsThePhases() {
        List<TestEdgeClient> clients = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            clients.add(enrol("s" + i, Blobs.sample(50 + 30 * i, i + 1)));
        }
        long job = admin().createJob(JobJson.of("clientsPerRound", 7, "minClients", 3, "rounds", 1,
                "secureAggregation", Map.of("threshold", 3)));
        float[] global = admin().rawModel(job, 0);

        SecureRandom random = new SecureRandom();
        List<ClientSession> sessions = new ArrayList<>();
        for (TestEdgeClient c : clients) {
            SecureAssignment.Keys keys = (SecureAssignment.Keys) await(c);
            assertThat(keys.uploadPath()).isEqualTo("/api/v1/jobs/" + job + "/rounds/1/secagg/keys/" + c.id());
            RoundSetup setup = RoundSetup.fromJson(keys.message());
            assertThat(setup.vectorLength()).isEqualTo(global.length);
            ClientSession s = ClientSession.start(setup, c.id(), random);
            sessions.add(s);
            if (c == clients.get(0)) {
                declined(c.decline(job, 1, "SECURE_AGGREGATION_ABORTED", "test: gone before advertising keys"));
            } else {
                assertCreated(c.report(keys.uploadPath(), s.advertisement().toJson()));
            }
        }
        // A repeat is harmless.
        TestEdgeClient c1 = clients.get(1);
        assertThat(c1.report("/api/v1/jobs/" + job + "/rounds/1/secagg/keys/" + c1.id(),
                sessions.get(1).advertisement().toJson()).statusCode()).isEqualTo(200);

        for (int i = 1; i < 7; i++) {
            SecureAssignment.Shares shares = (SecureAssignment.Shares) await(clients.get(i));
            if (i == 1) {
                declined(clients.get(i).decline(job, 1, "SECURE_AGGREGATION_ABORTED", "test: gone after keys"));
                continue;
            }
            SealedShares sealed = send(sessions.get(i).shareKeys(ShareKeysRequest.fromJson(shares.message())));
            if (i == 3) {
                // A set short of one neighbour's share is refused, after other clients' sets were taken
                // by the phase's kept session; the refusal leaves that session able to take the full set.
                SealedShares shortOfOne = new SealedShares(sealed.roundId(), sealed.clientId(),
                        sealed.shares().subList(1, sealed.shares().size()));
                HttpResponse<String> refused = clients.get(i).report(shares.uploadPath(), shortOfOne.toJson());
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
                assertThat(refused.body()).contains("BAD_MESSAGE");
            }
            assertCreated(clients.get(i).report(shares.uploadPath(), sealed.toJson()));
        }

        Random values = new Random(7);
        double[] weightedSum = new double[global.length];
        long totalWeight = 0;
        for (int i = 2; i < 7; i++) {
            TestEdgeClient c = clients.get(i);
            SecureAssignment.Masked masked = (SecureAssignment.Masked) await(c);
            if (i == 2) {
                declined(c.decline(job, 1, "TRAINING_FAILED", "test: gone after sharing"));
                continue;
            }
            float[] update = randomUpdate(values, global.length);
            long examples = c.data().size();
            MaskedInput input = send(sessions.get(i).maskInput(SealedShares.fromJson(masked.message()), update, examples));
            assertCreated(c.upload(masked.uploadPath(), MaskedVectorCodec.encode(input), null));
            for (int j = 0; j < update.length; j++) {
                weightedSum[j] += examples * (double) update[j];
            }
            totalWeight += examples;
        }

        List<SecureAssignment.Unmask> unmasks = new ArrayList<>();
        for (int i = 3; i < 7; i++) {
            SecureAssignment.Unmask unmask = (SecureAssignment.Unmask) await(clients.get(i));
            assertThat(UnmaskRequest.fromJson(unmask.message()).dropped()).containsExactly(clients.get(2).id());
            unmasks.add(unmask);
        }
        for (int i = 4; i < 7; i++) {
            UnmaskResponse response = send(sessions.get(i).unmask(UnmaskRequest.fromJson(unmasks.get(i - 3).message())));
            assertCreated(clients.get(i).report(unmasks.get(i - 3).uploadPath(), response.toJson()));
        }
        // t = 3 answers reveal every needed secret: the round completes without c3's answer …
        admin().awaitCompletedRounds(job, 1);
        float[] actual = admin().rawModel(job, 1);
        double worst = 0;
        for (int j = 0; j < global.length; j++) {
            worst = Math.max(worst, Math.abs(actual[j] - (global[j] + weightedSum[j] / totalWeight)));
        }
        assertThat(worst).as("largest error against the survivors' FedAvg in the clear").isLessThan(STEP + 1e-6);
        // … which then comes too late.
        UnmaskResponse late = send(sessions.get(3).unmask(UnmaskRequest.fromJson(unmasks.getFirst().message())));
        HttpResponse<String> tooLate = clients.get(3).report(unmasks.getFirst().uploadPath(), late.toJson());
        assertThat(tooLate.statusCode()).as(tooLate.body()).isEqualTo(409);
        assertThat(tooLate.body()).contains("ROUND_CLOSED");

        JsonNode listed = admin().rounds(job);
        assertThat(listed.size()).isEqualTo(1);
        JsonNode summary = listed.get(0);
        assertThat(summary.path("state").asString()).isEqualTo("COMPLETED");
        assertThat(summary.path("selected").asInt()).isEqualTo(7);
        assertThat(summary.path("reported").asInt()).as("masked inputs counted").isEqualTo(4);
        assertThat(summary.path("declined").asInt()).isEqualTo(3);
        assertThat(summary.path("newModel").asBoolean()).isTrue();
        JsonNode secure = summary.path("secureAggregation");
        assertThat(secure.path("updatesMasked").asBoolean()).isTrue();
        assertThat(secure.path("threshold").asInt()).isEqualTo(3);
        assertThat(secure.path("neighbours").asInt()).as("complete graph of 6").isEqualTo(5);
        List<String> phases = new ArrayList<>();
        secure.path("phases").forEach(p -> phases.add(p.path("phase").asString() + " " + p.path("state").asString()
                + " assigned " + p.path("assigned").asInt() + " answered " + p.path("answered").asInt()
                + " declined " + p.path("declined").asInt() + " dropped " + p.path("dropped").asInt()));
        assertThat(phases).containsExactly(
                "ADVERTISE_KEYS COMPLETED assigned 7 answered 6 declined 1 dropped 0",
                "SHARE_KEYS COMPLETED assigned 6 answered 5 declined 1 dropped 0",
                "MASKED_INPUT COMPLETED assigned 5 answered 4 declined 1 dropped 0",
                "UNMASKING COMPLETED assigned 4 answered 3 declined 0 dropped 1");
        secure.path("phases").forEach(p -> assertThat(p.path("seconds").isNumber()).as("phase timing").isTrue());

        JsonNode attempt = admin().round(job, 1).path("attempts").get(0);
        assertThat(attempt.path("summary")).isEqualTo(summary);
        List<String> updates = new ArrayList<>();
        attempt.path("participants").forEach(p -> {
            if (p.path("update").isObject()) {
                assertThat(p.path("update").path("masked").asBoolean()).isTrue();
                updates.add(p.path("clientId").asString());
            }
        });
        assertThat(updates).containsExactlyInAnyOrder(clients.get(3).id(), clients.get(4).id(), clients.get(5).id(),
                clients.get(6).id());
        List<String> unmasking = new ArrayList<>();
        attempt.path("phases").get(3).path("participants").forEach(p -> unmasking.add(p.path("status").asString()));
        assertThat(unmasking).containsExactlyInAnyOrder("LATE", "REPORTED", "REPORTED", "REPORTED");
        assertThat(attempt.path("provenance").isObject()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM secagg_messages m JOIN cohorts c ON c.id = m.cohort_id"
                        + " WHERE c.job_id = ? AND m.sha256 IS NOT NULL").param(job).query(Long.class).single())
                .as("masked inputs stored").isEqualTo(4L);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM round_updates").query(Long.class).single())
                .as("no update stored in the clear").isZero();
    }

    /**
     * Four clients, threshold 3, two of which vanish after sharing: two masked inputs are fewer
     * than t, so the attempt fails with the protocol's reason and the job's retry policy opens
     * attempt 2, with a new protocol round id.
     */
    @Test
    void fewerThanThresholdSurvivorsFailTheAttemptAndTheRoundIsRetried() {
        List<TestEdgeClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(enrol("f" + i, Blobs.sample(40 + 10 * i, 20 + i)));
        }
        long job = admin().createJob(JobJson.of("clientsPerRound", 4, "minClients", 2, "rounds", 1,
                "maxRoundRetries", 1, "secureAggregation", Map.of()));
        int length = admin().rawModel(job, 0).length;
        SecureRandom random = new SecureRandom();
        List<ClientSession> sessions = new ArrayList<>();
        for (TestEdgeClient c : clients) {
            SecureAssignment.Keys keys = (SecureAssignment.Keys) await(c);
            ClientSession s = ClientSession.start(RoundSetup.fromJson(keys.message()), c.id(), random);
            sessions.add(s);
            assertCreated(c.report(keys.uploadPath(), s.advertisement().toJson()));
        }
        for (int i = 0; i < 4; i++) {
            SecureAssignment.Shares shares = (SecureAssignment.Shares) await(clients.get(i));
            SealedShares sealed = send(sessions.get(i).shareKeys(ShareKeysRequest.fromJson(shares.message())));
            assertCreated(clients.get(i).report(shares.uploadPath(), sealed.toJson()));
        }
        Random values = new Random(3);
        for (int i = 0; i < 4; i++) {
            TestEdgeClient c = clients.get(i);
            SecureAssignment.Masked masked = (SecureAssignment.Masked) await(c);
            if (i >= 2) {
                declined(c.decline(job, 1, "TRAINING_FAILED", "test: gone after sharing"));
                continue;
            }
            MaskedInput input = send(sessions.get(i).maskInput(SealedShares.fromJson(masked.message()),
                    randomUpdate(values, length), c.data().size()));
            assertCreated(c.upload(masked.uploadPath(), MaskedVectorCodec.encode(input), null));
        }

        // Attempt 2 opens with phase 0 again; its setup names a new protocol round.
        SecureAssignment.Keys retry = (SecureAssignment.Keys) await(clients.getFirst());
        assertThat(RoundSetup.fromJson(retry.message()).roundId()).isEqualTo(SecureRounds.roundId(job, 1, 2));
        JsonNode attempts = admin().round(job, 1).path("attempts");
        assertThat(attempts.size()).isEqualTo(2);
        JsonNode failed = attempts.get(0).path("summary");
        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("outcome").asString()).contains("TOO_FEW_SURVIVORS").contains("needed 3, had 2");
        assertThat(failed.path("secureAggregation").path("phases").get(2).path("state").asString()).isEqualTo("FAILED");
        assertThat(attempts.get(1).path("summary").path("state").asString()).isEqualTo("SECAGG_KEYS");
        assertThat(admin().post("/api/v1/jobs/" + job + "/cancel", Map.of()).statusCode()).isLessThan(300);
    }

    private static float[] randomUpdate(Random values, int length) {
        float[] update = new float[length];
        for (int j = 0; j < length; j++) {
            update[j] = (float) (values.nextDouble() - 0.5);
        }
        return update;
    }

    private static Assignment await(TestEdgeClient c) {
        return c.awaitAssignment(Duration.ofSeconds(20));
    }

    private static <M> M send(ClientStep<M> step) {
        assertThat(step).isInstanceOf(ClientStep.Send.class);
        return ((ClientStep.Send<M>) step).message();
    }

    private static void assertCreated(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static void declined(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }
}
