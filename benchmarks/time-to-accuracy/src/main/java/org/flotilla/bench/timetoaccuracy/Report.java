package org.flotilla.bench.timetoaccuracy;

import java.util.List;
import java.util.Locale;

/** Markdown tables of benchmark results. */
final class Report {

    private Report() {
    }

    static String header() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Machine: %d cores, %s, JDK %s, %s %s%n%n", rt.availableProcessors(),
                cpuModel(), System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    static String markdown(List<WorkloadResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | state | rounds | final acc | time to threshold | total wall s | mean round s | train | transfer | aggregation | evaluation | waiting | client samples/s | TLP | coord. peak RSS MB | client peak RSS MB | aggregation floats/s |\n");
        sb.append("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (WorkloadResult r : results) {
            List<RoundTiming> t = r.rounds();
            double n = Math.max(1, t.size());
            double acc = t.isEmpty() ? Double.NaN : t.getLast().testAccuracy();
            sb.append(String.format(Locale.ROOT,
                    "| %s | %s | %d | %.4f | %s | %.1f | %.2f | %.2f | %.2f | %.3f | %.2f | %.2f | %.0f | %.2f | %.0f | %.0f | %.3g |%n",
                    r.workload().id(), r.state(), t.size(), acc,
                    r.secondsToThreshold() == null ? "not reached (" + r.workload().threshold() + ")"
                            : String.format(Locale.ROOT, "%.1f s (round %d, >= %.2f)", r.secondsToThreshold(),
                            r.roundToThreshold(), r.workload().threshold()),
                    r.totalWallSeconds(), t.stream().mapToDouble(RoundTiming::wallSeconds).sum() / n,
                    t.stream().mapToDouble(RoundTiming::clientTrainSeconds).sum() / n,
                    t.stream().mapToDouble(RoundTiming::transferSeconds).sum() / n,
                    t.stream().mapToDouble(RoundTiming::aggregationSeconds).sum() / n,
                    t.stream().mapToDouble(RoundTiming::evaluationSeconds).sum() / n,
                    t.stream().mapToDouble(RoundTiming::waitingSeconds).sum() / n,
                    t.stream().mapToDouble(RoundTiming::samplesPerSecond).sum() / n,
                    t.stream().mapToDouble(RoundTiming::tlp).sum() / n,
                    r.coordinatorPeakRssMb(), r.clientPeakRssMb(), r.aggregationFloatsPerSecond()));
        }
        sb.append(timeline(results));
        sb.append("\nTest accuracy after each round:\n\n");
        for (WorkloadResult r : results) {
            sb.append("- ").append(r.workload().id()).append(": ");
            sb.append(String.join(", ", r.rounds().stream()
                    .map(x -> String.format(Locale.ROOT, "%.4f", x.testAccuracy())).toList()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Where a round's time goes, per workload: round 1 on its own and the steady rounds (2 to the
     * last; median for the round, means for its parts). The parts are means over participants:
     * assign = opened → assigned, prepare = on the device before and after training, deliver =
     * assignment's and update's way (network and storage), close = last update → commit; overhead
     * = the round minus its slowest participant's training. CPU seconds per round: what the
     * processes used from the job's creation to its end (evaluations included) over its rounds.
     */
    static String timeline(List<WorkloadResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n| workload | first round s | steady round s (median) | assign | prepare | train (mean) | train (slowest) | deliver | close | of which aggregation | overhead | overhead share | coordinator CPU s per round | clients' CPU s per round |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (WorkloadResult r : results) {
            List<RoundTiming> t = r.rounds();
            if (t.isEmpty()) {
                continue;
            }
            List<RoundTiming> steady = t.size() > 1 ? t.subList(1, t.size()) : t;
            double n = steady.size();
            double median = median(steady.stream().mapToDouble(RoundTiming::wallSeconds).sorted().toArray());
            double overhead = steady.stream().mapToDouble(RoundTiming::overheadSeconds).sum() / n;
            double wall = steady.stream().mapToDouble(RoundTiming::wallSeconds).sum() / n;
            sb.append(String.format(Locale.ROOT,
                    "| %s | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f %% | %.2f | %.2f |%n",
                    r.workload().id(), t.getFirst().wallSeconds(), median,
                    steady.stream().mapToDouble(RoundTiming::assignSeconds).sum() / n,
                    steady.stream().mapToDouble(RoundTiming::prepareSeconds).sum() / n,
                    steady.stream().mapToDouble(RoundTiming::clientTrainSeconds).sum() / n,
                    steady.stream().mapToDouble(RoundTiming::slowestTrainSeconds).sum() / n,
                    steady.stream().mapToDouble(RoundTiming::deliverSeconds).sum() / n,
                    steady.stream().mapToDouble(RoundTiming::closeSeconds).sum() / n,
                    steady.stream().mapToDouble(RoundTiming::aggregationSeconds).sum() / n,
                    overhead, wall == 0 ? 0 : 100 * overhead / wall, r.coordinatorCpuSeconds() / t.size(),
                    r.clientsCpuSeconds() / t.size()));
        }
        return sb.toString();
    }

    private static double median(double[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown CPU");
        } catch (java.io.IOException e) {
            return "unknown CPU";
        }
    }
}
