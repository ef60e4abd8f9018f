package org.flotilla.edge.round;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.ConflictException;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.http.FatalException;
import org.flotilla.edge.http.Retrying;
import org.flotilla.edge.http.RetriableException;
import org.flotilla.edge.http.UnauthorizedException;
import org.flotilla.edge.http.UploadAck;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.training.NetworkMemory;
import org.flotilla.edge.training.TrainerLanes;
import org.flotilla.edge.training.WorkerPool;
import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.Networks;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.TaskKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does one {@code EVALUATE} assignment ({@code docs/protocol.md}, "Evaluation assignments"): fetch
 * the plan and the weights by hash, build the network from the plan, set the weights unchanged,
 * evaluate on the local held-out split (in order, unshuffled) and POST the three aggregate numbers
 * ({@link EvalResult}: examples, mean loss, accuracy) to the assignment's {@code uploadPath}, or
 * decline. The tensor work runs on worker thread 0 of the client's {@link WorkerPool}.
 *
 * <p>A result is posted with retries until the deadline, always the same bytes (the coordinator
 * compares them exactly; a repeat of an accepted result is answered 200). It is not kept on disk:
 * after a restart the coordinator hands out the same assignment, and evaluating again gives the
 * same figures.
 */
final class EvaluationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRunner.class);

    private final AssignmentSteps steps;
    private final CoordinatorClient client;
    private final ClientCredentials credentials;
    private final Retrying retrying;
    private final ClientData data;
    private final TrainerLanes lanes;
    private final StopSignal stop;
    private final Clock clock;
    private final BundleRounds bundles;

    EvaluationRunner(AssignmentSteps steps, CoordinatorClient client, ClientCredentials credentials, Retrying retrying,
                     ClientData data, TrainerLanes lanes, StopSignal stop, Clock clock, BundleRounds bundles) {
        this.bundles = bundles;
        this.steps = steps;
        this.client = client;
        this.credentials = credentials;
        this.retrying = retrying;
        this.data = data;
        this.lanes = lanes;
        this.stop = stop;
        this.clock = clock;
    }

    /** Evaluates and reports, or declines; a stop request escapes as {@code StoppedException}. */
    RoundReport evaluate(Assignment.Evaluate a) {
        String round = "job " + a.jobId() + " round " + a.round();
        if (a.deadline() != null && !a.deadline().isAfter(clock.instant())) {
            LOG.warn("evaluation of {}: the deadline {} has passed; skipping it", round, a.deadline());
            return AssignmentSteps.report(a, RoundOutcome.EXPIRED, "deadline passed");
        }
        if (data.heldOutSet().map(LabeledDataset::size).orElse(0) == 0) {
            return steps.decline(a, DeclineReason.NO_HELD_OUT_DATA, "this device keeps no held-out examples ("
                    + data.description() + ")");
        }
        AssignmentSteps.Step<TrainingPlan> planned = steps.plan(a, data, p -> { });
        if (planned.ended()) {
            return planned.report();
        }
        TrainingPlan plan = planned.value();
        LabeledDataset heldOut = data.forPlan(plan).heldOut();
        AssignmentSteps.Step<byte[]> fetched = steps.weights(a, plan);
        if (fetched.ended()) {
            return fetched.report();
        }
        byte[] weights = fetched.value();
        steps.cache().prune(AssignmentSteps.inUse(a));
        long start = System.nanoTime();
        EvaluationResult r;
        if (a.bundle() != null) {
            AssignmentSteps.Step<EvaluationResult> byBundle = evaluateWithBundle(a, plan, weights);
            if (byBundle.ended()) {
                return byBundle.report();
            }
            r = byBundle.value();
        } else try {
            r = onWorker(() -> evaluate(plan, weights, heldOut));
        } catch (PlanException e) {
            return steps.decline(a, DeclineReason.PLAN_INVALID, e.getMessage());
        } catch (CodecException e) {
            return steps.corruptWeights(a, e);
        } catch (RuntimeException e) {
            LOG.warn("evaluation of {} failed: {}", round, e.toString());
            return steps.decline(a, DeclineReason.EVALUATION_FAILED, AssignmentSteps.firstLine(e.toString()));
        }
        if (r.examples() == 0) {
            return steps.decline(a, DeclineReason.NO_HELD_OUT_DATA, "the held-out split yielded no examples");
        }
        if (!Double.isFinite(r.loss()) || !(r.accuracy() >= 0 && r.accuracy() <= 1)) {
            return steps.decline(a, DeclineReason.EVALUATION_FAILED, "the evaluation gave loss " + r.loss()
                    + " and accuracy " + r.accuracy());
        }
        EvalResult result = new EvalResult(r.examples(), r.loss(), r.accuracy());
        LOG.info("evaluated the global weights of {} on {} held-out examples in {} s: loss {}, accuracy {}", round,
                result.examples(), fmt((System.nanoTime() - start) / 1e9), fmt(result.loss()), fmt(result.accuracy()));
        return report(a, result);
    }

    /** Evaluates {@code weights} with the assignment's code bundle in a child JVM. */
    private AssignmentSteps.Step<EvaluationResult> evaluateWithBundle(Assignment.Evaluate a, TrainingPlan plan,
                                                                      byte[] weights) {
        float[] parameters;
        try {
            parameters = WeightsCodec.decode(weights, RoundRunner.parameterCount(plan));
        } catch (PlanException e) {
            return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.PLAN_INVALID, e.getMessage()));
        } catch (CodecException e) {
            return AssignmentSteps.Step.end(steps.corruptWeights(a, e));
        }
        AssignmentSteps.Step<Evaluation> e = bundles.evaluate(a, plan, parameters);
        return e.ended() ? AssignmentSteps.Step.end(e.report())
                : AssignmentSteps.Step.of(new EvaluationResult(e.value().examples(), e.value().loss(), e.value().accuracy(), new long[0][]));
    }

    /** Builds the plan's network with {@code weights} as they are and evaluates it over {@code heldOut} in order. */
    private static EvaluationResult evaluate(TrainingPlan plan, byte[] weights, LabeledDataset heldOut) {
        MultiLayerNetwork network = Networks.build(plan);
        try {
            Networks.setParameters(network, WeightsCodec.decode(weights, network.numParams()));
            return HeldOut.evaluate(network, LabeledDataSetIterator.builder(heldOut).batchSize(HeldOut.BATCH)
                    .shuffle(false).build());
        } finally {
            NetworkMemory.release(network);
        }
    }

    /** Runs {@code task} on worker thread 0 of a free lane and waits for it; a stop request ends the wait. */
    private <T> T onWorker(Supplier<T> task) {
        try (TrainerLanes.Lane lane = lanes.acquire(stop)) {
            return onWorker(lane.pool(), task);
        }
    }

    private <T> T onWorker(WorkerPool workers, Supplier<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        workers.submit(0, () -> {
            try {
                done.complete(task.get());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
            return null;
        });
        return stop.await(done);
    }

    /** Posts {@code result} until acknowledged, refused or the deadline is near; the same bytes every time. */
    private RoundReport report(Assignment a, EvalResult result) {
        byte[] json = WireJson.write(result).getBytes(StandardCharsets.UTF_8);
        String what = "evaluation result for job " + a.jobId() + " round " + a.round();
        RoundOutcome outcome;
        String detail = null;
        try {
            UploadAck ack = retrying.call("report of the " + what, a.deadline(),
                    () -> client.reportEvaluation(credentials, a.uploadPath(), json));
            LOG.info("{} {}", what, ack == UploadAck.CREATED ? "accepted" : "had already been accepted");
            outcome = ack == UploadAck.CREATED ? RoundOutcome.UPLOADED : RoundOutcome.ALREADY_ACCEPTED;
        } catch (ConflictException e) {
            LOG.warn("{} dropped: the coordinator answered 409 (the evaluation closed, the client declined it or a"
                    + " different result was accepted): {}", what, e.getMessage());
            outcome = RoundOutcome.DROPPED;
            detail = e.getMessage();
        } catch (UnauthorizedException e) {
            throw e;
        } catch (FatalException e) {
            LOG.warn("{} dropped: {}", what, e.getMessage());
            outcome = RoundOutcome.REJECTED;
            detail = e.getMessage();
        } catch (RetriableException e) {
            LOG.warn("{} not acknowledged before the deadline {}; dropped", what, a.deadline());
            outcome = RoundOutcome.FAILED;
            detail = e.getMessage();
        }
        return new RoundReport(a.jobId(), a.round(), TaskKind.EVALUATE, outcome, null, result, detail);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
