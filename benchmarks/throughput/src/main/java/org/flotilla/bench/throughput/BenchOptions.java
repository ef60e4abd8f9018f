package org.flotilla.bench.throughput;

import java.util.Locale;

/**
 * What one benchmark JVM measures.
 *
 * @param model     {@code mlp} or {@code cnn} (the architectures of McMahan et al. 2017)
 * @param variant   how a training step runs, see {@link Variant}
 * @param replicas  worker threads, each training its own replica (as the edge client does)
 * @param batchSize mini-batch size
 * @param warmup    batches per replica before timing
 * @param batches   timed batches per replica per window
 * @param windows   timed windows (the median is reported)
 * @param accuracy  whether to also train one epoch from scratch and report test accuracy
 * @param seed      seed of weights and data order
 */
record BenchOptions(String model, Variant variant, int replicas, int batchSize, int warmup, int batches,
                    int windows, boolean accuracy, long seed) {

    static BenchOptions parse(String[] args) {
        String model = "mlp";
        Variant variant = Variant.DL4J;
        int replicas = 1;
        int batchSize = 32;
        int warmup = -1;
        int batches = -1;
        int windows = 3;
        boolean accuracy = false;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--model" -> { model = need(a, v).toLowerCase(Locale.ROOT); i++; }
                case "--variant" -> { variant = Variant.parse(need(a, v)); i++; }
                case "--replicas" -> { replicas = Integer.parseInt(need(a, v)); i++; }
                case "--batch" -> { batchSize = Integer.parseInt(need(a, v)); i++; }
                case "--warmup" -> { warmup = Integer.parseInt(need(a, v)); i++; }
                case "--batches" -> { batches = Integer.parseInt(need(a, v)); i++; }
                case "--windows" -> { windows = Integer.parseInt(need(a, v)); i++; }
                case "--seed" -> { seed = Long.parseLong(need(a, v)); i++; }
                case "--accuracy" -> accuracy = true;
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (expected --model, --variant, --replicas, --batch, --warmup, --batches, --windows, --seed, --accuracy)");
            }
        }
        if (!model.equals("mlp") && !model.equals("cnn")) {
            throw new IllegalArgumentException("--model must be mlp or cnn, was " + model);
        }
        boolean cnn = model.equals("cnn");
        if (warmup < 0) {
            warmup = cnn ? 30 : 300;
        }
        if (batches < 0) {
            batches = cnn ? 60 : 1500;
        }
        if (replicas < 1 || batchSize < 1 || batches < 1 || windows < 1) {
            throw new IllegalArgumentException("--replicas, --batch, --batches and --windows must be positive");
        }
        return new BenchOptions(model, variant, replicas, batchSize, warmup, batches, windows, accuracy, seed);
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
