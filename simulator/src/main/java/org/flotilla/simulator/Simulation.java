package org.flotilla.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.RoundView;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.training.TrainerLanes;
import tools.jackson.databind.JsonNode;

/**
 * A federation of virtual clients against a real coordinator, run to the end of one job.
 *
 * <pre>{@code
 * SimulationResult r = Simulation.builder()
 *         .clients(1000).clientsPerRound(100).rounds(20)
 *         .model("mlp").dataset("fashion-mnist").scheme("dirichlet").alpha(0.5)
 *         .run();
 * }</pre>
 *
 * <p>By default the coordinator is started in this JVM (its own Spring Boot application on a free
 * loopback port, data under {@link Builder#dir}); {@link Builder#coordinator} points the clients at
 * a running one instead. The job is the demo's Fashion-MNIST FedAvg job with the simulation's
 * clients per round; {@link Builder#jobSettings} adds or replaces fields of the request (e.g.
 * {@code differentialPrivacy}, {@code secureAggregation}), {@link Builder#job} replaces it whole.
 * The virtual clients enrol before the job is created; a job with {@code differentialPrivacy} is
 * created only once all of them are enrolled (its population N and sampling rate q refer to them),
 * and without {@code clientsPerRound}, {@code minClients} and {@code overSelection}.
 * With {@link Builder#shard} i/n (n &gt; 1) this process hosts only its slice of the clients; shard
 * 0 creates and watches the job, the others join the job of the same name and stop when it ends.
 */
public final class Simulation {

    private final Builder b;

    private Simulation(Builder b) {
        this.b = b;
    }

    /** A simulation with the defaults of {@code ./flotilla simulate}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the simulation to the end of its job: partitions, (starts the coordinator,) creates the
     * job, starts the virtual clients, watches the rounds, stops everything.
     *
     * @throws IOException when the coordinator cannot be reached or refuses the job
     */
    public SimulationResult run() throws IOException, InterruptedException {
        PrintStream out = b.progress != null ? b.progress : new PrintStream(OutputStream.nullOutputStream());
        Population population = population();
        if (b.clientsGiven && population.size() != b.clients) {
            throw new IllegalArgumentException("the partition in " + b.partitions + " has " + population.size()
                    + " clients, --clients asks for " + b.clients + "; give the same number or leave --clients out");
        }
        Files.createDirectories(b.dir);
        EmbeddedCoordinator embedded = null;
        try {
            URI url;
            String admin;
            String enrolment;
            if (b.coordinator == null) {
                out.printf("Starting the coordinator in this process (data in %s) ...%n", b.dir.resolve("coordinator"));
                embedded = EmbeddedCoordinator.start(b.dir.resolve("coordinator"), population.members().size(),
                        b.coordinatorSettings);
                url = embedded.url();
                admin = embedded.adminToken();
                enrolment = embedded.enrolmentToken();
            } else {
                url = b.coordinator;
                admin = Objects.requireNonNull(b.adminToken, "a remote coordinator needs the admin token");
                enrolment = Objects.requireNonNull(b.enrolmentToken, "a remote coordinator needs an enrolment token");
            }
            CoordinatorApi api = new CoordinatorApi(url, admin);
            if (b.idleSeconds > 0) {
                return idle(population, url, enrolment, out);
            }
            RoundTracker tracker = new RoundTracker();
            try (TrainerLanes lanes = TrainerLanes.create(b.lanes, 1, true);
                 VirtualFleet fleet = new VirtualFleet(lanes)) {
                // The clients enrol before the job exists (until then their check-ins are told to retry):
                // a differentially private job samples the clients enrolled, and N is fixed at its creation.
                fleet.start(population, url, enrolment, b.heterogeneity, tracker, b.startRate);
                long jobId = b.shard.leads() ? SimulationJob.create(b, api, population, fleet, out)
                        : SimulationJob.await(b, api, out);
                out.printf("%d virtual clients (shard %s of %d), %d training lanes; job %d: %s, %d rounds, %d per round,"
                                + " %s%n%n", fleet.size(), b.shard, population.size(), lanes.size(), jobId, b.model,
                        b.rounds, b.clientsPerRound, population.description());
                Watch watch = new Watch(api, jobId, tracker, fleet, out);
                JsonNode job = watch.untilEnd();
                List<String> failures = fleet.failures().stream().map(RunResult::message).distinct().toList();
                String state = job.path("state").asString("");
                int completed = job.path("completedRounds").asInt(0);
                byte[] weights = completed > 0 ? api.rawWeights(jobId, completed) : null;
                Path model = null;
                if (b.shard.leads() && completed > 0) {
                    model = api.downloadModel(jobId, b.dir.resolve("final-model.zip"));
                }
                if (b.shard.leads()) {
                    org.flotilla.demo.Summary.print(out, watch.finished(), job, model == null ? b.dir : model, url,
                            true);
                    if (b.summary != null) {
                        org.flotilla.demo.Summary.writeJson(b.summary, watch.finished(), model == null ? b.dir : model);
                    }
                }
                out.printf("%nAnswer times seen by this process's virtual clients (check-in includes the long-poll wait):%n%s",
                        fleet.latencies().table());
                out.printf("Simulator process resident memory: %s%s%n", ResidentMemory.describe(),
                        embedded != null ? " (the coordinator included: it runs in this process)" : "");
                List<JsonNode> details = new ArrayList<>();
                if (b.roundDetails) {
                    for (int r : watch.finished().stream().mapToInt(RoundView::round).distinct().sorted().toArray()) {
                        details.add(api.round(jobId, r));
                    }
                }
                return new SimulationResult(jobId, state, watch.finished(), weights, model, fleet.size(), failures,
                        fleet.latencies(), job, api.rounds(jobId), details);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * Starts the clients without a job, lets them enrol and long-poll for {@code idleSeconds}, and
     * reports this process's heap after a full collection and its resident memory: what idle
     * clients cost.
     */
    private SimulationResult idle(Population population, URI url, String enrolment, PrintStream out)
            throws InterruptedException {
        try (TrainerLanes lanes = TrainerLanes.create(b.lanes, 1, true);
             VirtualFleet fleet = new VirtualFleet(lanes)) {
            fleet.start(population, url, enrolment, b.heterogeneity, new RoundTracker(), b.startRate);
            Thread.sleep(b.idleSeconds * 1000L);
            System.gc();
            Thread.sleep(500);
            long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            out.printf(java.util.Locale.ROOT, "idle: %d virtual clients, %d enrolments and %d check-ins answered,"
                            + " heap used after GC %.1f MB, resident %s%n", fleet.size(),
                    fleet.latencies().count(Latencies.Call.ENROL), fleet.latencies().count(Latencies.Call.CHECK_IN),
                    heap / 1e6, ResidentMemory.describe());
            return new SimulationResult(-1, "IDLE", List.of(), null, null, fleet.size(),
                    fleet.failures().stream().map(RunResult::message).distinct().toList(), fleet.latencies(), null,
                    null, List.of());
        }
    }

    private Population population() {
        if (b.partitions != null) {
            return Population.fromFolder(b.partitions, b.shard, 0.1);
        }
        List<String> args = new ArrayList<>(List.of("--dataset", b.dataset, "--clients", Integer.toString(b.clients),
                "--seed", Long.toString(b.seed)));
        String description = b.dataset + ", " + b.clients + " clients";
        if (!b.dataset.equals("synthetic")) {
            args.addAll(List.of("--scheme", b.scheme));
            description += ", " + b.scheme;
            if (b.scheme.equals("dirichlet")) {
                args.addAll(List.of("--alpha", Double.toString(b.alpha)));
                description += "(" + b.alpha + ")";
            }
            if (b.dataDir != null) {
                args.addAll(List.of("--data-dir", b.dataDir.toString()));
            }
        }
        return Population.split(args, b.dataset, b.clients, b.shard, description + " split");
    }

    /** Settings of a simulation; every one has the default of {@code ./flotilla simulate}. */
    public static final class Builder {

        int clients = 100;
        boolean clientsGiven;
        int clientsPerRound = 10;
        int rounds = 10;
        String model = "mlp";
        String dataset = "fashion-mnist";
        String scheme = "dirichlet";
        double alpha = 0.5;
        long seed = 42;
        double learningRate = 0.05;
        int batchSize = 32;
        double overSelection = 1.0;
        int minClients;
        int roundTimeoutSeconds = 600;
        Path partitions;
        Path dataDir;
        URI coordinator;
        String adminToken;
        String enrolmentToken;
        Shard shard = Shard.ALL;
        String jobName;
        int lanes = Runtime.getRuntime().availableProcessors();
        Heterogeneity heterogeneity;
        Map<String, Object> job;
        final Map<String, Object> jobSettings = new LinkedHashMap<>();
        final List<String> coordinatorSettings = new ArrayList<>();
        Path dir = Path.of("simulation-data");
        Path summary;
        PrintStream progress;
        int idleSeconds;
        int startRate = 500;
        boolean roundDetails;

        private Builder() {
        }

        /** Virtual clients in the whole population (default 100). */
        public Builder clients(int n) {
            this.clients = n;
            this.clientsGiven = true;
            return this;
        }

        /** Updates wanted per round (default 10). */
        public Builder clientsPerRound(int k) {
            this.clientsPerRound = k;
            return this;
        }

        /** Rounds (default 10). */
        public Builder rounds(int r) {
            this.rounds = r;
            return this;
        }

        /** {@code mlp}, {@code cnn} or {@code logreg} (default mlp). */
        public Builder model(String name) {
            this.model = name;
            return this;
        }

        /** {@code fashion-mnist}, {@code mnist} or {@code synthetic} (default fashion-mnist). */
        public Builder dataset(String name) {
            this.dataset = name;
            return this;
        }

        /** Partition scheme: iid, dirichlet, shards, quantity (default dirichlet; not for synthetic). */
        public Builder scheme(String name) {
            this.scheme = name;
            return this;
        }

        /** Dirichlet concentration (default 0.5). */
        public Builder alpha(double a) {
            this.alpha = a;
            return this;
        }

        /** Seed of the split, the model, the heterogeneity draws (default 42). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Local SGD learning rate (default 0.05) and mini-batch size (default 32). */
        public Builder training(double rate, int batch) {
            this.learningRate = rate;
            this.batchSize = batch;
            return this;
        }

        /** Over-selection factor (default 1.0). */
        public Builder overSelection(double factor) {
            this.overSelection = factor;
            return this;
        }

        /** Quorum at the deadline (default: the clients per round). */
        public Builder minClients(int n) {
            this.minClients = n;
            return this;
        }

        /** Round deadline in seconds (default 600). */
        public Builder roundTimeoutSeconds(int s) {
            this.roundTimeoutSeconds = s;
            return this;
        }

        /**
         * Read the clients' data from a folder written by {@code ./flotilla partition}; its clients are
         * the population (unless {@link #clients} says otherwise, which is then an error).
         */
        public Builder partitions(Path folder) {
            this.partitions = folder;
            return this;
        }

        /** The folder of the image data set's IDX files (default: FLOTILLA_DATA or the Debian package's). */
        public Builder dataDir(Path folder) {
            this.dataDir = folder;
            return this;
        }

        /** A running coordinator instead of one in this process. */
        public Builder coordinator(URI url, String adminToken, String enrolmentToken) {
            this.coordinator = url;
            this.adminToken = adminToken;
            this.enrolmentToken = enrolmentToken;
            return this;
        }

        /** Host only slice {@code shard} of the clients (default all). */
        public Builder shard(Shard s) {
            this.shard = s;
            return this;
        }

        /** The job's name; shards find their job by it (default {@code simulate-<model>-<clients>}). */
        public Builder jobName(String name) {
            this.jobName = name;
            return this;
        }

        /** Training lanes, platform threads with one network each (default: the CPU quota). */
        public Builder lanes(int n) {
            this.lanes = n;
            return this;
        }

        /** How the devices differ (default: identical, always online, no drop-outs). */
        public Builder heterogeneity(Heterogeneity h) {
            this.heterogeneity = h;
            return this;
        }

        /** Stop once the server-side test accuracy reaches {@code accuracy} (the job's {@code targetAccuracy}). */
        public Builder targetAccuracy(double accuracy) {
            this.jobSettings.put("targetAccuracy", accuracy);
            return this;
        }

        /**
         * Measure instead of train: start the clients without a job, let them sit idle (enrolled,
         * long-polling) this long, report memory, stop.
         */
        public Builder idleSeconds(int seconds) {
            this.idleSeconds = seconds;
            return this;
        }

        /** Clients started per second (default 500): they enrol and first check in at this pace. */
        public Builder startRate(int perSecond) {
            this.startRate = perSecond;
            return this;
        }

        /** Replaces the job request entirely (the clients still come from the population). */
        public Builder job(Map<String, Object> request) {
            this.job = new LinkedHashMap<>(request);
            return this;
        }

        /** Adds or replaces one field of the job request, e.g. {@code differentialPrivacy}. */
        public Builder jobSetting(String field, Object value) {
            this.jobSettings.put(field, value);
            return this;
        }

        /** A further setting of the embedded coordinator, {@code --key=value}. */
        public Builder coordinatorSetting(String setting) {
            this.coordinatorSettings.add(setting);
            return this;
        }

        /** Folder of the embedded coordinator's data and the final model (default {@code simulation-data}). */
        public Builder dir(Path folder) {
            this.dir = folder;
            return this;
        }

        /** Also write the demo's JSON summary here. */
        public Builder summary(Path file) {
            this.summary = file;
            return this;
        }

        /**
         * Also read every round in detail at the end ({@code GET /api/v1/jobs/{id}/rounds/{round}}:
         * participants with their assignment and answer times, a secure round's phases): into
         * {@link SimulationResult#roundDetails}.
         */
        public Builder roundDetails(boolean read) {
            this.roundDetails = read;
            return this;
        }

        /** Where progress lines and the summary table go (default: nowhere). */
        public Builder progress(PrintStream out) {
            this.progress = out;
            return this;
        }

        /** Checks the settings and runs. */
        public SimulationResult run() throws IOException, InterruptedException {
            return build().run();
        }

        /** Checks the settings. */
        public Simulation build() {
            if (partitions != null && !clientsGiven) {
                clients = org.flotilla.datasets.folder.SummaryFile.read(partitions).clients().size();
                clientsPerRound = Math.min(clientsPerRound, clients);
            }
            check(clients >= 1 && clients <= 1_000_000, "clients must be in [1, 1000000], was " + clients);
            check(clientsPerRound >= 1 && clientsPerRound <= clients,
                    "clients per round must be in [1, clients = " + clients + "], was " + clientsPerRound);
            check(rounds >= 1 && rounds <= 100_000, "rounds must be in [1, 100000], was " + rounds);
            check(List.of("mlp", "cnn", "logreg").contains(model), "model must be mlp, cnn or logreg, was " + model);
            check(lanes >= 1 && lanes <= 1024, "lanes must be in [1, 1024], was " + lanes);
            check(startRate >= 1 && startRate <= 1_000_000, "start rate must be in [1, 1000000] per second, was " + startRate);
            check(minClients >= 0 && minClients <= clientsPerRound,
                    "min clients must be in [1, clients per round = " + clientsPerRound + "], was " + minClients);
            check(!(shard.count() > 1 && coordinator == null),
                    "shards need a shared coordinator: give its URL (--coordinator) to every shard");
            if (jobName == null) {
                jobName = "simulate-" + model + "-" + clients;
            }
            if (heterogeneity == null) {
                heterogeneity = Heterogeneity.none(seed);
            }
            return new Simulation(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
