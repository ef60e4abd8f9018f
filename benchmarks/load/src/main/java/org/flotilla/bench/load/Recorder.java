package org.flotilla.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Answer times (milliseconds) and failures per kind of call; thread-safe. */
final class Recorder {

    private final Map<String, Samples> samples = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final Map<String, String> firstError = new ConcurrentHashMap<>();

    void time(String kind, long startNanos) {
        samples.computeIfAbsent(kind, k -> new Samples()).add((System.nanoTime() - startNanos) / 1e6);
    }

    void value(String kind, double millis) {
        samples.computeIfAbsent(kind, k -> new Samples()).add(millis);
    }

    void error(String kind, Throwable e) {
        errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        firstError.putIfAbsent(kind, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    long count(String kind) {
        Samples s = samples.get(kind);
        return s == null ? 0 : s.size();
    }

    long errors() {
        return errors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Drops the samples of {@code kind} (a warm-up). */
    void reset(String kind) {
        samples.remove(kind);
    }

    /** One line per kind: count, p50, p90, p99, max; then the failures. */
    String table() {
        StringBuilder b = new StringBuilder("| call | count | p50 ms | p90 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        new TreeMap<>(samples).forEach((kind, s) -> {
            double[] v = s.sorted();
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", kind, v.length,
                    pct(v, 0.5), pct(v, 0.9), pct(v, 0.99), v.length == 0 ? Double.NaN : v[v.length - 1]));
        });
        if (errors.isEmpty()) {
            b.append("errors: 0\n");
        } else {
            new TreeMap<>(errors).forEach((kind, n) -> b.append("errors ").append(kind).append(": ").append(n.get())
                    .append(" (first: ").append(firstError.get(kind)).append(")\n"));
        }
        return b.toString();
    }

    double percentile(String kind, double p) {
        Samples s = samples.get(kind);
        return s == null ? Double.NaN : pct(s.sorted(), p);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static final class Samples {
        private final List<Double> values = new ArrayList<>();

        synchronized void add(double v) {
            values.add(v);
        }

        synchronized int size() {
            return values.size();
        }

        synchronized double[] sorted() {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(v);
            return v;
        }
    }
}
