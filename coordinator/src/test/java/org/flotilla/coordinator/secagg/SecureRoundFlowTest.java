package org.flotilla.coordinator.secagg;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secure FedAvg round through the real coordinator over HTTP: four protocol clients (the
 * library's {@link ClientSession}, standing in for edge clients) take the four phases' assignments
 * from check-in and answer them at their upload paths; one drops out after sharing its keys. The
 * round's new model must be the global weights plus the example-weighted mean of the three
 * survivors' updates within the quantization step 2r/(2^b_q − 1), and only masked vectors are
 * stored.
 */
class SecureRoundFlowTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSecureRoundWithOneDropOutAfterSharingYieldsTheFedAvgOfTheSurvivors() {
        List<TestEdgeClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(enrol("s" + i, Blobs.sample(50 + 30 * i, i + 1)));
        }
        long job = admin().createJob(JobJson.of("clientsPerRound", 4, "minClients", 3, "rounds", 1,
                "secureAggregation", java.util.Map.of()));
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
            assertCreated(c.report(keys.uploadPath(), s.advertisement().toJson()));
        }
        // A repeat is harmless.
        assertThat(clients.getFirst().report("/api/v1/jobs/" + job + "/rounds/1/secagg/keys/" + clients.getFirst().id(),
                sessions.getFirst().advertisement().toJson()).statusCode()).isEqualTo(200);

        for (int i = 0; i < 4; i++) {
            SecureAssignment.Shares shares = (SecureAssignment.Shares) await(clients.get(i));
            SealedShares sealed = send(sessions.get(i).shareKeys(ShareKeysRequest.fromJson(shares.message())));
            assertCreated(clients.get(i).report(shares.uploadPath(), sealed.toJson()));
        }

        Random values = new Random(7);
        double[] weightedSum = new double[global.length];
        long totalWeight = 0;
        for (int i = 0; i < 4; i++) {
            TestEdgeClient c = clients.get(i);
            SecureAssignment.Masked masked = (SecureAssignment.Masked) await(c);
            if (i == 3) {
                // Gone after sharing its keys: the protocol recovers the others' sum without it.
                assertThat(c.decline(job, 1, "TRAINING_FAILED", "test drop-out").statusCode()).isEqualTo(204);
                continue;
            }
            float[] update = new float[global.length];
            for (int j = 0; j < update.length; j++) {
                update[j] = (float) (values.nextDouble() - 0.5);
            }
            long examples = c.data().size();
            MaskedInput input = send(sessions.get(i).maskInput(SealedShares.fromJson(masked.message()), update, examples));
            assertCreated(c.upload(masked.uploadPath(), MaskedVectorCodec.encode(input), null));
            for (int j = 0; j < update.length; j++) {
                weightedSum[j] += examples * (double) update[j];
            }
            totalWeight += examples;
        }

        for (int i = 0; i < 3; i++) {
            SecureAssignment.Unmask unmask = (SecureAssignment.Unmask) await(clients.get(i));
            UnmaskRequest request = UnmaskRequest.fromJson(unmask.message());
            assertThat(request.dropped()).contains(clients.get(3).id());
            UnmaskResponse response = send(sessions.get(i).unmask(request));
            assertCreated(clients.get(i).report(unmask.uploadPath(), response.toJson()));
        }

        admin().awaitCompletedRounds(job, 1);
        float[] actual = admin().rawModel(job, 1);
        double step = 2.0 / ((1 << 16) - 1);
        double worst = 0;
        for (int j = 0; j < global.length; j++) {
            double expected = global[j] + weightedSum[j] / totalWeight;
            worst = Math.max(worst, Math.abs(actual[j] - expected));
        }
        assertThat(worst).as("largest error against the survivors' FedAvg in the clear").isLessThan(step + 1e-6);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM secagg_messages WHERE sha256 IS NOT NULL").query(Long.class).single())
                .as("masked inputs stored").isEqualTo(3L);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM round_updates").query(Long.class).single())
                .as("no update stored in the clear").isZero();
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
}
