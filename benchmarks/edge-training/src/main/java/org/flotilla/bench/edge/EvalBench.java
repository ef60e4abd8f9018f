package org.flotilla.bench.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.edge.training.NativeBuild;
import org.flotilla.kernels.FastForward;
import org.flotilla.kernels.NativeThreadLimit;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;

/**
 * Evaluation speed: the 10,000 Fashion-MNIST test images through one forward path, on the calling
 * thread with one native thread, as the coordinator's tensor pool and the device's worker 0 run it.
 * {@code dl4j} is {@code network.output} (what both evaluated with before), {@code fast} the
 * kernels' {@link FastForward}. Weights: the plan's initial ones (the speed does not depend on
 * them). Prints one {@code EVAL} line per repeat: images/s and the accuracy (as a check that both
 * paths agree).
 *
 * <pre>
 * benchmarks/edge-training/run --eval [--model cnn] [--path fast|dl4j] [--batch 128] [--repeats 3]
 * </pre>
 * The native build is chosen by the caller ({@code -Dorg.bytedeco.javacpp.platform.extension=}
 * for the generic build, {@code BENCH_JVM_OPTS}); the line names the one loaded.
 */
public final class EvalBench {

    private EvalBench() {
    }

    public static void main(String[] args) {
        Map<String, String> o = new java.util.HashMap<>(Map.of("--model", "cnn", "--path", "fast", "--batch", "128",
                "--repeats", "3"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        String model = o.get("--model");
        boolean fast = o.get("--path").equals("fast");
        int batch = Integer.parseInt(o.get("--batch"));
        int repeats = Integer.parseInt(o.get("--repeats"));
        NativeBuild.select();
        NativeThreadLimit.onCurrentThread(1);
        LabeledDataset test = BenchData.load(10, 1).test();
        TrainingPlan plan = TrainingPlans.builtIn(model, Map.of(), new int[] {1, 28, 28}, 10, 1, 32, Optimizer.DEFAULT,
                42, Map.of());
        MultiLayerNetwork network = Networks.build(plan);
        FastForward forward = fast ? FastForward.create(network, batch).orElseThrow() : null;
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r <= repeats; r++) {
            LabeledDataSetIterator it = LabeledDataSetIterator.builder(test).batchSize(batch).shuffle(false).build();
            long t0 = System.nanoTime();
            EvaluationResult e = fast ? Evaluator.evaluate(forward::output, it) : Evaluator.evaluate(network, it);
            double s = (System.nanoTime() - t0) / 1e9;
            if (r == 0) {
                continue; // warm-up
            }
            rates.add(e.examples() / s);
            System.out.printf(Locale.ROOT, "EVAL model=%s path=%s native=%s batch=%d images=%d seconds=%.3f"
                            + " images_per_s=%.0f accuracy=%.4f load=%.2f%n", model, o.get("--path"),
                    System.getProperty(NativeBuild.PROPERTY, "(default)"), batch, e.examples(), s, e.examples() / s,
                    e.accuracy(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        rates.sort(null);
        System.out.printf(Locale.ROOT, "EVAL median images_per_s=%.0f%n", rates.get(rates.size() / 2));
    }
}
