package org.flotilla.bench.edge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.edge.training.NativeBuild;
import org.flotilla.edge.training.NativeThreads;
import org.flotilla.edge.training.WorkerPool;
import org.flotilla.kernels.FastTrainer;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Does ND4J honour a run-time thread limit on a worker thread? Forks one JVM per setting and
 * reports the process CPU time per wall second while one training thread multiplies matrices and
 * takes cnn steps with {@link FastTrainer} (oneDNN convolutions on x86-64): about 1.0 means the
 * native code stayed on one core, about 2.0 that it spread over both. Settings:
 * {@code unset} (OMP_NUM_THREADS unset, no limit), {@code process-limit} (unset, only
 * {@link NativeThreads#limit} called on the main thread: what the client did before),
 * {@code worker-pool} (unset, the step runs on a {@link WorkerPool} thread, which limits itself)
 * and {@code omp=1}.
 */
public final class NativeThreadsProbe {

    private NativeThreadsProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1]);
            return;
        }
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (int r = 0; r < repeats; r++) {
            for (String setting : List.of("unset", "process-limit", "worker-pool", "omp=1")) {
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                        NativeThreadsProbe.class.getName(), "child", setting));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                Map<String, String> env = pb.environment();
                env.remove("OMP_NUM_THREADS");
                if (setting.equals("omp=1")) {
                    env.put("OMP_NUM_THREADS", "1");
                }
                Process p = pb.start();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    in.lines().filter(l -> l.startsWith("PROBE ")).forEach(l -> System.out.println(l.substring(6)));
                }
                p.waitFor();
            }
        }
    }

    private static void child(String setting) throws Exception {
        NativeBuild.select();
        if (setting.equals("process-limit")) {
            NativeThreads.limit(1);
        }
        Callable<String> work = NativeThreadsProbe::measure;
        String line;
        if (setting.equals("worker-pool")) {
            try (WorkerPool pool = new WorkerPool(1)) {
                line = pool.submit(0, work).get();
            }
        } else {
            var task = new java.util.concurrent.FutureTask<>(work);
            new Thread(task, "training").start();
            line = task.get();
        }
        System.out.printf(Locale.ROOT, "PROBE %-14s %s (libnd4j %s)%n", setting, line, NativeBuild.loaded());
    }

    private static String measure() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        INDArray a = Nd4j.rand(512, 512);
        INDArray b = Nd4j.rand(512, 512);
        TrainingPlan plan = TrainingPlans.builtIn("cnn", Map.of(), new int[] {1, 28, 28}, 10, 1, 32,
                new Optimizer("sgd", 0.05, 0), 1, Map.of());
        MultiLayerNetwork net = Networks.build(plan);
        FastTrainer trainer = FastTrainer.create(net, 32).orElseThrow();
        INDArray x = Nd4j.rand(32, 784);
        INDArray y = Nd4j.zeros(32, 10);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, i % 10, 1);
        }
        for (int i = 0; i < 5; i++) {
            a.mmul(b);
            trainer.fit(x, y);
        }
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            a.mmul(b);
        }
        long c1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            trainer.fit(x, y);
        }
        long c2 = os.getProcessCpuTime();
        long t2 = System.nanoTime();
        return String.format(Locale.ROOT, "mmul 512x512: CPU/wall %.2f (%.0f ms)   FastTrainer cnn step, batch 32:"
                + " CPU/wall %.2f (%.1f ms/step)", (c1 - c0) / (double) (t1 - t0), (t1 - t0) / 1e6,
                (c2 - c1) / (double) (t2 - t1), (t2 - t1) / 1e6 / 40);
    }
}
