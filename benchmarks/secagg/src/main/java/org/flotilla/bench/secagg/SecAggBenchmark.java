package org.flotilla.bench.secagg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.RoundPlan;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.local.DropOut;
import org.flotilla.secagg.local.LocalRound;
import org.flotilla.secagg.server.AggregationResult;
import org.flotilla.secagg.wire.RoundSetup;

/**
 * Measures one secure round per configuration with {@link LocalRound} (every message through
 * its wire encoding, clients run one after the other on one thread): median and maximum client
 * CPU of the share and masking steps, the bytes one client sends in each phase, and the server's
 * time to sum the masked inputs and to unmask. Each configuration runs twice, without drop-outs
 * and with a fraction of the clients vanishing after sharing keys (the server then
 * reconstructs their mask keys and removes their pairwise masks, its most expensive case).
 * Also checks each result against the plain weighted mean, so a wrong fast path cannot hide.
 */
public final class SecAggBenchmark {

    private SecAggBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<Integer> sizes = List.of(10, 50, 100);
        List<String> graphs = List.of("complete", "logarithmic");
        double dropout = 0.1;
        int length = 199_210;
        int repeat = 1;
        Path out = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--clients" -> sizes = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                case "--graphs" -> graphs = List.of(value.split(","));
                case "--dropout" -> dropout = Double.parseDouble(value);
                case "--length" -> length = Integer.parseInt(value);
                case "--repeat" -> repeat = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                default -> {
                    System.err.println("secagg-bench: unknown option " + args[i] + " (see benchmarks/secagg/run --help)");
                    System.exit(2);
                }
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("| n | graph | k | t | b | drop-outs | client share ms (median/max) | client mask ms (median/max)"
                + " | KB sent per client: keys / shares / masked input / unmask | server sum ms | server unmask ms | max error |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        // Warm-up: the JIT compiles the AES-CTR and summing loops before anything is timed.
        for (int i = 0; i < 3; i++) {
            measure(20, "complete", 0.1, length, new StringBuilder());
        }
        for (int n : sizes) {
            for (String graph : graphs) {
                for (int r = 0; r < repeat; r++) {
                    measure(n, graph, 0, length, table);
                }
                for (int r = 0; r < repeat; r++) {
                    measure(n, graph, dropout, length, table);
                }
            }
        }
        System.out.print(table);
        if (out != null) {
            Files.writeString(out, table.toString());
        }
    }

    private static void measure(int n, String graph, double dropout, int length, StringBuilder table) {
        Neighbourhood neighbourhood = switch (graph) {
            case "complete" -> new Neighbourhood.Complete();
            case "logarithmic" -> new Neighbourhood.Logarithmic();
            default -> new Neighbourhood.Regular(Integer.parseInt(graph));
        };
        SecAggParameters p = new SecAggParameters(new Threshold.Majority(), neighbourhood, 1.0, 16, 65_536);
        RoundPlan plan = RoundPlan.resolve(p, n).resolved().orElseThrow();
        int drops = (int) Math.round(dropout * n);
        Random random = new Random(n * 31L + graph.hashCode());
        List<LocalRound.Participant> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] update = new float[length];
            for (int j = 0; j < length; j++) {
                update[j] = (float) (random.nextGaussian() * 0.01);
            }
            clients.add(new LocalRound.Participant(String.format("client-%03d", i), update, 1 + random.nextInt(6000),
                    i < drops ? DropOut.AFTER_SHARES : DropOut.NEVER));
        }
        LocalRound.Report r = LocalRound.run(new RoundSetup("bench/round-1", p, length), clients, new SecureRandom(), false);
        if (!(r.result() instanceof AggregationResult.Aggregated a)) {
            throw new IllegalStateException("round failed: " + r.result());
        }
        double maxError = maxError(a, clients);
        if (maxError > p.quantizationStep() + 1e-6) {
            throw new IllegalStateException("error " + maxError + " above the quantization bound");
        }
        long[] share = active(r.shareNanos());
        long[] mask = active(r.maskingNanos());
        long[] bytes = r.bytesSent().get(clients.get(n - 1).id()); // a client that never drops
        table.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %d | %.1f / %.1f | %.0f / %.0f | %.1f / %.1f / %.0f / %.1f | %.0f | %.0f | %.1e |%n",
                n, graph, plan.neighbours(), plan.threshold(), plan.modulusBits(), drops,
                ms(median(share)), ms(max(share)), ms(median(mask)), ms(max(mask)),
                bytes[0] / 1e3, bytes[1] / 1e3, bytes[2] / 1e3, bytes[3] / 1e3,
                ms(r.serverSumNanos()), ms(r.serverUnmaskNanos()), maxError));
        System.err.print(table.substring(table.lastIndexOf("| " + n + " |")));
    }

    private static double maxError(AggregationResult.Aggregated a, List<LocalRound.Participant> clients) {
        int d = a.weightedMean().length;
        double[] sum = new double[d];
        long total = 0;
        for (LocalRound.Participant c : clients) {
            if (c.dropOut() != DropOut.NEVER) {
                continue;
            }
            long w = Math.min(c.examples(), 65_536);
            total += w;
            for (int j = 0; j < d; j++) {
                sum[j] += w * Math.max(-1.0, Math.min(1.0, c.update()[j]));
            }
        }
        double max = 0;
        for (int j = 0; j < d; j++) {
            max = Math.max(max, Math.abs(a.weightedMean()[j] - sum[j] / total));
        }
        return max;
    }

    private static long[] active(long[] nanos) {
        return Arrays.stream(nanos).filter(x -> x > 0).sorted().toArray();
    }

    private static long median(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
