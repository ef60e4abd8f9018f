package org.flotilla.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.demo.federation.RoundView;
import org.flotilla.edge.http.TlsTrust;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.testing.TestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS end to end: the coordinator process serves TLS itself (its {@code tls} profile, a Spring
 * Boot SSL bundle over PEM files) with a certificate for 127.0.0.1 and localhost that a CA made in
 * this test issued; two edge-client processes given that CA ({@code --ca-file}) run a two-round
 * job; a third, without it, stops with exit code 2 and one line that names the host, says the
 * certificate is not trusted and names the option to set.
 */
class TlsIT {

    static final int CLIENTS = 2;
    static final int ROUNDS = 2;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void clientsGivenTheCaTrainOverHttpsAndOneWithoutItStopsWithOneLine() throws Exception {
        TestCa ca = TestCa.create("Flotilla TlsIT CA");
        TestCa.Issued server = ca.issueServer(dir.resolve("tls"), "coordinator", "localhost", "127.0.0.1");
        Path caFile = ca.writeCertificate(dir.resolve("tls/ca.pem"));

        BlobData blobs = new BlobData(11);
        List<Path> data = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            data.add(blobs.writeClient(dir.resolve("data"), "client-0" + i, 300, 30, 200 + i));
        }
        Path evalSet = blobs.writeClient(dir.resolve("data"), "evaluation", 300, 0, 998);

        try (LocalFederation federation = new LocalFederation(Federations.programs(), dir.resolve("run"), 0, null)
                .https(new LocalFederation.Https(server.certificate(), server.privateKey(), TlsTrust.context(caFile)))) {
            assertThat(federation.url().getScheme()).isEqualTo("https");
            CoordinatorApi api = federation.startCoordinator(Federations.coordinatorOptions(dir), Duration.ofMinutes(2));
            long jobId = api.createJob(WireJson.write(Federations.blobJob("tls", CLIENTS, ROUNDS, 0.05, evalSet,
                    Map.of("name", "fedavg")))).path("id").asLong();

            List<ManagedProcess> trusting = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                trusting.add(federation.startClient("client-0" + i, data.get(i), 1, List.of("-Xmx384m"),
                        List.of("--ca-file", caFile.toString())));
            }
            ManagedProcess untrusting = federation.startClient("no-ca", data.get(0), 1, List.of("-Xmx256m"),
                    List.of("--give-up-after", "20"));

            OptionalInt exit = untrusting.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("the client without the CA ended; log:\n" + untrusting.tail(20)).isPresent();
            assertThat(exit.getAsInt()).as("exit code (bad input)").isEqualTo(2);
            String log = Files.readString(untrusting.log());
            List<String> errors = log.lines().filter(l -> l.contains("ERROR")).toList();
            assertThat(errors).as("error lines of " + untrusting.log()).hasSize(1);
            assertThat(errors.get(0)).contains("the coordinator at 127.0.0.1:" + federation.url().getPort())
                    .contains("TLS certificate that is not trusted").contains("--ca-file PEM");
            assertThat(log).doesNotContain("\tat ").doesNotContain("Exception:");
            System.out.println("client without the CA: " + errors.get(0));

            JsonNode job = Federations.awaitTerminal(api, jobId, trusting, Duration.ofMinutes(3));
            assertThat(job.path("state").asString()).as("job state; reason " + job.path("reason")).isEqualTo("COMPLETED");
            List<RoundView> rounds = new ArrayList<>();
            for (JsonNode r : api.rounds(jobId)) {
                rounds.add(RoundView.of(r));
            }
            assertThat(rounds).extracting(RoundView::round).containsExactly(1, 2);
            assertThat(rounds).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo("COMPLETED");
                assertThat(r.participants()).isEqualTo(CLIENTS);
            });
            JsonNode clients = api.clients();
            assertThat(clients.toString()).contains("client-00").contains("client-01").doesNotContain("no-ca");
        }
    }
}
