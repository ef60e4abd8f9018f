package org.flotilla.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.flotilla.edge.EdgeClient;
import org.flotilla.edge.EdgeClientMain;
import org.flotilla.edge.ExitStatus;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.config.ConfigResolver;
import org.flotilla.edge.config.Setting;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.testing.TestCa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS to a real TLS server (the fake coordinator as a JDK {@code HttpsServer}) whose certificate
 * a CA made in the test issued: trusted through {@code --ca-file} besides the system trust store;
 * refused, with one line that names the host, the problem and the option, when it is not.
 */
class TlsTrustTest {

    @TempDir
    Path dir;
    private TestCa ca;
    private Path csv;

    @BeforeEach
    void setUp() {
        ca = TestCa.create("Flotilla test CA");
        csv = TestData.writeCsv(TestData.blobs(50, 4, 2, 1), dir.resolve("data.csv"));
    }

    private int cli(FakeCoordinator c, Path state, String... more) {
        String[] base = {"run", "--coordinator", c.uri().toString(), "--data", csv.toString(), "--state-dir",
            state.toString(), "--workers", "1", "--once", "--give-up-after", "2", "--backoff-initial", "0.1"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        return EdgeClientMain.execute(args, Map.of("FLOTILLA_ENROLMENT_TOKEN", FakeCoordinator.ENROLMENT_TOKEN),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    /** What {@code run --once} resolves for {@code c}, with its state in {@code state}. */
    private ClientConfig config(FakeCoordinator c, Path state) {
        Map<Setting, String> cli = new EnumMap<>(Setting.class);
        cli.put(Setting.COORDINATOR, c.uri().toString());
        cli.put(Setting.ENROLMENT_TOKEN, FakeCoordinator.ENROLMENT_TOKEN);
        cli.put(Setting.DATA, csv.toString());
        cli.put(Setting.STATE_DIR, state.toString());
        cli.put(Setting.WORKERS, "1");
        cli.put(Setting.GIVE_UP_AFTER, "2");
        return ConfigResolver.of(cli, null, Map.of()).forRun(true, false);
    }

    @Test
    void aClientGivenTheCaEnrolsOverHttpsAndOneWithoutItStopsWithOneLineAndSendsNothing() throws Exception {
        TestCa.Issued server = ca.issueServer(dir, "server", "localhost", "127.0.0.1");
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        try (FakeCoordinator c = new FakeCoordinator(server.serverContext())) {
            assertThat(c.uri().getScheme()).isEqualTo("https");
            assertThat(cli(c, dir.resolve("trusting"), "--ca-file", caFile.toString())).isZero();
            assertThat(dir.resolve("trusting/identity.json")).exists();
            int served = c.requests().size();
            assertThat(served).as("enrolment and check-in over HTTPS").isGreaterThanOrEqualTo(2);

            assertThat(cli(c, dir.resolve("plain"))).isEqualTo(ExitStatus.BAD_INPUT.code());
            ClientConfig config = config(c, dir.resolve("plain2"));
            RunResult r = EdgeClient.runRounds(config, 1);
            assertThat(r.status()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(r.message()).doesNotContain("\n")
                    .contains("the coordinator at 127.0.0.1:" + c.uri().getPort())
                    .contains("TLS certificate that is not trusted")
                    .contains("--ca-file PEM (FLOTILLA_CA_FILE, or ca-file= in the config file)")
                    .contains("Nothing was sent");
            System.out.println("untrusted: " + r.message());

            Path otherCa = TestCa.create("another CA").writeCertificate(dir.resolve("other.pem"));
            RunResult wrongCa = EdgeClient.runRounds(config.withCaFile(otherCa), 1);
            assertThat(wrongCa.status()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(wrongCa.message()).contains("neither the system trust store nor " + otherCa);
            assertThat(c.requests()).as("no request reached the server without trust").hasSize(served);
            assertThat(dir.resolve("plain2/identity.json")).doesNotExist();
        }
    }

    @Test
    void aCertificateForAnotherHostOrOutOfDateIsNamedAsSuch() throws Exception {
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        TestCa.Issued elsewhere = ca.issueServer(dir, "elsewhere", "fl.example.org");
        try (FakeCoordinator c = new FakeCoordinator(elsewhere.serverContext())) {
            RunResult r = EdgeClient.runRounds(config(c, dir.resolve("a")).withCaFile(caFile), 1);
            assertThat(r.status()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(r.message()).contains("TLS certificate that is not issued for 127.0.0.1").contains("--coordinator");
        }
        TestCa.Issued expired = ca.issueServer(dir, "expired", java.time.Duration.ofHours(-1), "127.0.0.1");
        try (FakeCoordinator c = new FakeCoordinator(expired.serverContext())) {
            RunResult r = EdgeClient.runRounds(config(c, dir.resolve("b")).withCaFile(caFile), 1);
            assertThat(r.status()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(r.message()).contains("TLS certificate outside its validity period").contains("renew");
        }
    }

    @Test
    void aCaFileThatIsMissingOrNotPemIsBadInputAtStartUp() throws Exception {
        try (FakeCoordinator c = new FakeCoordinator()) {
            assertThat(cli(c, dir.resolve("s"), "--ca-file", dir.resolve("missing.pem").toString())).isEqualTo(2);
            Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
            StringWriter err = new StringWriter();
            int code = EdgeClientMain.execute(new String[]{"run", "--coordinator", c.uri().toString(), "--data",
                csv.toString(), "--ca-file", junk.toString()}, Map.of(), new PrintWriter(new StringWriter()),
                    new PrintWriter(err, true));
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("edge-client: ca-file (from --ca-file): " + junk)
                    .doesNotContain("\n");
            assertThat(c.requests()).isEmpty();
        }
    }

    @Test
    void theTrustManagerHoldsTheSystemAnchorsAndTheFilesCa() throws Exception {
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        TestCa.Issued server = ca.issueServer(dir, "server", "127.0.0.1");
        java.security.cert.X509Certificate[] chain = {server.leaf(), ca.certificate()};
        var system = TlsTrust.systemTrustManager();
        var both = TlsTrust.trustManager(caFile);

        assertThat(system.getAcceptedIssuers()).as("system trust anchors").isNotEmpty();
        assertThat(both.getAcceptedIssuers()).hasSize(system.getAcceptedIssuers().length + 1).contains(ca.certificate())
                .contains(system.getAcceptedIssuers());
        both.checkServerTrusted(chain, "ECDHE_ECDSA");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> system.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(java.security.cert.CertificateException.class);
    }
}
