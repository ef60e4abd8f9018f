package org.flotilla.bench.secagg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.flotilla.demo.federation.RoundView;
import org.flotilla.simulator.Simulation;
import org.flotilla.simulator.SimulationResult;

/**
 * Whole rounds at many clients: for each cohort size n, the same Fashion-MNIST MLP job (IID, every
 * client every round) run by the simulation mode — n virtual clients, the edge client's own code
 * including its secure-aggregation side, against a coordinator in this process — plainly and with
 * {@code "secureAggregation"} for each graph. Prints each round's wall time (the round list's
 * opening to finishing) and the mean over the rounds after the first.
 *
 * With {@code --phases}, each round's time is also split where it goes, from the coordinator's
 * round detail ({@link PhaseTimes}). With {@code --repeat r} the modes alternate r times (plain,
 * secure, plain, secure…), so that a change in the machine's load meets both alike.
 *
 * <pre>java … SimulatedRounds [--clients 50,100] [--graphs logarithmic,complete] [--rounds 3] [--phases] [--repeat 1]</pre>
 */
public final class SimulatedRounds {

    private SimulatedRounds() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(50, 100);
        List<String> graphs = List.of("logarithmic", "complete");
        int rounds = 3;
        int repeat = 1;
        boolean phases = false;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--phases" -> {
                    phases = true;
                    i--;
                }
                case "--repeat" -> repeat = Integer.parseInt(value);
                case "--clients" -> sizes = List.of(value.split(",")).stream().map(Integer::parseInt).toList();
                case "--graphs" -> graphs = List.of(value.split(","));
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> {
                    System.err.println("simulated rounds: unknown option " + args[i]
                            + "; use --clients 50,100 --graphs logarithmic,complete --rounds 3 [--phases] [--repeat 1]");
                    System.exit(2);
                }
            }
        }
        List<String> rows = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (int n : sizes) {
            List<String> modes = new ArrayList<>();
            for (int k = 0; k < repeat; k++) {
                modes.add("plain");
                modes.addAll(graphs);
            }
            for (String mode : modes) {
                Path dir = Files.createTempDirectory("secagg-sim-");
                Simulation.Builder b = Simulation.builder().clients(n).clientsPerRound(n).rounds(rounds).model("mlp")
                        .dataset("fashion-mnist").scheme("iid").dir(dir).progress(System.out).roundDetails(phases);
                if (!mode.equals("plain")) {
                    b.jobSetting("secureAggregation", Map.of("neighbours", mode));
                }
                long started = System.nanoTime();
                SimulationResult r = b.run();
                double wall = (System.nanoTime() - started) / 1e9;
                List<Double> seconds = r.rounds().stream().map(RoundView::seconds).toList();
                double later = r.rounds().stream().skip(1).mapToDouble(RoundView::seconds).average().orElse(Double.NaN);
                String row = String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f | %.4f | %.0f | %s |", n, mode, r.state(),
                        seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(), later,
                        r.finalAccuracy(), wall, r.failures().isEmpty() ? "none" : r.failures());
                rows.add(row);
                System.out.println(row);
                if (phases) {
                    String table = PhaseTimes.table(n + " clients, " + mode + ", load " + load(), r.roundDetails());
                    tables.add(table);
                    System.out.println(table);
                }
            }
        }
        System.out.println("| n | mode | state | round seconds | mean after round 1 | final accuracy | total s | client failures |");
        System.out.println("| ---: | --- | --- | --- | ---: | ---: | ---: | --- |");
        rows.forEach(System.out::println);
        tables.forEach(System.out::println);
    }

    /** The one-minute load average, as the machine reports it. */
    static String load() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "%.1f", l);
    }
}
