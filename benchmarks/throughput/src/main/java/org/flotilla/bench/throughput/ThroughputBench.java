package org.flotilla.bench.throughput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Local-training throughput: {@code replicas} worker threads each train their own replica of the
 * mlp or cnn on their shard of Fashion-MNIST, as the edge client does; after a warm-up, the
 * wall time of {@code batches} steps per replica is measured in several windows and reported as
 * samples per second (median, min, max). With {@code --accuracy}, one replica then trains one
 * epoch from the initial weights and its test accuracy is printed, so variants that change the
 * numerics can be compared epoch for epoch.
 */
public final class ThroughputBench {

    /**
     * @param rates     samples per second of wall time, one per window
     * @param cpuMedian samples per second of process CPU time, median over the windows (less
     *                  sensitive to other load on the machine than wall time)
     */
    private record Measurement(double[] rates, double cpuMedian) {
    }

    private ThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("throughput-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Workload data = Workload.load();
        TrainingPlan plan = TrainingPlans.builtIn(o.model(), Map.of(), new int[] {1, 28, 28}, 10, 1,
                o.batchSize(), Optimizer.DEFAULT, o.seed(), Map.of());
        System.out.println("# " + NativeInfo.describe());
        System.out.println("# data=" + data.source() + " model=" + o.model() + " variant=" + o.variant().id
                + " replicas=" + o.replicas() + " batch=" + o.batchSize() + " warmup=" + o.warmup()
                + " batches=" + o.batches() + " windows=" + o.windows());
        Measurement m = measure(o, plan, data.train());
        double[] rates = m.rates();
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf("RESULT model=%s variant=%s replicas=%d omp=%s native=%s samples_per_s_median=%.0f min=%.0f max=%.0f per_cpu_s=%.0f load1=%.2f windows=%s%n",
                o.model(), o.variant().id, o.replicas(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                System.getProperty("org.bytedeco.javacpp.platform.extension", "").isEmpty() ? "generic"
                        : System.getProperty("org.bytedeco.javacpp.platform.extension").substring(1),
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], m.cpuMedian(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Arrays.toString(Arrays.stream(rates).map(Math::rint).toArray()));
        if (o.accuracy()) {
            long t0 = System.nanoTime();
            double acc = oneEpochAccuracy(o, plan, data);
            System.out.printf("ACCURACY model=%s variant=%s epoch=1 test_accuracy=%.4f seconds=%.1f%n",
                    o.model(), o.variant().id, acc, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static Measurement measure(BenchOptions o, TrainingPlan plan, LabeledDataset train) throws Exception {
        int r = o.replicas();
        CyclicBarrier barrier = new CyclicBarrier(r + 1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        LabeledDataSetIterator full = LabeledDataSetIterator.builder(train).batchSize(o.batchSize())
                .seed(o.seed()).dropLast(true).build();
        for (int i = 0; i < r; i++) {
            LabeledDataSetIterator shard = r == 1 ? full : full.shard(i, r);
            Thread t = Thread.ofPlatform().name("bench-worker-" + i).start(() -> {
                try (Trainer trainer = Trainers.create(o.variant(), plan)) {
                    List<DataSet> batches = prefetch(shard, 256);
                    for (int b = 0; b < o.warmup(); b++) {
                        DataSet d = batches.get(b % batches.size());
                        trainer.fit(d.getFeatures(), d.getLabels());
                    }
                    int next = 0;
                    for (int w = 0; w < o.windows(); w++) {
                        barrier.await();
                        for (int b = 0; b < o.batches(); b++) {
                            DataSet d = batches.get(next++ % batches.size());
                            trainer.fit(d.getFeatures(), d.getLabels());
                        }
                        barrier.await();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    barrier.reset();
                }
            });
            threads.add(t);
        }
        double[] rates = new double[o.windows()];
        double[] cpuRates = new double[o.windows()];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int w = 0; w < o.windows() && failures.isEmpty(); w++) {
            long start;
            long cpuStart;
            try {
                barrier.await();
                start = System.nanoTime();
                cpuStart = os.getProcessCpuTime();
                barrier.await();
            } catch (java.util.concurrent.BrokenBarrierException e) {
                break; // a worker failed; reported below
            }
            long ns = System.nanoTime() - start;
            long cpuNs = os.getProcessCpuTime() - cpuStart;
            double samples = (double) r * o.batches() * o.batchSize();
            rates[w] = samples / (ns / 1e9);
            cpuRates[w] = samples / (cpuNs / 1e9);
            System.out.printf("window %d: %.0f samples/s (%.3f ms/step/replica), %.0f samples per CPU-second, %.2f cores busy%n",
                    w, rates[w], ns / 1e6 / o.batches(), cpuRates[w], (double) cpuNs / ns);
        }
        Arrays.sort(cpuRates);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a worker failed", failures.get(0));
        }
        return new Measurement(rates, cpuRates[cpuRates.length / 2]);
    }

    /** Up to {@code max} batches of the iterator, materialised so timing excludes batch assembly. */
    private static List<DataSet> prefetch(LabeledDataSetIterator it, int max) {
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext() && out.size() < max) {
            out.add(it.next());
        }
        return out;
    }

    private static double oneEpochAccuracy(BenchOptions o, TrainingPlan plan, Workload data) {
        try (Trainer trainer = Trainers.create(o.variant(), plan)) {
            LabeledDataSetIterator it = LabeledDataSetIterator.builder(data.train()).batchSize(o.batchSize())
                    .seed(o.seed()).build();
            while (it.hasNext()) {
                DataSet d = it.next();
                trainer.fit(d.getFeatures(), d.getLabels());
            }
            LabeledDataSetIterator test = LabeledDataSetIterator.builder(data.test()).batchSize(1000)
                    .shuffle(false).build();
            long correct = 0;
            long total = 0;
            while (test.hasNext()) {
                DataSet d = test.next();
                INDArray p = trainer.output(d.getFeatures());
                INDArray predicted = Nd4j.argMax(p, 1);
                INDArray actual = Nd4j.argMax(d.getLabels(), 1);
                correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
                total += d.numExamples();
            }
            return (double) correct / total;
        }
    }
}
