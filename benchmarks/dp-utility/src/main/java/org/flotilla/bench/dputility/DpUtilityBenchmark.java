package org.flotilla.bench.dputility;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.flotilla.datasets.folder.AtomicFiles;
import org.flotilla.model.json.WireJson;
import org.flotilla.privacy.cli.PrivacyCommand;
import org.flotilla.simulator.Simulation;
import org.flotilla.simulator.SimulationResult;
import tools.jackson.databind.JsonNode;

/**
 * The utility table of docs/privacy.md: DP-FedAvg on Fashion-MNIST's MLP with N virtual clients
 * (the simulator: the edge client's own code, against the real coordinator started in this
 * process), test accuracy after R rounds without DP and, for each target ε, with a fixed clip norm
 * and with adaptive clipping. Every run has the same population, split, model seed and R; δ = 1/N.
 * The noise multiplier for each ε is the smallest that meets it after R rounds at rate q, as
 * {@code ./flotilla privacy epsilon --epsilon} computes it; the ε reported is what the
 * coordinator's records say the run spent. One run at a time, each with a fresh coordinator (a
 * new database), so N is exactly the simulated population.
 */
public final class DpUtilityBenchmark {

    private DpUtilityBenchmark() {
    }

    /** The settings every run shares. */
    record Settings(int clients, double samplingRate, int rounds, double clipNorm, List<Double> epsilons,
                    List<String> kinds, String scheme, long seed, int lanes, Path out) {

        int perRound() {
            return (int) Math.round(samplingRate * clients);
        }

        double delta() {
            return 1.0 / clients;
        }

        /** What makes two runs rows of the same table. */
        String key() {
            return String.format(Locale.ROOT, "N=%d q=%s R=%d C=%s split=%s seed=%d", clients, samplingRate, rounds,
                    clipNorm, scheme, seed);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        Files.createDirectories(s.out());
        for (String kind : s.kinds()) {
            List<Double> targets = kind.equals("no-dp") ? Arrays.asList((Double) null) : s.epsilons();
            for (Double eps : targets) {
                Map<String, Object> row = run(s, kind, eps);
                // One file per run, so that the table can be built from runs made one at a time.
                Files.writeString(s.out().resolve(row.get("run") + ".result.json"), WireJson.write(row));
            }
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path table = s.out().resolve("results-" + stamp + ".md");
        String text = markdown(s, collect(s));
        Files.writeString(table, text);
        System.out.println();
        System.out.print(text);
        System.out.println("\nWritten: " + table + " (every run with these settings found in " + s.out() + ")");
    }

    /**
     * The runs in the output folder made with the same settings (population, q, R, C, split, seed),
     * in the table's order: no DP, then fixed and adaptive by ε; points below no DP filled in.
     */
    static List<Map<String, Object>> collect(Settings s) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(s.out())) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".result.json")).toList()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = WireJson.mapper().readValue(Files.readString(f), LinkedHashMap.class);
                if (s.key().equals(row.get("settings"))) {
                    rows.add(row);
                }
            }
        }
        rows.sort(Comparator.comparing((Map<String, Object> r) -> ((String) r.get("run")).startsWith("no-dp") ? 0
                : ((String) r.get("run")).startsWith("fixed") ? 1 : 2).thenComparingDouble(DpUtilityBenchmark::target));
        Double baseline = rows.stream().filter(r -> r.get("run").equals("no-dp")).map(r -> number(r, "testAccuracy"))
                .findFirst().orElse(null);
        for (Map<String, Object> r : rows) {
            if (baseline != null) {
                r.put("pointsBelowNoDp", 100 * (baseline - number(r, "testAccuracy")));
            }
        }
        return rows;
    }

    private static double target(Map<String, Object> r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> dp = (Map<String, Object>) r.get("differentialPrivacy");
        return dp == null ? 0 : number(dp, "maxEpsilon");
    }

    private static double number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** One run of the table: no DP (eps null), or DP with a fixed or adaptive clip norm at target ε. */
    static Map<String, Object> run(Settings s, String kind, Double eps) throws Exception {
        String name = eps == null ? kind : kind + "-e" + format(eps);
        Path dir = s.out().resolve(name);
        deleteTree(dir);
        Simulation.Builder b = Simulation.builder().clients(s.clients()).clientsPerRound(s.perRound())
                .rounds(s.rounds()).model("mlp").dataset("fashion-mnist").scheme(s.scheme()).seed(s.seed())
                .lanes(s.lanes()).roundTimeoutSeconds(300).dir(dir).jobName("dp-utility " + name)
                .progress(System.out);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run", name);
        row.put("settings", s.key());
        row.put("lanes", s.lanes());
        Double z = null;
        if (eps != null) {
            z = noiseMultiplier(s, eps);
            Map<String, Object> dp = new LinkedHashMap<>();
            dp.put("mode", "central");
            dp.put("samplingRate", s.samplingRate());
            dp.put("noiseMultiplier", z);
            dp.put("delta", s.delta());
            dp.put("maxEpsilon", eps);
            if (kind.equals("adaptive")) {
                dp.put("adaptiveClipping", Map.of());
            } else {
                dp.put("clipNorm", s.clipNorm());
            }
            b.jobSetting("differentialPrivacy", dp);
            row.put("differentialPrivacy", dp);
        }
        System.out.printf(Locale.ROOT, "%n=== %s: %d clients, %s, %d rounds%s ===%n", name, s.clients(),
                eps == null ? s.perRound() + " per round" : "q " + s.samplingRate(), s.rounds(),
                eps == null ? "" : String.format(Locale.ROOT, ", target epsilon %s, z %.4f, delta %s", format(eps), z,
                        s.delta()));
        long start = System.nanoTime();
        SimulationResult r = b.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        row.put("state", r.state());
        row.put("reason", r.job().path("reason").asString(""));
        row.put("completedRounds", r.job().path("completedRounds").asInt());
        row.put("testAccuracy", r.finalAccuracy());
        row.put("wallSeconds", seconds);
        row.put("failures", r.failures());
        row.putAll(privacy(r));
        return row;
    }

    /** What the coordinator's records say about privacy: the job's spent ε and the rounds' figures. */
    static Map<String, Object> privacy(SimulationResult r) {
        Map<String, Object> p = new LinkedHashMap<>();
        JsonNode spent = r.job().path("privacy");
        if (spent.isMissingNode() || spent.isNull()) {
            return p;
        }
        p.put("epsilon", spent.path("epsilon").asDouble());
        p.put("delta", spent.path("delta").asDouble());
        p.put("order", spent.path("order").isNumber() ? spent.path("order").asDouble() : null);
        p.put("roundsAccounted", spent.path("roundsAccounted").asInt());
        p.put("updateNoiseMultiplier", spent.path("updateNoiseMultiplier").asDouble());
        List<Double> clip = new ArrayList<>();
        long sampled = 0;
        long contributors = 0;
        int attempts = 0;
        for (JsonNode round : r.roundRecords()) {
            JsonNode rp = round.path("privacy");
            if (!rp.isObject()) {
                continue;
            }
            attempts++;
            sampled += rp.path("sampled").asLong();
            contributors += rp.path("release").path("contributors").asLong();
            clip.add(rp.path("clipNorm").asDouble());
        }
        p.put("meanSampled", attempts == 0 ? Double.NaN : (double) sampled / attempts);
        p.put("meanContributors", attempts == 0 ? Double.NaN : (double) contributors / attempts);
        p.put("firstClipNorm", clip.isEmpty() ? Double.NaN : clip.get(0));
        p.put("lastClipNorm", clip.isEmpty() ? Double.NaN : clip.get(clip.size() - 1));
        p.put("medianClipNorm", clip.isEmpty() ? Double.NaN : clip.stream().sorted().toList().get(clip.size() / 2));
        return p;
    }

    /** The smallest z that meets {@code eps} after the rounds, from the planning command itself. */
    static double noiseMultiplier(Settings s, double eps) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PrivacyCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "epsilon",
                "--sampling-rate", Double.toString(s.samplingRate()), "--epsilon", Double.toString(eps),
                "--steps", Integer.toString(s.rounds()), "--delta", Double.toString(s.delta()));
        if (code != 0) {
            throw new IllegalArgumentException(err.toString().strip());
        }
        String line = out.toString().strip();
        return WireJson.mapper().readTree(line.substring(line.lastIndexOf('\n') + 1)).path("noiseMultiplier").asDouble();
    }

    static String markdown(Settings s, List<Map<String, Object>> rows) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "N = %d clients (Fashion-MNIST %s split, seed %d), MLP, E = 1, B = 32,"
                        + " SGD 0.05, R = %d rounds; DP runs: q = %s (m = qN = %d), delta = 1/N = %s, fixed C = %s,"
                        + " adaptive clipping with the defaults (C0 = 0.1, target quantile 0.5, eta_C 0.2,"
                        + " sigma_b = m/20); no-DP runs take %d clients per round.%n%n",
                s.clients(), s.scheme(), s.seed(), s.rounds(), s.samplingRate(), s.perRound(), s.delta(), s.clipNorm(),
                s.perRound()));
        t.append("| run | target ε | z (z_Δ) | ε spent (rounds accounted, order) | clip norm C: first / median / last"
                + " | sampled / contributors per round | test accuracy after R | points below no DP | wall s |\n");
        t.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map<String, Object> r : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> dp = (Map<String, Object>) r.get("differentialPrivacy");
            boolean dpRun = dp != null;
            t.append("| ").append(r.get("run"));
            if (!"COMPLETED".equals(r.get("state")) || (int) number(r, "completedRounds") != s.rounds()) {
                t.append(" (").append(r.get("state")).append(", ").append((int) number(r, "completedRounds"))
                        .append(" rounds: ").append(r.get("reason")).append(")");
            }
            t.append(" | ").append(dpRun ? format(number(dp, "maxEpsilon")) : "—");
            t.append(" | ").append(dpRun ? String.format(Locale.ROOT, "%.4f (%.4f)", number(dp, "noiseMultiplier"),
                    number(r, "updateNoiseMultiplier")) : "—");
            t.append(" | ").append(dpRun ? String.format(Locale.ROOT, "%.3f (%d, %s)", number(r, "epsilon"),
                    (int) number(r, "roundsAccounted"), r.get("order")) : "—");
            t.append(" | ").append(dpRun ? String.format(Locale.ROOT, "%.3f / %.3f / %.3f", number(r, "firstClipNorm"),
                    number(r, "medianClipNorm"), number(r, "lastClipNorm")) : "—");
            t.append(" | ").append(dpRun ? String.format(Locale.ROOT, "%.1f / %.1f", number(r, "meanSampled"),
                    number(r, "meanContributors")) : s.perRound() + " / " + s.perRound());
            t.append(" | ").append(String.format(Locale.ROOT, "%.4f", number(r, "testAccuracy")));
            t.append(" | ").append(r.containsKey("pointsBelowNoDp") && dpRun
                    ? String.format(Locale.ROOT, "%.1f", number(r, "pointsBelowNoDp")) : "—");
            t.append(" | ").append(String.format(Locale.ROOT, "%.0f", number(r, "wallSeconds"))).append(" |\n");
        }
        return t.toString();
    }

    private static Settings parse(String[] args) {
        int clients = 1000;
        double q = 0.1;
        int rounds = 30;
        double clip = 0.5;
        List<Double> epsilons = List.of(1.0, 3.0, 8.0);
        List<String> kinds = List.of("no-dp", "fixed", "adaptive");
        String scheme = "iid";
        long seed = 42;
        int lanes = Runtime.getRuntime().availableProcessors();
        Path out = Path.of("benchmarks", "out", "dp-utility");
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            try {
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(v);
                    case "--sampling-rate" -> q = Double.parseDouble(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--clip-norm" -> clip = Double.parseDouble(v);
                    case "--epsilons" -> epsilons = Arrays.stream(v.split(",")).map(Double::parseDouble).toList();
                    case "--runs" -> kinds = List.of(v.split(","));
                    case "--scheme" -> scheme = v;
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--lanes" -> lanes = Integer.parseInt(v);
                    case "--out" -> out = Path.of(v);
                    default -> usage("unknown option " + args[i]);
                }
            } catch (NumberFormatException e) {
                usage(args[i] + " needs a number, was '" + v + "'");
            }
        }
        for (String k : kinds) {
            if (!List.of("no-dp", "fixed", "adaptive").contains(k)) {
                usage("--runs takes no-dp, fixed and adaptive, was " + k);
            }
        }
        if (!(q > 0 && q <= 1) || clients < 2 || rounds < 1 || !(clip > 0)) {
            usage("need --clients >= 2, --sampling-rate in (0, 1], --rounds >= 1, --clip-norm > 0");
        }
        return new Settings(clients, q, rounds, clip, epsilons, kinds, scheme, seed, lanes, out);
    }

    private static void usage(String message) {
        System.err.println("dp-utility: " + message + " (see benchmarks/dp-utility/run --help)");
        System.exit(2);
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Removes an earlier run's folder: a run must start with a new database (N is the clients enrolled). */
    private static void deleteTree(Path dir) throws IOException {
        AtomicFiles.deleteQuietly(dir);
        if (Files.exists(dir)) {
            throw new IOException("cannot delete " + dir + " (an earlier run's coordinator data); remove it and run again");
        }
    }
}
