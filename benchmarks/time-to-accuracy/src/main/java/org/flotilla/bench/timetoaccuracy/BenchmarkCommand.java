package org.flotilla.bench.timetoaccuracy;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.flotilla.datasets.cli.PartitionCli;
import org.flotilla.demo.DemoException;
import org.flotilla.demo.JobRequests;
import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.Programs;
import org.flotilla.model.json.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * The time-to-accuracy benchmark: for each workload, a fresh coordinator and ten edge-client
 * processes on loopback, every client in every round, E=1, B=32, SGD 0.05, FedAvg; writes one JSON
 * file per workload and a markdown table.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Run the federated time-to-accuracy benchmark on Fashion-MNIST.")
public final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--workloads", split = ",", description = "Workload ids (default: all of ${COMPLETION-CANDIDATES}).",
            completionCandidates = WorkloadIds.class)
    List<String> workloads;

    @Option(names = "--clients", defaultValue = "10", description = "Edge-client processes (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--workers", defaultValue = "1", description = "Worker threads per client (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--rounds", description = "Override every workload's number of rounds (for a quick check).")
    Integer rounds;

    @Option(names = "--strategy", description = "Strategy request as JSON, e.g. {\"name\":\"fedadam\"} (default FedAvg).")
    String strategy;

    @Option(names = "--local-epochs", defaultValue = "1", description = "Local epochs per round (default ${DEFAULT-VALUE}).")
    int localEpochs;

    @Option(names = "--secure-aggregation", description = "Run the jobs with secure aggregation (SecAgg+): the"
            + " job request's \"secureAggregation\" object as JSON, e.g. {} for the defaults.")
    String secureAggregation;

    @Option(names = "--out", defaultValue = "benchmarks/out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data-dir", description = "Fashion-MNIST folder (default: FLOTILLA_DATA or /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the splits and the model (default ${DEFAULT-VALUE}).")
    long seed;

    static final class WorkloadIds extends ArrayList<String> {
        WorkloadIds() {
            super(Workload.standard().stream().map(Workload::id).toList());
        }
    }

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("flotilla.root", ".")).toAbsolutePath().normalize();
        Programs programs = Programs.locate(root);
        List<Workload> selected = select();
        List<WorkloadResult> results = new ArrayList<>();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (Workload w : selected) {
            Path partitions = partition(w);
            System.out.printf("== %s: %s, %s, %d rounds, %d clients x %d workers, E=%d%n", w.id(), w.model(), w.scheme(),
                    w.rounds(), clients, workers, localEpochs);
            WorkloadResult r = run(programs, w, partitions, out.resolve("runs").resolve(w.id() + "-" + stamp));
            results.add(r);
            Path json = out.resolve(w.id() + ".json");
            Files.createDirectories(out);
            Files.writeString(json, WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
            System.out.println(Report.markdown(List.of(r)));
        }
        Path md = out.resolve("results-" + stamp + ".md");
        Files.writeString(md, Report.header() + Report.markdown(results));
        System.out.println("Wrote " + md + " and one JSON file per workload in " + out);
        return 0;
    }

    private List<Workload> select() {
        List<Workload> all = Workload.standard();
        List<Workload> chosen = new ArrayList<>();
        for (Workload w : all) {
            if (workloads == null || workloads.contains(w.id())) {
                Map<String, Object> s = strategy == null ? w.strategy() : WireJson.read(strategy, Map.class);
                String id = (strategy == null ? w.id() : w.id() + "-" + s.get("name"))
                        + (secureAggregation == null ? "" : "-secagg");
                chosen.add(new Workload(id, w.model(), w.scheme(), w.alpha(), rounds != null ? rounds : w.rounds(),
                        w.threshold(), s));
            }
        }
        if (chosen.isEmpty()) {
            throw new DemoException("--workloads names none of " + all.stream().map(Workload::id).toList());
        }
        return chosen;
    }

    private Path partition(Workload w) {
        Path dir = out.resolve("partitions").resolve(String.format(Locale.ROOT, "%s%s-%dc-seed%d", w.scheme(),
                w.scheme().equals("dirichlet") ? Double.toString(w.alpha()) : "", clients, seed));
        if (Files.isRegularFile(dir.resolve("summary.json"))) {
            return dir;
        }
        List<String> args = new ArrayList<>(List.of("--dataset", "fashion-mnist", "--clients", Integer.toString(clients),
                "--scheme", w.scheme(), "--seed", Long.toString(seed), "--held-out-fraction", "0", "--out", dir.toString()));
        if (w.scheme().equals("dirichlet")) {
            args.addAll(List.of("--alpha", Double.toString(w.alpha())));
        }
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", dataDir.toString()));
        }
        if (PartitionCli.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                args.toArray(String[]::new)) != 0) {
            throw new DemoException("partitioning Fashion-MNIST failed (see the line above)");
        }
        return dir;
    }

    private WorkloadResult run(Programs programs, Workload w, Path partitions, Path runDir)
            throws IOException, InterruptedException {
        try (LocalFederation federation = new LocalFederation(programs, runDir, 0, null)) {
            CoordinatorApi api = federation.startCoordinator(LocalFederation.coordinatorOptions(), Duration.ofMinutes(3));
            Map<String, Object> job = new LinkedHashMap<>(JobRequests.fashionMnist("bench-" + w.id(), w.model(),
                    w.rounds(), clients, seed, 0.05, 32));
            job.put("strategy", w.strategy());
            job.put("localEpochs", localEpochs);
            if (secureAggregation != null) {
                job.put("secureAggregation", WireJson.read(secureAggregation, Map.class));
            }
            for (int i = 0; i < clients; i++) {
                String name = String.format(Locale.ROOT, "client-%02d", i);
                federation.startClient(name, partitions.resolve(name), workers, LocalFederation.RECOMMENDED_CLIENT_OPTIONS);
            }
            // the job starts once every client has started, enrolled and checked in: its first round
            // measures the federation, not the start of ten JVMs
            RoundWatch.awaitCheckedIn(api, clients, Duration.ofMinutes(3), federation);
            double coordCpu0 = CpuTime.seconds(federation.coordinator().pid());
            double clientsCpu0 = federation.clients().stream().mapToDouble(c -> CpuTime.seconds(c.pid())).sum();
            Instant created = Instant.now();
            long jobId = api.createJob(WireJson.write(job)).path("id").asLong();
            RoundWatch watch = new RoundWatch(api, jobId, federation);
            JsonNode finalJob = watch.awaitTerminal();
            double totalWall = Duration.between(created, Instant.now()).toNanos() / 1e9;
            double coordCpu = CpuTime.seconds(federation.coordinator().pid()) - coordCpu0;
            double clientsCpu = federation.clients().stream().mapToDouble(c -> CpuTime.seconds(c.pid())).sum()
                    - clientsCpu0;
            // a round is read once its server-side evaluation (after the round's commit) is recorded
            watch.awaitEvaluations(Duration.ofMinutes(2));
            List<RoundTiming> rounds = new ArrayList<>();
            List<JsonNode> details = new ArrayList<>();
            for (int n = 1; n <= watch.lastRound(); n++) {
                JsonNode detail = api.round(jobId, n);
                details.add(detail);
                RoundTiming t = RoundTiming.of(detail);
                rounds.add(t);
                System.out.printf(Locale.ROOT, "round %2d  acc %.4f  wall %.2f s (slowest train %.2f, mean train %.2f,"
                                + " transfer %.2f, aggregation %.3f, waiting %.2f; evaluation after the commit %.2f%s)%n",
                        t.round(), t.testAccuracy(), t.wallSeconds(), t.slowestTrainSeconds(), t.clientTrainSeconds(),
                        t.transferSeconds(), t.aggregationSeconds(), t.waitingSeconds(), t.evaluationSeconds(),
                        t.pendingEvaluation() ? ", still pending" : "");
            }
            // Each round's detail as the coordinator gave it, for a per-phase split afterwards
            // (benchmarks/secagg/phases reads this file).
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("round-details.json"), WireJson.write(details));
            Double toThreshold = null;
            Integer roundToThreshold = null;
            for (RoundTiming t : rounds) {
                if (t.testAccuracy() >= w.threshold() && t.evaluatedAt() != null) {
                    // the figure is known once the round's evaluation is recorded, not at its commit
                    toThreshold = Duration.between(created, t.evaluatedAt()).toNanos() / 1e9;
                    roundToThreshold = t.round();
                    break;
                }
            }
            long params = api.job(jobId).path("parameterCount").asLong(0);
            double aggRate = rounds.stream().filter(t -> t.aggregationSeconds() > 0)
                    .mapToDouble(t -> (double) params * t.participants() / t.aggregationSeconds()).average().orElse(0);
            double coordRss = federation.coordinator().peakRssBytes() / 1048576.0;
            double clientRss = federation.clients().getFirst().peakRssBytes() / 1048576.0;
            return new WorkloadResult(w, clients, workers, finalJob.path("state").asString(), rounds, totalWall,
                    toThreshold, roundToThreshold, coordRss, clientRss, aggRate, coordCpu, clientsCpu);
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchmarkCommand());
        cl.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println("benchmark: " + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")));
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
