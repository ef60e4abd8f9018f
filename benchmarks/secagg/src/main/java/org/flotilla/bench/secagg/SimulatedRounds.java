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
 * <pre>java … SimulatedRounds [--clients 50,100] [--graphs logarithmic,complete] [--rounds 3]</pre>
 */
public final class SimulatedRounds {

    private SimulatedRounds() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(50, 100);
        List<String> graphs = List.of("logarithmic", "complete");
        int rounds = 3;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--clients" -> sizes = List.of(value.split(",")).stream().map(Integer::parseInt).toList();
                case "--graphs" -> graphs = List.of(value.split(","));
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> {
                    System.err.println("simulated rounds: unknown option " + args[i]
                            + "; use --clients 50,100 --graphs logarithmic,complete --rounds 3");
                    System.exit(2);
                }
            }
        }
        List<String> rows = new ArrayList<>();
        for (int n : sizes) {
            List<String> modes = new ArrayList<>(List.of("plain"));
            modes.addAll(graphs);
            for (String mode : modes) {
                Path dir = Files.createTempDirectory("secagg-sim-");
                Simulation.Builder b = Simulation.builder().clients(n).clientsPerRound(n).rounds(rounds).model("mlp")
                        .dataset("fashion-mnist").scheme("iid").dir(dir).progress(System.out);
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
            }
        }
        System.out.println("| n | mode | state | round seconds | mean after round 1 | final accuracy | total s | client failures |");
        System.out.println("| ---: | --- | --- | --- | ---: | ---: | ---: | --- |");
        rows.forEach(System.out::println);
    }
}
