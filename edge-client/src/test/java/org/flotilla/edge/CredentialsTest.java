package org.flotilla.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.round.RoundOutcome;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused credentials end the client with a distinct code and a re-enrolment hint, without retry loops. */
class CredentialsTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 10);

    @TempDir
    Path state;

    @Test
    void aRevokedSecretStopsTheClientAndReEnrolmentRecovers() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 3, Map.of());
            ClientConfig config = TestClients.config(fake.uri(), state, 1);
            RunResult first = TestClients.run(config, DATA, 1);
            fake.revoke(first.clientId());
            int before = fake.requests().size();

            RunResult refused = TestClients.run(config, DATA, 1);

            assertThat(refused.status()).isEqualTo(ExitStatus.CREDENTIALS_REFUSED);
            assertThat(refused.status().code()).isEqualTo(3);
            assertThat(refused.message()).contains(first.clientId()).contains("--re-enrol")
                    .contains(state.resolve("identity.json").toString()).doesNotContain("\n");
            assertThat(fake.requests().size() - before).as("one check-in, no retries").isEqualTo(1);

            RunResult again = TestClients.run(config.withReEnrol(true), DATA, 1);

            assertThat(again.clientId()).isNotEqualTo(first.clientId());
            assertThat(again.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
        }
    }

    @Test
    void aWrongEnrolmentTokenIsReportedAsSuch() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            ClientConfig c = TestClients.config(fake.uri(), state, 1);
            ClientConfig wrong = new ClientConfig(c.coordinator(), "not-the-token", c.data(), 1, state,
                    c.averagingFrequency(), 0, false, false, "x", 0, 0.1, c.backoff(), c.giveUpAfter());

            RunResult r = TestClients.run(wrong, DATA, 1);

            assertThat(r.status()).isEqualTo(ExitStatus.CREDENTIALS_REFUSED);
            assertThat(r.message()).contains("enrolment token");
            assertThat(TestClients.files(state)).isEmpty();
        }
    }

    @Test
    void withoutIdentityOrTokenTheClientSaysHowToEnrol() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            ClientConfig c = TestClients.config(fake.uri(), state, 1);
            ClientConfig noToken = new ClientConfig(c.coordinator(), null, c.data(), 1, state, c.averagingFrequency(),
                    0, false, false, "x", 0, 0.1, c.backoff(), c.giveUpAfter());

            RunResult r = TestClients.run(noToken, DATA, 1);

            assertThat(r.status()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(r.message()).contains("--enrolment-token").contains("FLOTILLA_ENROLMENT_TOKEN");
            assertThat(fake.requests()).isEmpty();
        }
    }
}
