package org.flotilla.edge.round;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.flotilla.edge.RunResult;
import org.flotilla.edge.bundle.BundleFailure;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.model.signing.SigningKey;
import org.flotilla.model.wire.BundleRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A coordinator that names a bundle the device must not run — no signature, a key the device does
 * not trust, a jar changed after it was signed (a compromised coordinator can relay anything; an
 * honest one refuses the last two at upload or job creation) — gets {@code UNTRUSTED_CODE}, and
 * the jar is never downloaded: the signature is checked against the assignment's hash first.
 * Running bundles is shown through the whole system (demo's {@code BundleEndToEndIT}).
 */
class BundleAssignmentTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(100, 20, 4, 8);
    private static final byte[] JAR = "a bundle jar, as far as this test goes".getBytes(StandardCharsets.UTF_8);

    private final SigningKey publisher = SigningKey.generate();

    @TempDir
    Path dir;

    private ClientConfig config(FakeCoordinator fake, boolean trustsPublisher) throws Exception {
        return TestClients.trusting(fake.uri(), dir, trustsPublisher ? publisher : null);
    }

    private FakeCoordinator.Decline declineFor(byte[] jar, byte[] signature, boolean trustsPublisher) throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());
            BundleRef ref = fake.bundle(jar, signature, Map.of());

            RunResult r = TestClients.run(config(fake, trustsPublisher), DATA, 1);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.DECLINED);
            assertThat(fake.uploads()).isEmpty();
            assertThat(fake.artifactGets(ref.sha256())).as("the jar is not downloaded").isZero();
            assertThat(fake.declines()).hasSize(1);
            return fake.declines().getFirst();
        }
    }

    @Test
    void aBundleWithoutASignatureIsDeclinedUntrustedCode() throws Exception {
        FakeCoordinator.Decline d = declineFor(JAR, null, true);

        assertThat(d.request().reason()).isEqualTo("UNTRUSTED_CODE");
        assertThat(d.request().detail()).contains("without a signature");
    }

    @Test
    void aBundleSignedByAKeyTheDeviceDoesNotTrustIsDeclinedUntrustedCode() throws Exception {
        SigningKey stranger = SigningKey.generate();

        FakeCoordinator.Decline d = declineFor(JAR, stranger.sign(Sha256.of(JAR)).toJson(), true);

        assertThat(d.request().reason()).isEqualTo("UNTRUSTED_CODE");
        assertThat(d.request().detail()).contains("UNTRUSTED_KEY").contains(stranger.id().hex());
    }

    @Test
    void aJarWithOneByteChangedUnderItsOriginalSignatureIsDeclinedUntrustedCode() throws Exception {
        byte[] tampered = Arrays.copyOf(JAR, JAR.length);
        tampered[5] ^= 1;

        FakeCoordinator.Decline d = declineFor(tampered, publisher.sign(Sha256.of(JAR)).toJson(), true);

        assertThat(d.request().reason()).isEqualTo("UNTRUSTED_CODE");
        assertThat(d.request().detail()).contains("BAD_SIGNATURE").contains("changed after it was signed");
    }

    @Test
    void aDeviceWithoutTrustedPublishersDeclinesEveryBundle() throws Exception {
        FakeCoordinator.Decline d = declineFor(JAR, publisher.sign(Sha256.of(JAR)).toJson(), false);

        assertThat(d.request().reason()).isEqualTo("UNTRUSTED_CODE");
        assertThat(d.request().detail()).contains("trusts no publisher");
    }

    @Test
    void everyBundleFailureHasTheDeclineReasonTheDocumentationGives() {
        for (BundleFailure.Kind kind : BundleFailure.Kind.values()) {
            DeclineReason train = BundleRounds.reason(kind, DeclineReason.TRAINING_FAILED);
            DeclineReason evaluate = BundleRounds.reason(kind, DeclineReason.EVALUATION_FAILED);
            if (kind.isBundleFault() && kind != BundleFailure.Kind.MODEL_MISMATCH) {
                assertThat(train).as(kind.name()).isEqualTo(DeclineReason.TRAINING_FAILED);
                assertThat(evaluate).as(kind.name()).isEqualTo(DeclineReason.EVALUATION_FAILED);
            }
        }
        assertThat(BundleRounds.reason(BundleFailure.Kind.UNTRUSTED, DeclineReason.TRAINING_FAILED))
                .isEqualTo(DeclineReason.UNTRUSTED_CODE);
        assertThat(BundleRounds.reason(BundleFailure.Kind.ISOLATION_UNAVAILABLE, DeclineReason.TRAINING_FAILED))
                .isEqualTo(DeclineReason.UNTRUSTED_CODE);
        assertThat(BundleRounds.reason(BundleFailure.Kind.MODEL_MISMATCH, DeclineReason.TRAINING_FAILED))
                .isEqualTo(DeclineReason.PLAN_INVALID);
        assertThat(BundleRounds.reason(BundleFailure.Kind.STOPPED, DeclineReason.TRAINING_FAILED))
                .isEqualTo(DeclineReason.SHUTTING_DOWN);
        assertThat(BundleRounds.reason(BundleFailure.Kind.NO_HELD_OUT_DATA, DeclineReason.EVALUATION_FAILED))
                .isEqualTo(DeclineReason.NO_HELD_OUT_DATA);
        assertThat(BundleRounds.reason(BundleFailure.Kind.DATA_UNREADABLE, DeclineReason.TRAINING_FAILED))
                .isEqualTo(DeclineReason.DATA_SHAPE_MISMATCH);
    }
}
