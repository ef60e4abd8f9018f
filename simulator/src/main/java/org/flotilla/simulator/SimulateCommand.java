package org.flotilla.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.flotilla.demo.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./flotilla simulate}: N virtual clients against a real coordinator (in this process, or
 * a running one), one line per round and the demo's summary at the end.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulate a federation of many virtual clients (the edge client's own code) against a real coordinator.")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--clients", description = "Virtual clients (default 100, or the partition folder's).")
    Integer clients;

    @Option(names = "--clients-per-round", description = "Updates wanted per round (default: 10, at most --clients).")
    Integer clientsPerRound;

    @Option(names = "--rounds", defaultValue = "10", description = "Rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or logreg (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dataset", defaultValue = "fashion-mnist",
            description = "fashion-mnist, mnist or synthetic (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--scheme", defaultValue = "dirichlet",
            description = "iid, dirichlet, shards or quantity (default ${DEFAULT-VALUE}; not for synthetic).")
    String scheme;

    @Option(names = "--alpha", defaultValue = "0.5", description = "Dirichlet concentration (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, the model and the heterogeneity (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", paramLabel = "DIR", description = "Client data from a folder written by ./flotilla partition.")
    Path partitions;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Fashion-MNIST/MNIST folder (default: FLOTILLA_DATA or /usr/share/datasets/<name>).")
    Path dataDir;

    @Option(names = "--coordinator", paramLabel = "URL",
            description = "A running coordinator (admin and enrolment tokens from FLOTILLA_ADMIN_TOKEN, FLOTILLA_ENROLMENT_TOKEN); default: one in this process.")
    URI coordinator;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1",
            description = "Host slice i of n of the clients (needs --coordinator when n > 1; shard 0 creates the job).")
    String shard;

    @Option(names = "--job-name", description = "Job name; shards find their job by it (default simulate-<model>-<clients>).")
    String jobName;

    @Option(names = "--lanes", description = "Training threads, one network each (default: the CPU quota).")
    Integer lanes;

    @Option(names = "--over-selection", defaultValue = "1.0", description = "Over-selection factor (default ${DEFAULT-VALUE}).")
    double overSelection;

    @Option(names = "--min-clients", description = "Quorum at the round deadline (default: --clients-per-round).")
    Integer minClients;

    @Option(names = "--round-timeout", defaultValue = "600", description = "Round deadline in seconds (default ${DEFAULT-VALUE}).")
    int roundTimeout;

    @Option(names = "--speed-sigma", defaultValue = "0",
            description = "Log-normal slow-down: a client is exp(|N(0, s^2)|) times slower (default 0: none).")
    double speedSigma;

    @Option(names = "--slow-fraction", defaultValue = "0", description = "Share of clients that are --slow-factor times slower (default 0).")
    double slowFraction;

    @Option(names = "--slow-factor", defaultValue = "1", description = "Slow-down of the slow clients (default 1).")
    double slowFactor;

    @Option(names = "--availability", defaultValue = "1", description = "Probability that a client is online in a round (default 1).")
    double availability;

    @Option(names = "--drop-out", defaultValue = "0", description = "Probability that a client vanishes after an assignment (default 0).")
    double dropOut;

    @Option(names = "--target-accuracy", description = "Stop once the server-side test accuracy reaches this (default: run every round).")
    Double targetAccuracy;

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "0",
            description = "Measure idle clients instead: enrol, long-poll this long without a job, print memory, stop.")
    int idle;

    @Option(names = "--start-rate", defaultValue = "500", description = "Clients started per second (default ${DEFAULT-VALUE}).")
    int startRate;

    @Option(names = "--dir", defaultValue = "simulation-data", description = "Folder of the embedded coordinator's data and the final model (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the summary as JSON (the demo's shape).")
    Path summary;

    @Override
    public Integer call() throws Exception {
        Simulation.Builder b = Simulation.builder().rounds(rounds).model(model).dataset(dataset).scheme(scheme)
                .alpha(alpha).seed(seed).overSelection(overSelection).roundTimeoutSeconds(roundTimeout).dir(dir)
                .summary(summary).progress(System.out).shard(parse(shard)).startRate(startRate)
                .heterogeneity(new Heterogeneity(speedSigma, slowFraction, slowFactor, availability, dropOut, seed));
        if (clients != null) {
            b.clients(clients);
        }
        int n = clients != null ? clients : partitions != null ? Integer.MAX_VALUE : 100;
        b.clientsPerRound(clientsPerRound != null ? clientsPerRound : Math.min(10, n));
        if (partitions != null) {
            b.partitions(partitions);
        }
        if (dataDir != null) {
            b.dataDir(dataDir);
        }
        if (coordinator != null) {
            b.coordinator(coordinator, env("FLOTILLA_ADMIN_TOKEN"), env("FLOTILLA_ENROLMENT_TOKEN"));
        }
        if (jobName != null) {
            b.jobName(jobName);
        }
        if (lanes != null) {
            b.lanes(lanes);
        }
        if (targetAccuracy != null) {
            b.targetAccuracy(targetAccuracy);
        }
        if (idle > 0) {
            b.idleSeconds(idle);
        }
        if (minClients != null) {
            b.minClients(minClients);
        }
        SimulationResult r = b.run();
        if (!r.failures().isEmpty()) {
            System.err.println("simulate: " + r.failures().size() + " kind(s) of client failure, first: "
                    + r.failures().get(0));
        }
        return r.state().equals("COMPLETED") || r.state().equals("IDLE") || !parse(shard).leads() ? 0 : 1;
    }

    private Shard parse(String text) {
        try {
            return Shard.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--shard: " + e.getMessage());
        }
    }

    private String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--coordinator needs " + name
                    + " in the environment (the coordinator's " + (name.contains("ADMIN") ? "admin" : "enrolment")
                    + " token)");
        }
        return v;
    }

    public static void main(String[] args) {
        // Several jars on this class path bring a logback.xml; logback's report of that is noise here.
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        configureLogging();
        System.exit(Cli.execute(new SimulateCommand(), args));
    }

    /** The simulator's logging, not the edge client's (its logback.xml is on the same class path). */
    private static void configureLogging() {
        java.net.URL config = SimulateCommand.class.getClassLoader().getResource(EmbeddedCoordinator.LOGGING);
        if (config != null && org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(context);
            try {
                joran.doConfigure(config);
            } catch (JoranException e) {
                System.err.println("simulate: logging configuration " + config + " failed (" + e.getMessage() + ")");
            }
        }
    }
}
