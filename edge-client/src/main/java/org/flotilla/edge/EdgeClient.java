package org.flotilla.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flotilla.datasets.DataException;
import org.flotilla.edge.config.BundleOptions;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.config.ConfigException;
import org.flotilla.edge.config.ConfigResolver;
import org.flotilla.edge.config.Setting;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.http.Retrying;
import org.flotilla.edge.http.RetriableException;
import org.flotilla.edge.http.TlsTrust;
import org.flotilla.edge.http.UntrustedCertificateException;
import org.flotilla.edge.http.UnauthorizedException;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.lifecycle.StoppedException;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.datasets.LocalData;
import org.flotilla.edge.bundle.DataRef;
import org.flotilla.edge.round.BundleSupport;
import org.flotilla.edge.round.DeviceConduct;
import org.flotilla.edge.round.RoundRunner;
import org.flotilla.edge.round.UpdateTransform;
import org.flotilla.edge.round.Uploader;
import org.flotilla.edge.state.ArtifactCache;
import org.flotilla.edge.secagg.SecureRoundStore;
import org.flotilla.edge.state.FileStateStore;
import org.flotilla.edge.state.Identity;
import org.flotilla.edge.state.IdentityStore;
import org.flotilla.edge.training.LocalTraining;
import org.flotilla.edge.state.PendingUploads;
import org.flotilla.edge.state.StateCorruptException;
import org.flotilla.edge.state.StateStore;
import org.flotilla.edge.training.NativeThreads;
import org.flotilla.edge.training.TrainerLanes;
import org.flotilla.edge.training.TrainingWarmUp;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.EnrolRequest;
import org.flotilla.model.wire.EnrolResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol loop of one device: enrol once, upload what an earlier run left pending, then
 * check in (long-poll), do each assignment ({@link RoundRunner}) and repeat, until the round limit,
 * {@code --once}, a stop request or a condition only the operator can fix (refused credentials,
 * an unwritable state directory, a coordinator unreachable for longer than {@code give-up-after}).
 * Every end is a {@link RunResult}; nothing is thrown for expected conditions.
 *
 * <p>Assignments are {@code TRAIN} (train locally, upload the update) or {@code EVALUATE}
 * (evaluate the global weights on the local held-out split, report loss and accuracy).
 */
public final class EdgeClient {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeClient.class);
    private static final int CACHE_ENTRIES = 8;

    private final ClientConfig config;
    private final StateStore store;
    private final ClientData data;
    private final CoordinatorClient client;
    private final StopSignal stop;
    private final Clock clock;
    private final Retrying retrying;
    private final UpdateTransform transform;
    private final TrainerLanes lanes;
    private final ArtifactCache cache;
    private final DeviceConduct conduct;
    private final LocalTraining training;
    private final boolean warmUp;

    public EdgeClient(ClientConfig config, StateStore store, ClientData data, HttpClient http, StopSignal stop,
                      Clock clock) {
        this(config, store, data, http, stop, clock, UpdateTransform.NONE);
    }

    /**
     * A client whose updates pass through {@code transform} before they are sent: for research and
     * tests only (see {@link UpdateTransform}); the {@code edge-client} program never sets one.
     */
    public EdgeClient(ClientConfig config, StateStore store, ClientData data, HttpClient http, StopSignal stop,
                      Clock clock, UpdateTransform transform) {
        this(builder(config).store(store).data(data).http(http).stop(stop).clock(clock).transform(transform));
    }

    private EdgeClient(Builder b) {
        if (b.config == null || b.store == null || b.data == null || b.http == null) {
            throw new IllegalArgumentException("an edge client needs a configuration, a state store, data and an HTTP client");
        }
        if (b.transform == null || b.training == null) {
            throw new IllegalArgumentException("transform and training must not be null (use UpdateTransform.NONE,"
                    + " LocalTraining.DL4J)");
        }
        if (b.lanes != null && b.lanes.workersPerLane() != b.config.workers()) {
            throw new IllegalArgumentException("the training lanes have " + b.lanes.workersPerLane()
                    + " workers each, the configuration asks for " + b.config.workers());
        }
        this.transform = b.transform;
        this.config = b.config;
        this.store = b.store;
        this.data = b.data;
        this.stop = b.stop;
        this.clock = b.clock;
        this.lanes = b.lanes;
        this.cache = b.cache != null ? b.cache : new ArtifactCache(b.store, CACHE_ENTRIES);
        this.conduct = b.conduct;
        this.training = b.training;
        this.warmUp = b.warmUp;
        this.client = new CoordinatorClient(config.coordinators(), b.http, stop, Version.version(), Duration.ofMinutes(5));
        this.retrying = new Retrying(config.backoff(), stop, clock);
    }

    /**
     * A client built in-process, for programs that host clients themselves (the simulator, tests):
     * {@code config} as {@code edge-client run} would resolve it; a state store, the local data and
     * an HTTP client are required, the rest has the device's defaults.
     */
    public static Builder builder(ClientConfig config) {
        return new Builder(config);
    }

    /** What an in-process edge client is made of; {@link #build()} checks it. */
    public static final class Builder {

        private final ClientConfig config;
        private StateStore store;
        private ClientData data;
        private HttpClient http;
        private StopSignal stop = new StopSignal();
        private Clock clock = Clock.systemUTC();
        private UpdateTransform transform = UpdateTransform.NONE;
        private TrainerLanes lanes;
        private ArtifactCache cache;
        private DeviceConduct conduct = DeviceConduct.NONE;
        private LocalTraining training = LocalTraining.DL4J;
        private boolean warmUp;

        private Builder(ClientConfig config) {
            this.config = config;
        }

        /** Where identity, pending uploads and (by default) cached artifacts are kept. */
        public Builder store(StateStore value) {
            this.store = value;
            return this;
        }

        /** The local training and held-out examples. */
        public Builder data(ClientData value) {
            this.data = value;
            return this;
        }

        /** The HTTP client for every call to the coordinator (may be shared; the caller closes it). */
        public Builder http(HttpClient value) {
            this.http = value;
            return this;
        }

        /** Stops the client at its next step (default: a signal of its own). */
        public Builder stop(StopSignal value) {
            this.stop = value;
            return this;
        }

        /** The clock for deadlines and backoff (default: UTC system clock). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Applied to every update before it is sent (research and tests only; default none). */
        public Builder transform(UpdateTransform value) {
            this.transform = value;
            return this;
        }

        /**
         * Shared training lanes (the caller closes them); their workers per lane must equal
         * {@code config.workers()}. Default: a lane of the client's own, closed when it ends.
         */
        public Builder lanes(TrainerLanes value) {
            this.lanes = value;
            return this;
        }

        /**
         * The artifact cache (plans and weights by SHA-256, verified on every read). May be shared
         * by clients in one process, since its entries are named by their content. Default: one
         * under the state store.
         */
        public Builder cache(ArtifactCache value) {
            this.cache = value;
            return this;
        }

        /** Online times, drop-outs and speed ({@link DeviceConduct#NONE} by default). */
        public Builder conduct(DeviceConduct value) {
            this.conduct = value == null ? DeviceConduct.NONE : value;
            return this;
        }

        /**
         * How the built-in loop builds and trains the plan's network ({@link LocalTraining#DL4J}, what
         * a device runs, by default): for tests that make those steps fail as they can on a device.
         */
        public Builder training(LocalTraining value) {
            this.training = value;
            return this;
        }

        /**
         * Whether to warm up for training before the first check-in ({@link TrainingWarmUp}: native
         * libraries loaded, the training loop compiled), as the {@code edge-client} program does;
         * default false (in-process hosts share their lanes and warm them themselves, if at all).
         */
        public Builder warmUp(boolean value) {
            this.warmUp = value;
            return this;
        }

        public EdgeClient build() {
            return new EdgeClient(this);
        }
    }

    /**
     * Opens the state directory and the data named by {@code config}, warms up for training
     * ({@link TrainingWarmUp}, not with {@code --once}) and runs up to {@code maxRounds} (0: no limit).
     */
    public static RunResult runRounds(ClientConfig config, int maxRounds) {
        return runRounds(config, maxRounds, new StopSignal());
    }

    /** As {@link #runRounds(ClientConfig, int)}, stoppable through {@code stop}. */
    public static RunResult runRounds(ClientConfig config, int maxRounds, StopSignal stop) {
        return runRounds(config, maxRounds, stop, UpdateTransform.NONE);
    }

    /**
     * As {@link #runRounds(ClientConfig, int, StopSignal)}, with every update passed through
     * {@code transform} before it is sent. For research and tests only, e.g. a simulated Byzantine
     * client in a whole-system test; nothing on the command line, in the environment or in the
     * configuration file leads here.
     */
    public static RunResult runRounds(ClientConfig config, int maxRounds, StopSignal stop, UpdateTransform transform) {
        StateStore store;
        try {
            store = FileStateStore.open(config.stateDir());
        } catch (IOException e) {
            return end(ExitStatus.STATE_UNWRITABLE, "state directory " + config.stateDir() + " cannot be used ("
                    + e.getMessage() + "); fix its permissions or free space, or choose another with --state-dir", null, List.of());
        }
        ClientData data;
        try {
            data = ClientData.open(config.data(), config.heldOutFraction());
        } catch (DataException | IllegalArgumentException e) {
            return end(ExitStatus.BAD_INPUT, "data " + config.data() + ": " + e.getMessage(), null, List.of());
        }
        HttpClient http = CoordinatorClient.httpClientBuilder(Duration.ofSeconds(10))
                .sslContext(TlsTrust.context(config.caFile())).build();
        try {
            return builder(config).store(store).data(data).http(http).stop(stop).transform(transform).warmUp(true)
                    .build().run(maxRounds);
        } finally {
            http.shutdownNow();
        }
    }

    /** Runs the loop; {@code maxRounds} assignments at most (0: the configured limit, or none). */
    public RunResult run(int maxRounds) {
        int limit = maxRounds > 0 ? maxRounds : config.maxRounds();
        List<RoundReport> reports = new ArrayList<>();
        String clientId = null;
        try {
            LOG.info("flotilla edge client {} ({}): coordinator {}, data {}, {} workers, {}", Version.version(),
                    Version.runningOn(), urls(config), data.description(), config.workers(),
                    NativeThreads.limit(NativeThreads.perWorker(Runtime.getRuntime().availableProcessors(),
                            config.workers())));
            Identity identity = identity();
            clientId = identity.clientId();
            PendingUploads pending = new PendingUploads(store);
            Uploader uploader = new Uploader(client, identity.credentials(), pending, retrying, clock);
            uploader.drain();
            return loop(identity, uploader, pending, limit, reports);
        } catch (StoppedException e) {
            return end(ExitStatus.OK, reports.size() + " assignment(s) handled; stopped", clientId, reports);
        } catch (UnauthorizedException e) {
            String msg = clientId == null
                    ? "the coordinator refused the enrolment token (" + e.getMessage() + "); check --enrolment-token"
                    + " or FLOTILLA_ENROLMENT_TOKEN"
                    : "the coordinator refused client " + clientId + " (" + e.getMessage() + "): its secret was revoked"
                    + " or is wrong. Re-enrol: run with --re-enrol and an enrolment token, or delete "
                    + store.root().resolve(IdentityStore.FILE);
            return end(ExitStatus.CREDENTIALS_REFUSED, msg, clientId, reports);
        } catch (RetriableException e) {
            String after = config.giveUpAfter() == null ? "" : " after " + config.giveUpAfter().toSeconds() + " s";
            return end(ExitStatus.COORDINATOR_UNREACHABLE, "giving up" + after + ": " + e.getMessage()
                    + "; check the coordinator URL and the network, then start again", clientId, reports);
        } catch (UntrustedCertificateException e) {
            return end(ExitStatus.BAD_INPUT, untrusted(e), clientId, reports);
        } catch (ConfigException | StateCorruptException e) {
            return end(ExitStatus.BAD_INPUT, e.getMessage(), clientId, reports);
        } catch (IOException e) {
            return end(ExitStatus.STATE_UNWRITABLE, "state directory " + store.root() + ": " + describe(e)
                    + "; free space or fix permissions, then start again (nothing was left half-written)", clientId, reports);
        }
    }

    private RunResult loop(Identity identity, Uploader uploader, PendingUploads pending, int limit,
                           List<RoundReport> reports) throws IOException {
        // the lane keeps the job's network from round to round (built once per plan, not per round)
        try (TrainerLanes own = lanes == null ? TrainerLanes.create(1, config.workers(), true) : null;
             RoundRunner runner = new RoundRunner(client, identity.credentials(), cache, pending, uploader, retrying,
                     data, lanes == null ? own : lanes, config.averagingFrequency(), stop, clock, transform,
                     bundleSupport(), new SecureRoundStore(store), conduct, training)) {
            if (warmUp && !config.once()) {
                // the start-up work of the first round, done before this client is offered one
                // (with --once that round is the only one: nothing to gain)
                TrainingWarmUp.run(lanes == null ? own : lanes, data.train(), stop);
            }
            while (!stop.isRequested() && (limit == 0 || reports.size() < limit)) {
                conduct.beforeCheckIn(stop);
                if (stop.isRequested()) {
                    break;
                }
                CheckInResponse answer = checkIn(identity);
                if (answer.assignment() == null) {
                    if (config.once()) {
                        LOG.info("no assignment now (--once): exiting");
                        break;
                    }
                    Duration after = Retrying.capped(Duration.ofSeconds(
                            answer.retryAfterSeconds() == null ? 5 : answer.retryAfterSeconds()));
                    stop.sleep(after.isZero() ? Duration.ofMillis(100) : after);
                    continue;
                }
                reports.add(runner.handle(answer.assignment()));
                if (config.once() || stop.isRequested() || (limit > 0 && reports.size() >= limit)) {
                    break;
                }
                uploader.drain();
            }
        }
        String summary = reports.size() + " assignment(s) handled" + (stop.isRequested() ? "; stopped" : "");
        return end(ExitStatus.OK, summary, identity.clientId(), reports);
    }

    /**
     * Bundles' children open the data by its path with the same held-out split; they never see the
     * state directory nor the configuration file. A data spec that names a data set rather than a path cannot be opened there
     * (the child has no environment to look it up with), so a bundle then declines.
     */
    private BundleSupport bundleSupport() {
        return new BundleSupport(config.bundles(), new DataRef(config.data(), config.heldOutFraction(),
                LocalData.Options.defaults().seed()), hiddenFromBundles(store.root(), config.bundles()));
    }

    /** What a bundle's child must not see: the state directory and the configuration file. */
    public static List<Path> hiddenFromBundles(Path stateDir, BundleOptions b) {
        List<Path> hidden = new ArrayList<>(List.of(stateDir));
        hidden.addAll(b.hiddenFiles());
        return List.copyOf(hidden);
    }

    private CheckInResponse checkIn(Identity identity) {
        // The machine's cores as the JVM sees them (a container's CPU quota included), not the workers.
        CheckInRequest request = new CheckInRequest(Runtime.getRuntime().availableProcessors(), data.train().size(),
                Version.runningOn(), Version.version());
        return retrying.call("check-in", giveUpDeadline(),
                () -> client.checkIn(identity.credentials(), request, config.checkInWaitSeconds()));
    }

    private Identity identity() throws IOException {
        IdentityStore identities = new IdentityStore(store);
        if (config.reEnrol()) {
            identities.delete();
            for (var f : new PendingUploads(store).files()) {
                store.delete(f.name());
            }
            LOG.info("--re-enrol: forgot the stored identity and its pending updates");
        }
        Optional<Identity> stored = identities.load();
        if (stored.isPresent()) {
            Identity id = stored.get();
            Optional<URI> foreign = foreignCoordinator(id);
            if (foreign.isPresent()) {
                // Its secret is for that deployment only: another coordinator could use it to act as this client there.
                String issuer = id.deployment().size() == 1 ? id.coordinator()
                        : "the deployment " + String.join(",", id.deployment());
                throw new ConfigException("identity " + id.clientId() + " was issued by " + issuer
                        + ", but the configured coordinator " + (config.replicas().isEmpty() ? "is " : "list names ")
                        + foreign.get() + "; the client does not send its secret to another coordinator. Fix"
                        + " --coordinator (FLOTILLA_COORDINATOR, coordinator= in the config file) or enrol with the new"
                        + " one: run with --re-enrol and an enrolment token");
            }
            return id;
        }
        if (config.enrolmentToken() == null || config.enrolmentToken().isBlank()) {
            throw new ConfigException("this device is not enrolled yet (no " + IdentityStore.FILE + " in " + store.root()
                    + ") and no enrolment token was given: pass --enrolment-token T, set FLOTILLA_ENROLMENT_TOKEN"
                    + " or put enrolment-token= in the config file");
        }
        EnrolRequest request = new EnrolRequest(config.name(), Runtime.getRuntime().availableProcessors(),
                Version.runningOn(), data.train().size());
        EnrolResponse r = retrying.call("enrolment", giveUpDeadline(),
                () -> client.enrol(config.enrolmentToken(), request));
        Identity id = new Identity(r.clientId(), r.secret(), config.coordinator().toString(), config.name(), clock.instant(),
                config.replicas().stream().map(URI::toString).toList());
        try {
            identities.save(id);
        } catch (IOException e) {
            throw new IOException("enrolled as " + r.clientId() + " but cannot store " + IdentityStore.FILE + " ("
                    + describe(e) + "); the coordinator will list an unused client", e);
        }
        LOG.info("enrolled as {}; identity kept in {}", r.clientId(), store.root().resolve(IdentityStore.FILE));
        return id;
    }

    /**
     * A configured URL that is not one of the deployment the identity was issued by (so the secret
     * must not go there), if any. Its replicas share one database, so the secret is valid on each;
     * the configuration may list them in another order or leave some out.
     */
    private Optional<URI> foreignCoordinator(Identity id) {
        List<String> issuedBy = id.deployment().stream().map(u -> u == null ? "" : u.replaceAll("/+$", "")).toList();
        return config.coordinators().stream().filter(u -> !issuedBy.contains(ConfigResolver.normalised(u))).findFirst();
    }

    private static String urls(ClientConfig config) {
        return String.join(",", config.coordinators().stream().map(URI::toString).toList());
    }

    /** What to do about a refused certificate, in one line: which option to set, or what else to check. */
    private String untrusted(UntrustedCertificateException e) {
        String option = Setting.CA_FILE.option() + " PEM (" + Setting.CA_FILE.envName() + ", or " + Setting.CA_FILE.key()
                + "= in the config file)";
        String advice = switch (e.problem()) {
            case NOT_TRUSTED -> config.caFile() == null
                    ? "give the certificate of the CA that issued it with " + option
                    : "neither the system trust store nor " + config.caFile() + " (" + Setting.CA_FILE.option()
                    + ") holds the CA that issued it: give that CA's certificate with " + option;
            case WRONG_HOST -> "use a coordinator URL with a host name the certificate is issued for (" + Setting.COORDINATOR.option()
                    + "), or have the coordinator's certificate issued for the host in the URL";
            case OUT_OF_VALIDITY -> "the coordinator's operator must renew the certificate (or check this device's clock)";
        };
        return e.getMessage() + "; " + advice + ". Nothing was sent";
    }

    private Instant giveUpDeadline() {
        return config.giveUpAfter() == null ? null : clock.instant().plus(config.giveUpAfter());
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static RunResult end(ExitStatus status, String message, String clientId, List<RoundReport> reports) {
        if (status == ExitStatus.OK) {
            LOG.info("{}", message);
        } else {
            LOG.error("{}", message);
        }
        return new RunResult(status, message, clientId, reports);
    }
}
