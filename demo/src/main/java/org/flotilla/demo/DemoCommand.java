package org.flotilla.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.Programs;
import org.flotilla.demo.federation.RoundView;
import org.flotilla.model.json.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./flotilla demo}: partitions Fashion-MNIST among N clients, starts a coordinator and N
 * edge-client processes, runs a job and shows one line per round.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a real federation on this machine: a coordinator and N edge clients on Fashion-MNIST.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--clients", defaultValue = "4", description = "Edge-client processes (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rounds", defaultValue = "10", description = "Rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or logreg (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--alpha", defaultValue = "0.5", description = "Label-Dirichlet concentration (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and the model (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", defaultValue = "1", description = "Worker threads per client (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--dir", defaultValue = "demo-data", description = "Folder for partitions and runs (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--resume", description = "Continue the latest run in --dir instead of starting a new one.")
    boolean resume;

    @Option(names = "--summary", description = "Also write the summary as JSON to this file.")
    Path summaryFile;

    @Option(names = "--port", defaultValue = "0", description = "Coordinator port (default: a free one).")
    int port;

    @Option(names = "--data-dir", description = "Fashion-MNIST folder (default: FLOTILLA_DATA or /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--keep-running", description = "Keep the coordinator running after the job until Ctrl-C.")
    boolean keepRunning;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        Path root = Path.of(System.getProperty("flotilla.root", ".")).toAbsolutePath().normalize();
        Programs programs = Programs.locate(root);
        Path partitions = DemoData.partition(dir, dataDir, clients, alpha, seed);
        Path runDir = resume ? DemoData.latestRun(dir) : dir.resolve("run-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(runDir);
        DemoState state = resume ? DemoState.read(runDir) : null;

        LocalFederation federation = new LocalFederation(programs, runDir, state != null ? state.port() : port,
                state != null ? state.tokens() : null);
        Thread stopper = new Thread(federation::close, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        try (federation) {
            System.out.printf("Run folder %s%n", runDir);
            CoordinatorApi api = federation.startCoordinator(LocalFederation.coordinatorOptions(), Duration.ofMinutes(3));
            System.out.printf("Coordinator %s (admin token in %s)%n", api.base(), runDir.resolve("demo.json"));
            long jobId = state != null ? state.jobId() : createJob(api, clients);
            DemoState.write(runDir, new DemoState(jobId, federation.url().getPort(), federation.tokens()));
            for (int i = 0; i < clients; i++) {
                String name = String.format(Locale.ROOT, "client-%02d", i);
                federation.startClient(name, partitions.resolve(name), workers, LocalFederation.RECOMMENDED_CLIENT_OPTIONS);
            }
            System.out.printf("Started %d edge clients; job %d: %s, %d rounds, FedAvg, Dirichlet(%s) split%n%n",
                    clients, jobId, model, rounds, alpha);
            List<RoundView> finished = watch(api, jobId, federation);
            Path modelPath = api.downloadModel(jobId, runDir.resolve("final-model.zip"));
            JsonNode job = api.job(jobId);
            Summary.print(System.out, finished, job, modelPath, api.base(), keepRunning);
            if (summaryFile != null) {
                Summary.writeJson(summaryFile, finished, modelPath);
            }
            if (keepRunning) {
                System.out.println("Coordinator still running at " + api.base() + "; Ctrl-C stops it.");
                Thread.currentThread().join();
            }
            return job.path("state").asString().equals("COMPLETED") ? 0 : 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
    }

    private void validate() {
        if (clients < 1 || clients > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--clients must be between 1 and 64 (was " + clients + ")");
        }
        if (rounds < 1 || rounds > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be between 1 and 1000 (was " + rounds + ")");
        }
        if (!List.of("mlp", "cnn", "logreg").contains(model)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model must be mlp, cnn or logreg (was " + model + ")");
        }
        if (!(alpha > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--alpha must be positive (was " + alpha + ")");
        }
        if (workers < 1 || workers > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be between 1 and 64 (was " + workers + ")");
        }
    }

    private long createJob(CoordinatorApi api, int n) throws IOException, InterruptedException {
        Map<String, Object> job = JobRequests.fashionMnist("demo-" + model, model, rounds, n, seed, 0.05, 32);
        JsonNode created = api.createJob(WireJson.write(job));
        return created.path("id").asLong();
    }

    private List<RoundView> watch(CoordinatorApi api, long jobId, LocalFederation federation)
            throws IOException, InterruptedException {
        Map<String, RoundView> shown = new LinkedHashMap<>();
        System.out.printf("%5s  %12s  %10s  %13s  %9s%n", "round", "participants", "train loss", "test accuracy", "seconds");
        while (true) {
            // The job's state first: once it is terminal, the round list read after it is complete.
            String state = api.job(jobId).path("state").asString("");
            boolean over = state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
            for (JsonNode r : api.rounds(jobId)) {
                RoundView v = RoundView.of(r);
                // a completed round's server-side test figure is recorded after its commit: shown
                // once the coordinator no longer says it is pending (the job completes only after
                // every figure is)
                boolean evaluationPending = r.path("pendingEvaluation").asBoolean(false);
                if (v.isFinished() && (over || !evaluationPending) && !shown.containsKey(v.round() + "/" + v.attempt())) {
                    shown.put(v.round() + "/" + v.attempt(), v);
                    System.out.printf(Locale.ROOT, "%5d  %12d  %10.4f  %13.4f  %9.1f%s%n", v.round(), v.participants(),
                            v.trainLoss(), v.testAccuracy(), v.seconds(), v.state().equals("FAILED") ? "  (failed)" : "");
                }
            }
            if (over) {
                return new ArrayList<>(shown.values());
            }
            if (!federation.coordinator().isAlive()) {
                throw new IOException("the coordinator stopped; see " + federation.coordinator().log());
            }
            Thread.sleep(500);
        }
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new DemoCommand(), args));
    }
}
