package org.flotilla.edge.round;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.flotilla.edge.RunResult;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.flotilla.model.signing.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code require-signed-plans=true}: a coordinator that relays a plan without a publisher signature,
 * with one by a key the device does not trust, with garbage, or a plan other than the one signed
 * (a compromised coordinator can relay anything) gets {@code UNTRUSTED_CODE} with the reason in the
 * detail, and the plan is never downloaded — so nothing is built from it. A plan signed by a trusted
 * publisher trains as usual. Devices without the setting use unsigned plans (every other test).
 */
class SignedPlanAssignmentTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final TrainingPlan OTHER_PLAN = TestData.mlpPlan(20, 4, 2, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(100, 20, 4, 8);

    private final SigningKey publisher = SigningKey.generate();

    @TempDir
    Path dir;

    private ClientConfig config(FakeCoordinator fake, boolean trustsPublisher) throws Exception {
        ClientConfig config = TestClients.trusting(fake.uri(), dir, trustsPublisher ? publisher : null);
        return config.withBundles(config.bundles().requiringSignedPlans(true));
    }

    /** Runs one assignment of {@code plan} with {@code signature} relayed (null: none) and returns its decline. */
    private FakeCoordinator.Decline declineFor(TrainingPlan plan, byte[] signature, boolean trustsPublisher)
            throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(plan, Networks.parameters(Networks.build(plan)), 1, Map.of());
            if (signature != null) {
                fake.planSignature(signature);
            }

            RunResult r = TestClients.run(config(fake, trustsPublisher), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.DECLINED);
            assertThat(fake.uploads()).isEmpty();
            assertThat(fake.artifactGets(fake.planSha())).as("the plan is not downloaded").isZero();
            assertThat(fake.artifactGets(fake.weightsSha())).as("nor the weights").isZero();
            assertThat(fake.declines()).hasSize(1);
            assertThat(fake.declines().getFirst().request().reason()).isEqualTo("UNTRUSTED_CODE");
            return fake.declines().getFirst();
        }
    }

    private byte[] signed(SigningKey key, TrainingPlan plan) {
        return key.sign(Sha256.of(TrainingPlans.toJson(plan))).toJson();
    }

    @Test
    void anUnsignedPlanIsDeclinedUntrustedCode() throws Exception {
        FakeCoordinator.Decline d = declineFor(PLAN, null, true);

        assertThat(d.request().detail()).contains("without a publisher signature").contains("require-signed-plans");
    }

    @Test
    void aPlanSignedByAKeyTheDeviceDoesNotTrustIsDeclinedUntrustedCode() throws Exception {
        SigningKey stranger = SigningKey.generate();

        FakeCoordinator.Decline d = declineFor(PLAN, signed(stranger, PLAN), true);

        assertThat(d.request().detail()).contains("UNTRUSTED_KEY").contains(stranger.id().hex());
    }

    @Test
    void aPlanOtherThanTheOneSignedIsDeclinedUntrustedCode() throws Exception {
        FakeCoordinator.Decline d = declineFor(OTHER_PLAN, signed(publisher, PLAN), true);

        assertThat(d.request().detail()).contains("BAD_SIGNATURE");
    }

    @Test
    void aSignatureDocumentThatIsNotOneIsDeclinedUntrustedCode() throws Exception {
        FakeCoordinator.Decline d = declineFor(PLAN, "{\"format\":\"nonsense\"}".getBytes(StandardCharsets.UTF_8), true);

        assertThat(d.request().detail()).contains("BAD_SIGNATURE");
    }

    @Test
    void aDeviceWithoutTrustedPublishersDeclinesEveryPlan() throws Exception {
        FakeCoordinator.Decline d = declineFor(PLAN, signed(publisher, PLAN), false);

        assertThat(d.request().detail()).contains("requires signed plans").contains("trusts no publisher");
    }

    @Test
    void aPlanSignedByATrustedPublisherTrains() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());
            String signature = fake.planSignature(signed(publisher, PLAN));

            RunResult r = TestClients.run(config(fake, true), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            assertThat(fake.declines()).isEmpty();
            assertThat(fake.uploads()).hasSize(1);
            assertThat(fake.artifactGets(signature)).isEqualTo(1);
        }
    }
}
