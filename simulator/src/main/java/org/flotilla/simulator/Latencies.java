package org.flotilla.simulator;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Answer times of the virtual clients' calls to the coordinator, by kind of call, with their
 * percentiles. A check-in's time includes the long-poll wait the coordinator chose (up to the
 * client's check-in wait) and is not a service time; an upload's is the whole PUT of the update.
 */
public final class Latencies {

    /** Kinds of protocol call, told apart by method and path. */
    public enum Call {
        ENROL, CHECK_IN, DOWNLOAD, UPLOAD, EVALUATION, DECLINE, OTHER;

        static Call of(String method, String path) {
            if (path.endsWith("/clients/enrol")) {
                return ENROL;
            }
            if (path.endsWith("/check-in")) {
                return CHECK_IN;
            }
            if (path.contains("/artifacts/")) {
                return DOWNLOAD;
            }
            if (path.contains("/updates/") && method.equals("PUT")) {
                return UPLOAD;
            }
            if (path.contains("/evaluations/")) {
                return EVALUATION;
            }
            if (path.contains("/declines/")) {
                return DECLINE;
            }
            return OTHER;
        }
    }

    private final Map<Call, long[]> samples = new EnumMap<>(Call.class);
    private final Map<Call, Integer> counts = new EnumMap<>(Call.class);

    synchronized void record(Call call, long nanos) {
        long[] s = samples.computeIfAbsent(call, c -> new long[1024]);
        int n = counts.getOrDefault(call, 0);
        if (n == s.length) {
            s = Arrays.copyOf(s, s.length * 2);
            samples.put(call, s);
        }
        s[n] = nanos;
        counts.put(call, n + 1);
    }

    /** Calls of {@code call} recorded. */
    public synchronized int count(Call call) {
        return counts.getOrDefault(call, 0);
    }

    /** The {@code p}-th percentile (0–100) of {@code call}'s answer times in milliseconds, NaN without calls. */
    public synchronized double percentileMillis(Call call, double p) {
        int n = count(call);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples.get(call), n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1e6;
    }

    /** One line per kind of call that happened: count, p50, p90, p99, max in milliseconds. */
    public synchronized String table() {
        StringBuilder b = new StringBuilder("| call | count | p50 ms | p90 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Call c : Call.values()) {
            if (count(c) > 0) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", c.name().toLowerCase(Locale.ROOT)
                        .replace('_', '-'), count(c), percentileMillis(c, 50), percentileMillis(c, 90),
                        percentileMillis(c, 99), percentileMillis(c, 100)));
            }
        }
        return b.toString();
    }
}
