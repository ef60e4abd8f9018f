package org.flotilla.bench.bundles;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.LocalData;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
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
import org.flotilla.edge.training.LocalTrainer;
import org.flotilla.edge.training.NativeBuild;
import org.flotilla.edge.training.TrainingOptions;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.edge.training.WorkerPool;
import org.flotilla.examples.fmnist.AugmentedFashionMnist;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlans;
import org.flotilla.model.signing.SigningKey;
import org.flotilla.model.signing.TrustedKeys;

/**
 * Measures what running training code in a child JVM costs, on Fashion-MNIST with the mlp
 * (784-200-200-10, SGD 0.05, batch 32, K = 16):
 *
 * <ul>
 *   <li>{@code builtin}: the edge client's own path in this JVM — {@code Networks.build(plan)} and
 *       {@code LocalTrainer} on a {@code WorkerPool} kept across rounds;</li>
 *   <li>{@code bundle-kept}: the example bundle with augmentation and smoothing off (so the very same
 *       network and FastTrainer kernels) in a child JVM kept across rounds, as the runner does;</li>
 *   <li>{@code bundle-fresh}: the same with a new child every round (idle timeout 0): start-up per round;</li>
 *   <li>with {@code --accuracy R}: R rounds of one epoch, the plain plan against the bundle with
 *       random shifts (±2) and label smoothing (0.1), test accuracy after each round.</li>
 * </ul>
 *
 * <p>Run with {@code benchmarks/bundles/run}. Options: {@code --data DIR} (Fashion-MNIST IDX folder; default the Debian package's),
 * {@code --workers N} (2), {@code --epochs E} per round (20: a round of about 10 s at 115,000 samples/s),
 * {@code --rounds R} (3), {@code --limit N} training examples (all), {@code --accuracy R} (0: skip).
 */
public final class BundleBench {

    private BundleBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        NativeBuild.select();   // as EdgeClientMain does first; the child gets the same libnd4j build
        String data = opts.getOrDefault("data", "/usr/share/datasets/fashion-mnist");
        int workers = Integer.parseInt(opts.getOrDefault("workers", "2"));
        int epochs = Integer.parseInt(opts.getOrDefault("epochs", "20"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int accuracyRounds = Integer.parseInt(opts.getOrDefault("accuracy", "0"));
        LocalData local = LocalData.open(data, LocalData.Options.defaults());
        LabeledDataset train = local.train();
        if (opts.containsKey("limit")) {
            int n = Math.min(train.size(), Integer.parseInt(opts.get("limit")));
            train = train.subset(java.util.stream.IntStream.range(0, n).toArray());
        }
        LabeledDataset test = local.heldOut().orElseThrow();
        Path work = Files.createTempDirectory("bundle-bench");
        System.out.printf(Locale.ROOT, "# %s, %d training examples, %d workers, %d epoch(s) per round, load %s%n",
                data, train.size(), workers, epochs, load());
        System.out.println("| path | round | wall s | child start s | train s | samples/s | TLP |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");

        builtIn(train, workers, epochs, rounds);
        VerifiedBundle bundle = bundle(work);
        Path dataDir = train.size() == local.train().size() ? Path.of(data) : writeSubset(work, train, test);
        DataRef ref = new DataRef(dataDir.toString(), 0.1, 1);
        Map<String, Double> plain = Map.of("labelSmoothing", 0.0, "maxShift", 0.0);
        viaBundle("bundle-kept", runnerConfig(work.resolve("kept"), workers, Duration.ofMinutes(10)), bundle, ref, plain,
                epochs, rounds, train.size());
        viaBundle("bundle-fresh", runnerConfig(work.resolve("fresh"), workers, Duration.ZERO), bundle, ref, plain,
                epochs, rounds, train.size());
        System.out.printf(Locale.ROOT, "# load at the end %s%n", load());
        if (accuracyRounds > 0) {
            accuracy(train, test, workers, accuracyRounds, bundle, ref, work);
        }
        try (var files = Files.walk(work)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        }
    }

    private static void builtIn(LabeledDataset train, int workers, int epochs, int rounds) {
        MultiLayerNetwork net = Networks.build(plan(epochs));
        try (WorkerPool pool = new WorkerPool(workers)) {
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime();
                TrainingResult res = LocalTrainer.train(pool, net, train, options(workers, epochs, r), new StopSignal());
                row("builtin", r, (System.nanoTime() - t0) / 1e9, 0, res.trainSeconds(), res.samplesPerSecond(),
                        res.parallelism().tlp());
            }
        }
    }

    private static void viaBundle(String label, RunnerConfig config, VerifiedBundle bundle, DataRef ref,
                                  Map<String, Double> jobSettings, int epochs, int rounds, long examples) {
        try (BundleRunner runner = new BundleRunner(config)) {
            BundleJob job = new BundleJob("bench", bundle, ref, 42, jobSettings);
            float[] global = Networks.parameters(Networks.build(plan(epochs)));
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime();
                BundleOutcome<BundleUpdate> o = runner.train(job, new TrainTask(r, global.clone(),
                        Map.of("localEpochs", (double) epochs), Instant.now().plusSeconds(1800), examples), new StopSignal());
                double wall = (System.nanoTime() - t0) / 1e9;
                if (!(o instanceof BundleOutcome.Completed<BundleUpdate> c)) {
                    throw new IllegalStateException(label + " round " + r + ": " + o);
                }
                row(label, r, wall, o.stats().startSeconds(), c.value().metrics().trainSeconds(),
                        c.value().metrics().samplesPerSecond(), c.value().metrics().threadLevelParallelism());
            }
        }
    }

    /** R rounds of one epoch: test accuracy of the plain plan and of the bundle with augmentation and smoothing. */
    private static void accuracy(LabeledDataset train, LabeledDataset test, int workers, int rounds, VerifiedBundle bundle,
                                 DataRef ref, Path work) {
        System.out.printf(Locale.ROOT, "%n| round | plain plan: test accuracy | bundle (shift ±2, smoothing 0.1): test accuracy |%n");
        System.out.println("| ---: | ---: | ---: |");
        MultiLayerNetwork net = Networks.build(plan(1));
        float[] global = Networks.parameters(net);
        List<Double> plainAcc = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool(workers)) {
            for (int r = 1; r <= rounds; r++) {
                LocalTrainer.train(pool, net, train, options(workers, 1, r), new StopSignal());
                plainAcc.add(Evaluator.evaluate(net, new LabeledDataSetIterator(test, 256, 1)).accuracy());
            }
        }
        try (BundleRunner runner = new BundleRunner(runnerConfig(work.resolve("accuracy"), workers, Duration.ofMinutes(10)))) {
            BundleJob job = new BundleJob("bench-accuracy", bundle, ref, 42, Map.of());
            for (int r = 1; r <= rounds; r++) {
                BundleOutcome<BundleUpdate> o = runner.train(job, new TrainTask(r, global, Map.of("localEpochs", 1.0),
                        Instant.now().plusSeconds(1800), train.size()), new StopSignal());
                global = ((BundleOutcome.Completed<BundleUpdate>) o).value().parameters();
                // The bundle's held-out split is the data's test set (an IDX folder's t10k files).
                Evaluation e = ((BundleOutcome.Completed<Evaluation>) runner.evaluate(job,
                        new EvalTask(r, global, Map.of(), Instant.now().plusSeconds(600)), new StopSignal())).value();
                System.out.printf(Locale.ROOT, "| %d | %.4f | %.4f |%n", r, plainAcc.get(r - 1), e.accuracy());
            }
        }
    }

    private static org.flotilla.model.plan.TrainingPlan plan(int epochs) {
        return TrainingPlans.builtIn("mlp", Map.of("hidden", List.of(200, 200)), new int[] {1, 28, 28}, 10, epochs, 32,
                new Optimizer("sgd", 0.05, 0), 42, Map.of());
    }

    /** The options the example bundle uses for one epoch (the built-in path runs all epochs in one call). */
    private static TrainingOptions options(int workers, int epochs, int round) {
        return new TrainingOptions(workers, TrainingOptions.DEFAULT_AVERAGING_FREQUENCY, epochs, 32, 42L + round, 0.05, 0,
                TrainingOptions.DEFAULT_PREFETCH);
    }

    private static RunnerConfig runnerConfig(Path work, int workers, Duration idle) {
        List<Path> platform = RunnerConfig.platformClassPathOf(System.getProperty("java.class.path")).stream()
                .filter(p -> !p.toString().contains("fashion-mnist-augment"))
                .toList();
        return RunnerConfig.builder(work).heapMegabytes(2048).nativeMegabytes(1024).workers(workers).idleTimeout(idle)
                .startTimeout(Duration.ofMinutes(5)).platformClassPath(platform).build();
    }

    /** The example module's jar, signed with a key made for this run and installed as a device would. */
    private static VerifiedBundle bundle(Path work) throws IOException, URISyntaxException {
        Path built = Path.of(AugmentedFashionMnist.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("the example bundle is not packaged (" + built + "); run benchmarks/bundles/run");
        }
        Path jar = Files.copy(built, work.resolve("fashion-mnist-augment.jar"));
        SigningKey key = SigningKey.generate();
        Files.write(work.resolve("fashion-mnist-augment.jar.sig"), key.sign(jar).toJson());
        InstallResult r = new BundleInstaller(work.resolve("store"), TrustedKeys.of(key.publisherKey()),
                BundleInstaller.DEFAULT_MAX_JAR_BYTES).install(jar, null);
        return ((InstallResult.Installed) r).bundle();
    }

    private static Path writeSubset(Path work, LabeledDataset train, LabeledDataset test) {
        Path dir = work.resolve("subset");
        org.flotilla.datasets.folder.ClientFolder.write(dir, manifest(train, test), train, test);
        return dir;
    }

    private static org.flotilla.datasets.folder.ClientManifest manifest(LabeledDataset train, LabeledDataset test) {
        List<Integer> l = java.util.Arrays.stream(train.labelHistogram()).boxed().toList();
        List<Integer> h = java.util.Arrays.stream(test.labelHistogram()).boxed().toList();
        return new org.flotilla.datasets.folder.ClientManifest("bench", "fashion-mnist", List.of(1, 28, 28), 10,
                train.size(), test.size(), l, 255, h, "ubyte", "prefix", 0, null, null, null);
    }

    private static void row(String path, int round, double wall, double start, double train, double sps, double tlp) {
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %,.0f | %.2f |%n", path, round, wall, start, train,
                sps, tlp);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
