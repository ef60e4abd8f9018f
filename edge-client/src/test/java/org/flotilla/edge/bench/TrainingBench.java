package org.flotilla.edge.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link BenchRun} for every (architecture, mode, workers, averaging frequency), each
 * repeated, each in a fresh JVM whose {@code OMP_NUM_THREADS} is what {@code bin/edge-client}
 * would set (max(1, cores / workers)), and prints a Markdown table of median samples/s (with the
 * min–max spread), the training window, the whole training call (replica set-up included, as
 * ParallelWrapper's time is), the process CPU seconds spent, TLP and test accuracy.
 *
 * <p>Options: {@code --archs mlp,cnn --workers 1,2 --modes own,pw --k 16 --repeats 3 --train 6000}.
 */
public final class TrainingBench {

    private TrainingBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("archs", "mlp,cnn", "workers", "1,2", "modes", "own,pw",
                "k", "16", "repeats", "3", "train", "6000"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int repeats = Integer.parseInt(opt.get("repeats"));
        Map<String, List<Map<String, String>>> results = new LinkedHashMap<>();
        for (String arch : opt.get("archs").split(",")) {
            for (String mode : opt.get("modes").split(",")) {
                for (String w : opt.get("workers").split(",")) {
                    if (mode.equals("pw") && Integer.parseInt(w) < 2) {
                        continue;   // ParallelWrapper refuses fewer than 2 workers
                    }
                    for (String k : opt.get("k").split(",")) {
                        String key = arch + " | " + mode + " | " + w + " | " + k;
                        for (int r = 0; r < repeats; r++) {
                            int workers = Integer.parseInt(w);
                            String omp = opt.getOrDefault("omp", String.valueOf(Math.max(1, cores / workers)));
                            Map<String, String> m = fork(List.of(arch, mode, w, k, opt.get("train")), omp);
                            System.err.println(key + " run " + (r + 1) + ": " + m);
                            results.computeIfAbsent(key, x -> new ArrayList<>()).add(m);
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| arch | mode | workers | K | OMP | samples/s median (min–max) | train s | whole call s | CPU s | TLP | test accuracy |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        results.forEach((key, runs) -> {
            double[] sps = runs.stream().mapToDouble(m -> Double.parseDouble(m.get("samples_per_s"))).sorted().toArray();
            double[] sec = runs.stream().mapToDouble(m -> Double.parseDouble(m.get("seconds"))).sorted().toArray();
            double[] acc = runs.stream().mapToDouble(m -> Double.parseDouble(m.get("accuracy"))).sorted().toArray();
            double[] tlp = runs.stream().mapToDouble(m -> Double.parseDouble(m.get("tlp"))).sorted().toArray();
            double[] call = runs.stream().mapToDouble(m -> Double.parseDouble(m.get("call_seconds"))).sorted().toArray();
            double[] cpu = runs.stream().mapToDouble(m -> Double.parseDouble(m.get("cpu_seconds"))).sorted().toArray();
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f (%.0f–%.0f) | %.1f | %.1f | %.1f | %s | %s |%n", key,
                    runs.getFirst().get("omp"), median(sps), sps[0], sps[sps.length - 1], median(sec), median(call),
                    median(cpu),
                    Double.isNaN(tlp[0]) ? "–" : String.format(Locale.ROOT, "%.2f", median(tlp)),
                    acc[0] == acc[acc.length - 1] ? String.format(Locale.ROOT, "%.4f", acc[0])
                            : String.format(Locale.ROOT, "%.4f (%.4f–%.4f)", median(acc), acc[0], acc[acc.length - 1]));
        });
        System.out.println();
        System.out.println("data: " + results.values().iterator().next().getFirst().get("data").replace('_', ' '));
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> fork(List<String> args, String omp) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                BenchRun.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", omp);
        Process p = pb.start();
        String result = null;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("benchmark run " + args + " failed:\n" + log);
        }
        Map<String, String> m = new LinkedHashMap<>();
        Arrays.stream(result.split(" ")).map(kv -> kv.split("=", 2)).forEach(kv -> m.put(kv[0], kv[1]));
        return m;
    }
}
