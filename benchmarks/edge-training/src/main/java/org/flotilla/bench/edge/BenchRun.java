package org.flotilla.bench.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.training.LocalTrainer;
import org.flotilla.edge.training.NativeBuild;
import org.flotilla.edge.training.TrainingOptions;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.edge.training.WorkerPool;
import org.flotilla.kernels.FastForward;
import org.flotilla.kernels.FastTrainer;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;

/**
 * One measurement, in its own JVM: train one local epoch of {@code arch} with {@code workers}
 * workers through the edge client's own path ({@link WorkerPool} + {@link LocalTrainer}), then
 * evaluate on the test set (through the fast forward pass where it applies, as client and coordinator
 * do). Prints one {@code RESULT} line for {@link TrainingBench}.
 * Arguments: arch mode workers averagingFrequency trainExamples [dataSpec]; mode {@code fast} is the
 * client's default (FastTrainer where it applies), {@code dl4j} forces DL4J's fit, {@code pw} is DL4J's
 * ParallelWrapper. With a data spec (what the client's {@code --data} takes, e.g. a client folder of
 * {@code ./flotilla partition}) the data are read as the client reads them, and its held-out examples
 * are evaluated as the client does after a round; the memory figures ({@link MemoryReport}) are taken
 * after training and after that evaluation, before the test set is read for the accuracy.
 */
public final class BenchRun {

    private BenchRun() {
    }

    public static void main(String[] args) throws Exception {
        NativeBuild.select();   // as EdgeClientMain does, before ND4J loads
        String arch = args[0];
        String mode = args[1];
        int workers = Integer.parseInt(args[2]);
        int k = Integer.parseInt(args[3]);
        int n = Integer.parseInt(args[4]);
        String spec = args.length > 5 ? args[5] : "";
        ClientData device = spec.isEmpty() ? null : ClientData.open(spec, 0.1);
        BenchData data = device == null ? BenchData.load(n, 7) : new BenchData(device.train(), null, spec);
        TrainingPlan plan = TrainingPlans.builtIn(arch, Map.of(), new int[] {1, 28, 28}, 10, 1, 32,
                new Optimizer("sgd", 0.05, 0), 42, Map.of());
        TrainingOptions options = new TrainingOptions(workers, k, 1, 32, 42, 0.05, 0, 4)
                .withFastTrainer(!mode.equals("dl4j"));

        MultiLayerNetwork net = Networks.build(plan);
        String path = mode.equals("fast") && FastTrainer.unsupportedReason(net) == null ? "fast"
                : mode.equals("pw") ? "pw" : "dl4j";
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        double samplesPerSecond;
        double tlp = Double.NaN;
        double seconds;
        String load0;
        long cpu0;
        long wall0;
        if (mode.equals("pw")) {
            warmUpParallelWrapper(plan, data, workers);
            load0 = load();
            cpu0 = os.getProcessCpuTime();
            wall0 = System.nanoTime();
            seconds = ParallelWrapperRun.fit(net, new LabeledDataSetIterator(data.train(), 32, 42), workers, k);
            samplesPerSecond = data.train().size() / seconds;
        } else {
            try (WorkerPool pool = new WorkerPool(workers)) {
                // Warm-up batches first, on the same pool, so that JIT compilation and native
                // initialisation are not measured (more for the mlp, whose steps are short).
                int warmUp = Math.min(data.train().size(), 32 * (arch.equals("mlp") ? 200 : 16) * workers);
                var few = data.train().subset(java.util.stream.IntStream.range(0, warmUp).toArray());
                LocalTrainer.train(pool, Networks.build(plan), few, options.withAveragingFrequency(4), new StopSignal());
                load0 = load();
                cpu0 = os.getProcessCpuTime();
                wall0 = System.nanoTime();
                TrainingResult r = LocalTrainer.train(pool, net, data.train(), options, new StopSignal());
                samplesPerSecond = r.samplesPerSecond();
                tlp = r.parallelism().tlp();
                seconds = r.trainSeconds();
            }
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        String load1 = load();
        String memory = MemoryReport.fields("train");
        MemoryReport.printMappings("after training");
        MemoryReport.printNativeMemory("after training");
        if (device != null && device.heldOut() != null) {
            // As the client does after a round: its held-out examples through the fast forward pass.
            int batch = Integer.getInteger("bench.heldOutBatch", 64);   // the client's HeldOut.BATCH
            var heldOut = new LabeledDataSetIterator(device.heldOut(), batch, 1);
            try (FastForward fast = FastForward.create(net, batch).orElse(null)) {
                double a = fast != null ? Evaluator.evaluate(fast::output, heldOut).accuracy()
                        : Evaluator.evaluate(net, heldOut).accuracy();
                memory += String.format(Locale.ROOT, " held_out=%d held_out_accuracy=%.4f ", device.heldOut().size(), a)
                        + MemoryReport.fields("round");
            }
        }
        LabeledDataset test = data.test() != null ? data.test() : BenchData.testSet();
        double accuracy;
        try (FastForward fast = FastForward.create(net, 500).orElse(null)) {
            var testData = new LabeledDataSetIterator(test, 500, 1);
            accuracy = (fast != null ? Evaluator.evaluate(fast::output, testData) : Evaluator.evaluate(net, testData))
                    .accuracy();
        }
        System.out.printf(Locale.ROOT, "RESULT arch=%s mode=%s path=%s native=%s workers=%d k=%d omp=%s"
                        + " samples_per_s=%.1f seconds=%.2f call_seconds=%.2f cpu_seconds=%.2f tlp=%.3f accuracy=%.4f"
                        + " load=%s/%s train=%d %s data=%s%n", arch, mode, path, NativeBuild.loaded(), workers, k,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), samplesPerSecond, seconds, wall, cpu, tlp,
                accuracy, load0, load1, data.train().size(), memory, data.source().replace(' ', '_'));
    }

    /** The 1-minute load average. */
    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static void warmUpParallelWrapper(TrainingPlan plan, BenchData data, int workers) throws Exception {
        MultiLayerNetwork net = Networks.build(plan);
        var few = data.train().subset(java.util.stream.IntStream.range(0, 32 * 8 * workers).toArray());
        ParallelWrapperRun.fit(net, new LabeledDataSetIterator(few, 32, 1), workers, 4);
    }
}
