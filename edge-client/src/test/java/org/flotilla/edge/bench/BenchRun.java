package org.flotilla.edge.bench;

import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.training.LocalTrainer;
import org.flotilla.edge.training.TrainingOptions;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.edge.training.WorkerPool;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;

/**
 * One measurement, in its own JVM: train one local epoch of {@code arch} with {@code workers}
 * workers, then evaluate on the test set. Prints one {@code RESULT} line for {@link TrainingBench}.
 * Arguments: arch mode workers averagingFrequency trainExamples.
 */
public final class BenchRun {

    private BenchRun() {
    }

    public static void main(String[] args) throws Exception {
        String arch = args[0];
        String mode = args[1];
        int workers = Integer.parseInt(args[2]);
        int k = Integer.parseInt(args[3]);
        int n = Integer.parseInt(args[4]);
        BenchData data = BenchData.load(n, 7);
        TrainingPlan plan = TrainingPlans.builtIn(arch, Map.of(), new int[] {1, 28, 28}, 10, 1, 32,
                new Optimizer("sgd", 0.05, 0), 42, Map.of());
        warmUp(plan, data, workers, mode);

        MultiLayerNetwork net = Networks.build(plan);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        double samplesPerSecond;
        double tlp = Double.NaN;
        double seconds;
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        if (mode.equals("own")) {
            try (WorkerPool pool = new WorkerPool(workers)) {
                TrainingResult r = LocalTrainer.train(pool, net, data.train(),
                        new TrainingOptions(workers, k, 1, 32, 42, 0.05, 0, 4), new StopSignal());
                samplesPerSecond = r.samplesPerSecond();
                tlp = r.parallelism().tlp();
                seconds = r.trainSeconds();
            }
        } else {
            seconds = (double) Class.forName("org.flotilla.edge.bench.ParallelWrapperRun")
                    .getMethod("fit", MultiLayerNetwork.class, LabeledDataSetIterator.class, int.class, int.class)
                    .invoke(null, net, new LabeledDataSetIterator(data.train(), 32, 42), workers, k);
            samplesPerSecond = data.train().size() / seconds;
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double accuracy = Evaluator.evaluate(net, new LabeledDataSetIterator(data.test(), 500, 1)).accuracy();
        System.out.printf(Locale.ROOT, "RESULT arch=%s mode=%s workers=%d k=%d omp=%s samples_per_s=%.1f seconds=%.2f"
                        + " call_seconds=%.2f cpu_seconds=%.2f tlp=%.3f accuracy=%.4f data=%s%n", arch, mode, workers, k,
                System.getenv("OMP_NUM_THREADS"), samplesPerSecond, seconds, wall, cpu, tlp, accuracy,
                data.source().replace(' ', '_'));
    }

    /** A few batches first, so that JIT compilation and native initialisation are not measured. */
    private static void warmUp(TrainingPlan plan, BenchData data, int workers, String mode) throws Exception {
        MultiLayerNetwork net = Networks.build(plan);
        var few = data.train().subset(java.util.stream.IntStream.range(0, 32 * 8 * workers).toArray());
        if (mode.equals("own")) {
            LocalTrainer.train(net, few, new TrainingOptions(workers, 4, 1, 32, 1, 0.05, 0, 4), new StopSignal());
        } else {
            Class.forName("org.flotilla.edge.bench.ParallelWrapperRun")
                    .getMethod("fit", MultiLayerNetwork.class, LabeledDataSetIterator.class, int.class, int.class)
                    .invoke(null, net, new LabeledDataSetIterator(few, 32, 1), workers, 4);
        }
    }
}
