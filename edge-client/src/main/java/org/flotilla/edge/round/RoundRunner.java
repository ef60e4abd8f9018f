package org.flotilla.edge.round;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.edge.bundle.BundleUpdate;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.http.Retrying;
import org.flotilla.edge.http.UnauthorizedException;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.lifecycle.StoppedException;
import org.flotilla.edge.secagg.SecureRoundStore;
import org.flotilla.edge.state.ArtifactCache;
import org.flotilla.edge.state.PendingUpload;
import org.flotilla.edge.state.PendingUploads;
import org.flotilla.edge.training.DeviceMemory;
import org.flotilla.edge.training.LocalTraining;
import org.flotilla.edge.training.NetworkMemory;
import org.flotilla.edge.training.TrainingOptions;
import org.flotilla.edge.training.TrainerLanes;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.edge.training.WorkerPool;
import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.NetworkFootprint;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.SecureAssignment;
import org.flotilla.model.wire.TaskKind;
import org.flotilla.model.wire.UpdateMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does one assignment: for {@code TRAIN} fetch, check, train, upload; for {@code EVALUATE} hand it
 * to {@link EvaluationRunner}; or decline. Failures that concern only this round become a
 * {@link RoundReport}; only a refused identity ({@link UnauthorizedException}) escapes, because it
 * ends the client.
 */
public final class RoundRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoundRunner.class);

    private final ClientCredentials credentials;
    private final AssignmentSteps steps;
    private final EvaluationRunner evaluations;
    private final ArtifactCache cache;
    private final PendingUploads pending;
    private final Uploader uploader;
    private final ClientData data;
    private final TrainerLanes lanes;
    private final int averagingFrequency;
    private final StopSignal stop;
    private final Clock clock;
    private final UpdateTransform transform;
    private final BundleRounds bundles;
    private final SecureRunner secure;
    private final DeviceConduct conduct;
    private final LocalTraining training;

    /**
     * @param transform applied to every update before it is encoded ({@link UpdateTransform#NONE}
     *                  outside research and tests)
     */
    public RoundRunner(CoordinatorClient client, ClientCredentials credentials, ArtifactCache cache,
                       PendingUploads pending, Uploader uploader, Retrying retrying, ClientData data, WorkerPool workers,
                       int averagingFrequency, StopSignal stop, Clock clock, UpdateTransform transform) {
        this(client, credentials, cache, pending, uploader, retrying, data, workers, averagingFrequency, stop, clock,
                transform, null, null);
    }

    /**
     * @param bundles how assignments naming a code bundle are run, or null to decline them all
     */
    public RoundRunner(CoordinatorClient client, ClientCredentials credentials, ArtifactCache cache,
                       PendingUploads pending, Uploader uploader, Retrying retrying, ClientData data, WorkerPool workers,
                       int averagingFrequency, StopSignal stop, Clock clock, UpdateTransform transform,
                       BundleSupport bundles) {
        this(client, credentials, cache, pending, uploader, retrying, data, workers, averagingFrequency, stop, clock,
                transform, bundles, null);
    }

    /**
     * @param bundles how assignments naming a code bundle are run, or null to decline them all
     *                ({@code UNTRUSTED_CODE}: this client trusts no publisher)
     * @param secure  where the state of secure-aggregation rounds is kept, or null to decline them
     */
    public RoundRunner(CoordinatorClient client, ClientCredentials credentials, ArtifactCache cache,
                       PendingUploads pending, Uploader uploader, Retrying retrying, ClientData data, WorkerPool workers,
                       int averagingFrequency, StopSignal stop, Clock clock, UpdateTransform transform,
                       BundleSupport bundles, SecureRoundStore secure) {
        this(client, credentials, cache, pending, uploader, retrying, data, TrainerLanes.of(workers), averagingFrequency,
                stop, clock, transform, bundles, secure, DeviceConduct.NONE);
    }

    /**
     * @param lanes   where local training and evaluation run; a round holds one lane from building its
     *                network to the end of its local evaluation
     * @param conduct how this device behaves beyond the protocol ({@link DeviceConduct#NONE} outside the
     *                simulator)
     */
    public RoundRunner(CoordinatorClient client, ClientCredentials credentials, ArtifactCache cache,
                       PendingUploads pending, Uploader uploader, Retrying retrying, ClientData data, TrainerLanes lanes,
                       int averagingFrequency, StopSignal stop, Clock clock, UpdateTransform transform,
                       BundleSupport bundles, SecureRoundStore secure, DeviceConduct conduct) {
        this(client, credentials, cache, pending, uploader, retrying, data, lanes, averagingFrequency, stop, clock,
                transform, bundles, secure, conduct, LocalTraining.DL4J);
    }

    /**
     * @param training how the built-in loop builds and trains the plan's network
     *                 ({@link LocalTraining#DL4J} outside tests)
     */
    public RoundRunner(CoordinatorClient client, ClientCredentials credentials, ArtifactCache cache,
                       PendingUploads pending, Uploader uploader, Retrying retrying, ClientData data, TrainerLanes lanes,
                       int averagingFrequency, StopSignal stop, Clock clock, UpdateTransform transform,
                       BundleSupport bundles, SecureRoundStore secure, DeviceConduct conduct, LocalTraining training) {
        this.conduct = conduct;
        this.training = training;
        this.credentials = credentials;
        BundleSupport support = bundles == null ? BundleSupport.none() : bundles;
        PublisherTrust trust = new PublisherTrust(support.options().trustedPublishers());
        this.steps = new AssignmentSteps(client, credentials, cache, retrying,
                new PlanTrust(support.options().requireSignedPlans(), trust));
        this.bundles = support.rounds(steps, lanes.workersPerLane(), stop, trust);
        this.evaluations = new EvaluationRunner(steps, client, credentials, retrying, data, lanes, stop, clock,
                this.bundles);
        this.cache = cache;
        this.pending = pending;
        this.uploader = uploader;
        this.data = data;
        this.lanes = lanes;
        this.averagingFrequency = averagingFrequency;
        this.stop = stop;
        this.clock = clock;
        this.transform = transform;
        this.secure = secure == null ? null : new SecureRunner(client, credentials, steps, retrying, secure);
    }

    /**
     * Handles {@code a} to the end; a stop request before the update (or the evaluation result)
     * exists declines the assignment.
     */
    public RoundReport handle(Assignment a) {
        LOG.info("assignment: {} job {} round {} (deadline {})", a.task(), a.jobId(), a.round(), a.deadline());
        if (conduct.dropsOut(a)) {
            LOG.debug("job {} round {}: dropping out without a word", a.jobId(), a.round());
            return new RoundReport(a.jobId(), a.round(), RoundOutcome.ABANDONED, null, "dropped out");
        }
        try {
            return switch (a) {
                case Assignment.Evaluate e -> evaluations.evaluate(e);
                case Assignment.Train t -> train(t);
                // Without a state store for its secrets this runner does not take part: it says so and reveals nothing.
                case SecureAssignment s when secure == null -> steps.decline(a, DeclineReason.UNSUPPORTED_TASK,
                        "this client does not take part in secure-aggregation rounds (" + s.task() + ")");
                case SecureAssignment.Masked m -> train(m);
                case SecureAssignment s -> secure.handle(s);
            };
        } catch (StoppedException e) {
            RoundReport declined = steps.decline(a, DeclineReason.SHUTTING_DOWN, "the client was stopped before the "
                    + (a.task() == TaskKind.EVALUATE ? "evaluation result" : "update") + " was ready");
            return AssignmentSteps.report(a, RoundOutcome.ABANDONED, declined.detail());
        }
    }

    /** Trains {@code a} (a TRAIN assignment, or phase 2 of a secure round) and delivers the update. */
    private RoundReport train(Assignment a) {
        long startNanos = System.nanoTime();
        String round = "job " + a.jobId() + " round " + a.round();
        if (a.deadline() != null && !a.deadline().isAfter(clock.instant())) {
            LOG.warn("{}: the deadline {} has passed; skipping it", round, a.deadline());
            return new RoundReport(a.jobId(), a.round(), RoundOutcome.EXPIRED, null, "deadline passed");
        }
        AssignmentSteps.Step<TrainingPlan> planned = steps.plan(a, data, p -> RoundSettings.of(p, a.settings()));
        if (planned.ended()) {
            return planned.report();
        }
        TrainingPlan plan = planned.value();
        RoundSettings settings = RoundSettings.of(plan, a.settings());
        ClientData local = data.forPlan(plan);
        if (a instanceof Assignment.Train t && t.bundle() != null) {
            return trainWithBundle(t, plan, settings, local, startNanos);
        }
        AssignmentSteps.Step<Trained> trained;
        try (TrainerLanes.Lane lane = lanes.acquire(stop)) {
            trained = trainOnLane(a, plan, settings, local, lane);
        }
        if (trained.ended()) {
            return trained.report();
        }
        Trained t = trained.value();
        conduct.afterTraining(a, t.result(), stop);
        if (a instanceof SecureAssignment.Masked masked) {
            UpdateBuilder.Update update = UpdateBuilder.build(t.result(), t.global(), settings, local.train().size(),
                    t.heldOut(), (System.nanoTime() - startNanos) / 1e9, averagingFrequency,
                    d -> transform.apply(a.jobId(), a.round(), d));
            // The update (clipped as the settings say) and its example count go only into the masked vector.
            return secure.masked(masked, WeightsCodec.decode(update.encoded()), update.metrics().examples());
        }
        return upload(a, local, settings, t.global(), t.result(), t.heldOut(), startNanos);
    }

    /** What a round's local training produced: the global weights it started from, the result, the held-out figures. */
    private record Trained(float[] global, TrainingResult result, EvaluationResult heldOut) {
    }

    /** Builds the network, fetches the weights, trains and evaluates locally on {@code workers}. */
    private AssignmentSteps.Step<Trained> trainOnLane(Assignment a, TrainingPlan plan, RoundSettings settings,
                                                      ClientData local, TrainerLanes.Lane lane) {
        String round = "job " + a.jobId() + " round " + a.round();
        WorkerPool workers = lane.pool();
        MultiLayerNetwork network;
        try {
            Optional<String> shortfall = DeviceMemory.shortfall(NetworkFootprint.of(plan), workers.size());
            if (shortfall.isPresent()) {
                LOG.warn("{}: {}; declining", round, shortfall.get());
                return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.INSUFFICIENT_MEMORY, shortfall.get()));
            }
            network = lane.network(a.planSha256(), () -> training.build(plan));
        } catch (PlanException e) {
            return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.PLAN_INVALID, e.getMessage()));
        } catch (OutOfMemoryError e) {
            return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.INSUFFICIENT_MEMORY,
                    "building the network ran out of memory: " + e.getMessage()));
        } catch (LinkageError | StackOverflowError e) {
            // a plan that makes DL4J load a broken class or recurse without end: the plan's fault, not the device's
            return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.PLAN_INVALID,
                    "building the network failed: " + e));
        }
        try {
            AssignmentSteps.Step<byte[]> fetched = steps.weights(a, plan);
            if (fetched.ended()) {
                return AssignmentSteps.Step.end(fetched.report());
            }
            float[] global;
            try {
                global = WeightsCodec.decode(fetched.value(), network.numParams());
            } catch (CodecException e) {
                return AssignmentSteps.Step.end(steps.corruptWeights(a, e));
            }
            cache.prune(Set.of(a.planSha256(), a.weightsSha256()));
            Networks.setParameters(network, global);
            TrainingOptions options = new TrainingOptions(workers.size(), averagingFrequency, settings.epochs(),
                    plan.batchSize(), plan.seed() + a.round(), plan.optimizer().learningRate(), settings.fedproxMu(),
                    TrainingOptions.DEFAULT_PREFETCH);
            TrainingResult result;
            try {
                result = training.train(workers, network, local.train(), options, stop);
            } catch (RuntimeException e) {
                LOG.warn("{}: training failed: {}", round, e.toString());
                return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.TRAINING_FAILED,
                        AssignmentSteps.firstLine(e.toString())));
            } catch (OutOfMemoryError e) {
                LOG.warn("{}: training ran out of memory: {}", round, e.toString());
                return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.INSUFFICIENT_MEMORY,
                        "training ran out of memory: " + e.getMessage()));
            } catch (LinkageError | StackOverflowError e) {
                LOG.warn("{}: training failed: {}", round, e.toString());
                return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.PLAN_INVALID, "training failed: " + e));
            }
            if (!result.completed()) {
                RoundReport declined = steps.decline(a, DeclineReason.SHUTTING_DOWN,
                        "the client was stopped during training");
                return AssignmentSteps.Step.end(new RoundReport(a.jobId(), a.round(), RoundOutcome.ABANDONED, null,
                        declined.detail()));
            }
            EvaluationResult heldOut = null;
            try {
                if (local.heldOut() != null) {
                    // On a worker thread: ND4J's inference workspaces are per thread, and the worker's are reused.
                    heldOut = workers.submit(0, () -> HeldOut.evaluate(network,
                            new LabeledDataSetIterator(local.heldOut(), HeldOut.BATCH, plan.seed()))).get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.request("interrupted");
            } catch (ExecutionException | RuntimeException e) {
                LOG.warn("{}: evaluating on the held-out data failed ({}); reporting no held-out figures", round,
                        e instanceof ExecutionException x ? x.getCause().toString() : e.toString());
            }
            return AssignmentSteps.Step.of(new Trained(global, result, heldOut));
        } finally {
            lane.release(network);
        }
    }

    /** A round trained by the assignment's code bundle in a child JVM; the update is formed here. */
    private RoundReport trainWithBundle(Assignment.Train a, TrainingPlan plan, RoundSettings settings, ClientData local,
                                        long startNanos) {
        AssignmentSteps.Step<byte[]> fetched = steps.weights(a, plan);
        if (fetched.ended()) {
            return fetched.report();
        }
        float[] global;
        try {
            global = WeightsCodec.decode(fetched.value(), parameterCount(plan));
        } catch (CodecException e) {
            return steps.corruptWeights(a, e);
        } catch (PlanException e) {
            return steps.decline(a, DeclineReason.PLAN_INVALID, e.getMessage());
        }
        cache.prune(AssignmentSteps.inUse(a));
        AssignmentSteps.Step<BundleUpdate> trained = bundles.train(a, plan, global, local.train().size());
        if (trained.ended()) {
            return trained.report();
        }
        UpdateBuilder.Update update = UpdateBuilder.build(trained.value(), global, settings,
                (System.nanoTime() - startNanos) / 1e9, d -> transform.apply(a.jobId(), a.round(), d));
        return upload(a, update, "bundle");
    }

    private RoundReport upload(Assignment a, ClientData local, RoundSettings settings, float[] global,
                               TrainingResult result, EvaluationResult heldOut, long startNanos) {
        UpdateBuilder.Update update = UpdateBuilder.build(result, global, settings, local.train().size(), heldOut,
                (System.nanoTime() - startNanos) / 1e9, averagingFrequency, d -> transform.apply(a.jobId(), a.round(), d));
        return upload(a, update, result.epochs());
    }

    private RoundReport upload(Assignment a, UpdateBuilder.Update update, Object epochs) {
        UpdateMetrics m = update.metrics();
        LOG.info("job {} round {}: trained {} examples × {} epochs in {} s ({} samples/s, {} workers, TLP {}),"
                        + " train loss {}, held-out accuracy {}", a.jobId(), a.round(), m.examples(), epochs,
                fmt(m.trainSeconds()), fmt(m.samplesPerSecond()), m.workers(), fmt(m.threadLevelParallelism()),
                fmt(m.trainLoss()), m.heldOutAccuracy() == null ? "n/a" : fmt(m.heldOutAccuracy()));
        PendingUpload p = new PendingUpload(a.jobId(), a.round(), credentials.clientId(), a.uploadPath(),
                WireJson.write(m), Sha256.of(update.encoded()), a.deadline(), clock.instant());
        try {
            pending.save(p, update.encoded());
        } catch (IOException e) {
            LOG.warn("cannot keep the update in {} ({}); uploading it without a copy on disk",
                    PendingUploads.DIR + "/", e.getMessage());
        }
        RoundOutcome outcome = uploader.upload(p, update.encoded(), a.deadline());
        return new RoundReport(a.jobId(), a.round(), outcome, m, null);
    }

    /** The plan's parameter count: the global weights' length, which the bundle's model must match. */
    static long parameterCount(TrainingPlan plan) {
        MultiLayerNetwork network = Networks.build(plan);
        try {
            return network.numParams();
        } finally {
            NetworkMemory.release(network);
        }
    }

    /** Stops a bundle's child, if one is running. */
    @Override
    public void close() {
        bundles.close();
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
