package org.flotilla.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.round.RoundOutcome;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.edge.state.FileStateStore;
import org.flotilla.edge.state.Identity;
import org.flotilla.edge.state.IdentityStore;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client configured with the replicas of one deployment: it moves on to the next URL when the
 * current one refuses connections or answers 5xx, stays with the one that answers, and sends its
 * secret only to URLs of the deployment it enrolled with. The replicas are two addresses of one
 * fake coordinator (one state, as replicas share one database).
 */
class FailoverTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 10);

    @TempDir
    Path state;

    @Test
    void aRefusedConnectionAndA503MoveTheClientToTheNextReplicaWhereItStays() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            URI dead = deadUrl();
            URI second = fake.replicaUri();
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 2, Map.of());
            fake.failNext("PUT", "/api/v1/jobs/", 503, null, 1);

            RunResult run = TestClients.run(TestClients.config(dead, state, 1).withReplicas(List.of(fake.uri(), second)),
                    DATA, 2);

            assertThat(run.rounds()).extracting(RoundReport::outcome)
                    .containsExactly(RoundOutcome.UPLOADED, RoundOutcome.UPLOADED);
            List<FakeCoordinator.Captured> requests = fake.requests();
            assertThat(requests.getFirst().uri()).as("the refused first URL skipped: enrolment at the next")
                    .isEqualTo("/api/v1/clients/enrol");
            assertThat(port(requests.getFirst())).isEqualTo(fake.uri().getPort());
            List<FakeCoordinator.Captured> puts = requests.stream().filter(r -> r.method().equals("PUT")).toList();
            assertThat(puts).extracting(FailoverTest::port).as("the 503'd upload repeated at the next replica, and the"
                    + " next round's there too").containsExactly(fake.uri().getPort(), second.getPort(), second.getPort());
            int failed = requests.indexOf(puts.getFirst());
            assertThat(requests.subList(failed + 1, requests.size())).extracting(FailoverTest::port)
                    .as("every call after the 503 at the replica that answered").containsOnly(second.getPort());
            Identity id = new IdentityStore(FileStateStore.open(state)).load().orElseThrow();
            assertThat(id.deployment()).as("the deployment the secret belongs to")
                    .containsExactly(dead.toString(), fake.uri().toString(), second.toString());
        }
    }

    @Test
    void theSecretGoesToAnyReplicaOfTheDeploymentItWasIssuedByAndToNoOtherCoordinator() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator(); FakeCoordinator other = new FakeCoordinator()) {
            URI second = fake.replicaUri();
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 3, Map.of());
            RunResult first = TestClients.run(TestClients.config(fake.uri(), state, 1).withReplicas(List.of(second)), DATA, 1);
            assertThat(first.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            byte[] identity = Files.readAllBytes(state.resolve("identity.json"));

            // one replica of the deployment alone, or the list in another order: the same identity
            fake.stopPrimary();
            RunResult onlySecond = TestClients.run(TestClients.config(second, state, 1), DATA, 1);
            assertThat(onlySecond.clientId()).isEqualTo(first.clientId());
            assertThat(onlySecond.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);

            // a list naming a coordinator of another deployment: nothing is sent anywhere
            int before = fake.requests().size();
            RunResult mixed = TestClients.run(TestClients.config(second, state, 1).withReplicas(List.of(other.uri())),
                    DATA, 1);
            assertThat(mixed.status()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(mixed.message()).contains(first.clientId()).contains(other.uri().toString())
                    .contains(second.toString()).contains("--re-enrol").contains("--coordinator").doesNotContain("\n");
            assertThat(other.requests()).as("not one request to the other deployment").isEmpty();
            assertThat(fake.requests()).as("nor to the listed replica of its own").hasSize(before);
            assertThat(Files.readAllBytes(state.resolve("identity.json"))).as("identity intact").isEqualTo(identity);
        }
    }

    private static int port(FakeCoordinator.Captured request) {
        String host = request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Host"))
                .map(e -> e.getValue().getFirst()).findFirst().orElseThrow();
        return Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
    }

    /** A loopback URL where nothing listens (connections refused). */
    private static URI deadUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }
}
