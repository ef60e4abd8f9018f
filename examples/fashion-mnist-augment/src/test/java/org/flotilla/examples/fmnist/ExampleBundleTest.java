package org.flotilla.examples.fmnist;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.flotilla.edge.bundle.BundleFailure;
import org.flotilla.edge.bundle.BundleInstaller;
import org.flotilla.edge.bundle.BundleJob;
import org.flotilla.edge.bundle.BundleOutcome;
import org.flotilla.edge.bundle.BundleRunner;
import org.flotilla.edge.bundle.BundleUpdate;
import org.flotilla.edge.bundle.DataRef;
import org.flotilla.edge.bundle.EvalTask;
import org.flotilla.edge.bundle.InstallResult;
import org.flotilla.edge.bundle.RunnerConfig;
import org.flotilla.edge.bundle.TrainTask;
import org.flotilla.edge.bundle.VerifiedBundle;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.bundle.BundleJar;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.bundle.testing.BundleJars;
import org.flotilla.model.signing.SigningKey;
import org.flotilla.model.signing.TrustedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example bundle as a device runs it: its jar (from this module's classes and manifest) signed
 * with a test key, verified, and trained in a real child JVM on generated images with two workers.
 * The child's class path does not hold this module's classes: the program is loaded from the jar.
 */
class ExampleBundleTest {

    private static final SigningKey PUBLISHER = SigningKey.generate();

    @TempDir
    Path dir;

    private BundleRunner runner;
    private Path jar;
    private BundleInstaller installer;

    @BeforeEach
    void setUp() throws URISyntaxException {
        Path classes = Path.of(AugmentedFashionMnist.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar = BundleJars.jarOf(classes, dir.resolve("fashion-mnist-augment.jar"), null);
        BundleJars.sign(jar, PUBLISHER);
        installer = new BundleInstaller(dir.resolve("store"), TrustedKeys.of(PUBLISHER.publisherKey()),
                BundleInstaller.DEFAULT_MAX_JAR_BYTES);
        List<Path> platform = RunnerConfig.platformClassPathOf(System.getProperty("java.class.path")).stream()
                .filter(p -> !p.startsWith(classes.getParent()))   // not this module's classes or test classes
                .toList();
        runner = new BundleRunner(RunnerConfig.builder(dir.resolve("work")).heapMegabytes(1024).nativeMegabytes(512)
                .workers(2).platformClassPath(platform).build());
    }

    @AfterEach
    void tearDown() {
        runner.close();
    }

    @Test
    void theManifestIsBuiltWithTheModule() throws IOException {
        assertThat(BundleJar.readManifest(jar).entryClass()).isEqualTo(AugmentedFashionMnist.class.getName());
        assertThat(BundleJar.readManifest(jar).version()).doesNotContain("@").isNotBlank();
    }

    @Test
    void theExampleTrainsRoundsInAChildJvmAndLearns() throws IOException {
        // Prepare
        VerifiedBundle bundle = ((InstallResult.Installed) installer.install(jar, null)).bundle();
        Path data = SyntheticImages.writeIdxFolder(Files.createDirectories(dir.resolve("data")), 1200, 300, 5);
        BundleJob job = new BundleJob("job-7", bundle, new DataRef(data.toString(), 0.1, 1), 42, Map.of());
        Instant deadline = Instant.now().plusSeconds(300);
        BundleOutcome<float[]> init = runner.initialParameters(job, deadline, new StopSignal());
        assertThat(init).as(init.toString()).isInstanceOf(BundleOutcome.Completed.class);
        float[] global = ((BundleOutcome.Completed<float[]>) init).value();
        Evaluation before = evaluate(job, global);

        // Execute
        BundleOutcome<BundleUpdate> first = runner.train(job, new TrainTask(1, global.clone(), Map.of("localEpochs", 2.0),
                deadline, 1200), new StopSignal());
        assertThat(first).as(first.toString()).isInstanceOf(BundleOutcome.Completed.class);
        BundleUpdate u = ((BundleOutcome.Completed<BundleUpdate>) first).value();
        BundleOutcome<BundleUpdate> second = runner.train(job, new TrainTask(2, u.parameters(), Map.of(), deadline, 1200),
                new StopSignal());
        Evaluation after = evaluate(job, ((BundleOutcome.Completed<BundleUpdate>) second).value().parameters());

        // Assert
        assertThat(global).hasSize(784 * 200 + 200 + 200 * 200 + 200 + 200 * 10 + 10);
        assertThat(u.parameters()).hasSameSizeAs(global);
        double change = 0;
        for (int i = 0; i < global.length; i++) {
            assertThat(Float.isFinite(u.parameters()[i])).isTrue();
            change += Math.abs(u.parameters()[i] - global[i]);
        }
        assertThat(change).isPositive();
        assertThat(u.examples()).isEqualTo(1200);
        assertThat(u.metrics().workers()).isEqualTo(2);
        assertThat(u.metrics().threadLevelParallelism()).isBetween(0.5, 2.5);
        assertThat(u.metrics().samplesPerSecond()).isPositive();
        assertThat(u.metrics().extra()).containsEntry("epochs", 2.0).containsEntry("labelSmoothing", 0.1)
                .containsEntry("maxShift", 2.0);
        assertThat(init.stats().startedChild()).isTrue();
        assertThat(first.stats().startedChild()).as("the rounds reuse the child that made the initial weights").isFalse();
        assertThat(second.stats().startedChild()).isFalse();
        assertThat(before.accuracy()).isLessThan(0.3);
        assertThat(after.examples()).isEqualTo(300);
        assertThat(after.accuracy()).as("held-out accuracy after two rounds").isGreaterThan(0.8);
    }

    @Test
    void oneChangedByteAndTheExampleIsNotInstalled() throws IOException {
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(jar, bytes);

        InstallResult r = installer.install(jar, null);

        assertThat(((InstallResult.Refused) r).failure().kind()).isEqualTo(BundleFailure.Kind.UNTRUSTED);
    }

    private Evaluation evaluate(BundleJob job, float[] parameters) {
        BundleOutcome<Evaluation> o = runner.evaluate(job, new EvalTask(1, parameters, Map.of(), Instant.now().plusSeconds(120)),
                new StopSignal());
        assertThat(o).as(o.toString()).isInstanceOf(BundleOutcome.Completed.class);
        return ((BundleOutcome.Completed<Evaluation>) o).value();
    }
}
