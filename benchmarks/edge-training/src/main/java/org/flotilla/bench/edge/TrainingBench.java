package org.flotilla.bench.edge;

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

import org.flotilla.edge.training.NativeBuild;

/**
 * Runs {@link BenchRun} for every (architecture, mode, native build, workers, averaging frequency),
 * each repeated, each in a fresh JVM, and prints a Markdown table of median samples/s (with the
 * min–max spread), the training window, the process CPU seconds spent, TLP, test accuracy and the
 * 1-minute load average at the start and end of the timed runs.
 *
 * <p>Options: {@code --archs mlp,cnn --modes fast,dl4j,pw --native auto|generic|onednn --workers 1,2
 * --k 16 --repeats 3 --train 6000 --omp 1|unset|legacy|N --data SPEC --jvm "-Xmx3g" --env "K=V ..."}.
 * {@code --data} trains on what the client's {@code --data} takes (e.g. a client folder of
 * {@code ./flotilla partition}) instead of {@code --train} images drawn from Fashion-MNIST; {@code --jvm}
 * replaces the runs' JVM options, {@code --env} adds to their environment (e.g. {@code MALLOC_ARENA_MAX=2}). {@code --native auto} lets the client
 * choose ({@link NativeBuild}); {@code generic} sets the JavaCPP extension to empty. {@code --omp}
 * sets {@code OMP_NUM_THREADS} of each run: 1 (what {@code bin/edge-client} sets), unset (the client's
 * run-time limit alone), legacy (the launcher's old rule max(1, cores / workers)) or a number.
 */
public final class TrainingBench {

    private TrainingBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("archs", "mlp,cnn", "workers", "1,2", "modes", "fast,dl4j",
                "native", "auto", "k", "16", "repeats", "3", "train", "6000", "omp", "1"));
        opt.putAll(Map.of("data", "", "jvm", "-Xmx3g", "env", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int repeats = Integer.parseInt(opt.get("repeats"));
        Map<String, List<Map<String, String>>> results = new LinkedHashMap<>();
        for (String arch : opt.get("archs").split(",")) {
            for (String mode : opt.get("modes").split(",")) {
                for (String nat : opt.get("native").split(",")) {
                    for (String w : opt.get("workers").split(",")) {
                        int workers = Integer.parseInt(w);
                        if (mode.equals("pw") && workers < 2) {
                            continue;   // ParallelWrapper refuses fewer than 2 workers
                        }
                        for (String k : opt.get("k").split(",")) {
                            String key = arch + " | " + mode + " | " + nat + " | " + w + " | " + k;
                            for (int r = 0; r < repeats; r++) {
                                String omp = switch (opt.get("omp")) {
                                    case "legacy" -> String.valueOf(Math.max(1, cores / workers));
                                    case "unset" -> null;
                                    default -> opt.get("omp");
                                };
                                Map<String, String> m = fork(List.of(arch, mode, w, k, opt.get("train"), opt.get("data")),
                                        nat, omp, opt.get("jvm"), opt.get("env"));
                                System.err.println(key + " run " + (r + 1) + ": " + m);
                                results.computeIfAbsent(key, x -> new ArrayList<>()).add(m);
                            }
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| arch | mode | --native | workers | K | path | libnd4j | OMP | samples/s median (min–max) | train s"
                + " | CPU s | TLP | test accuracy | peak RSS MB after training (after the held-out evaluation)"
                + " | load (start/end of runs) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        results.forEach((key, runs) -> {
            double[] sps = column(runs, "samples_per_s");
            double[] acc = column(runs, "accuracy");
            double[] tlp = column(runs, "tlp");
            Map<String, String> first = runs.getFirst();
            double[] hwm = column(runs, "train_hwm_mb");
            String peak = String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median(hwm), hwm[0], hwm[hwm.length - 1]);
            if (first.containsKey("round_hwm_mb")) {
                peak += String.format(Locale.ROOT, " (%.0f)", median(column(runs, "round_hwm_mb")));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.0f (%.0f–%.0f) | %.1f | %.1f | %s | %s | %s | %s |%n", key,
                    first.get("path"), first.get("native"), first.get("omp"), median(sps), sps[0], sps[sps.length - 1],
                    median(column(runs, "seconds")), median(column(runs, "cpu_seconds")),
                    Double.isNaN(tlp[0]) ? "–" : String.format(Locale.ROOT, "%.2f", median(tlp)),
                    acc[0] == acc[acc.length - 1] ? String.format(Locale.ROOT, "%.4f", acc[0])
                            : String.format(Locale.ROOT, "%.4f (%.4f–%.4f)", median(acc), acc[0], acc[acc.length - 1]),
                    peak, String.join(", ", runs.stream().map(m -> m.get("load")).toList()));
        });
        System.out.println();
        System.out.println("data: " + results.values().iterator().next().getFirst().get("data").replace('_', ' ')
                + ", " + opt.get("train") + " training examples");
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    private static double[] column(List<Map<String, String>> runs, String key) {
        return runs.stream().mapToDouble(m -> Double.parseDouble(m.get(key))).sorted().toArray();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> fork(List<String> args, String nativeBuild, String omp, String jvm, String env)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(words(jvm));
        switch (nativeBuild) {
            case "auto" -> { }
            case "generic" -> cmd.add("-D" + NativeBuild.PROPERTY + "=");
            case "onednn" -> cmd.add("-D" + NativeBuild.PROPERTY + "=" + NativeBuild.ONEDNN);
            default -> throw new IllegalArgumentException("--native must be auto, generic or onednn, was " + nativeBuild);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchRun.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String kv : words(env)) {
            String[] pair = kv.split("=", 2);
            pb.environment().put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        if (omp == null) {
            pb.environment().remove("OMP_NUM_THREADS");
        } else {
            pb.environment().put("OMP_NUM_THREADS", omp);
        }
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
        log.toString().lines().filter(l -> l.startsWith("MEMORY ") || l.startsWith("NMT ")).forEach(System.err::println);
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("benchmark run " + args + " failed:\n" + log);
        }
        Map<String, String> m = new LinkedHashMap<>();
        Arrays.stream(result.split(" ")).map(kv -> kv.split("=", 2)).forEach(kv -> m.put(kv[0], kv[1]));
        return m;
    }
}
