package org.flotilla.edge.round;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.flotilla.edge.bundle.BundleFailure;
import org.flotilla.edge.bundle.BundleInstaller;
import org.flotilla.edge.bundle.BundleJob;
import org.flotilla.edge.bundle.BundleOutcome;
import org.flotilla.edge.bundle.BundleRunner;
import org.flotilla.edge.bundle.BundleUpdate;
import org.flotilla.edge.bundle.DataRef;
import org.flotilla.edge.bundle.EvalTask;
import org.flotilla.edge.bundle.InstallResult;
import org.flotilla.edge.bundle.IsolationPolicy;
import org.flotilla.edge.bundle.RunnerConfig;
import org.flotilla.edge.bundle.TrainTask;
import org.flotilla.edge.bundle.VerifiedBundle;
import org.flotilla.edge.config.BundleOptions;
import org.flotilla.edge.http.FatalException;
import org.flotilla.edge.http.RetriableException;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.model.signing.DetachedSignature;
import org.flotilla.model.signing.SignatureVerifier;
import org.flotilla.model.signing.TrustedKeys;
import org.flotilla.model.signing.Verification;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.BundleRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round runner's hook for assignments that name a code bundle ({@code docs/code-bundles.md}):
 * fetch the signature first and verify it against this device's trusted publisher keys (so a
 * bundle from an untrusted publisher is never even downloaded), then the jar, install it through
 * {@link BundleInstaller} (which verifies the stored bytes again), and run the task in a child JVM
 * through {@link BundleRunner}. Every failure is a decline with a protocol reason; anything about
 * trust is {@code UNTRUSTED_CODE}. The runner, and with it the isolation probe, is made at the
 * first bundle assignment, so devices that never get one pay nothing.
 */
final class BundleRounds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BundleRounds.class);

    private final AssignmentSteps steps;
    private final BundleOptions options;
    private final DataRef data;
    private final List<Path> hidden;
    private final int workers;
    private final StopSignal stop;
    private final PublisherTrust trust;
    private BundleInstaller installer;
    private BundleRunner runner;

    /**
     * @param hidden  paths a child must not see (the state directory, the configuration)
     * @param workers the device's worker allowance
     */
    BundleRounds(AssignmentSteps steps, BundleOptions options, DataRef data, List<Path> hidden, int workers,
                 StopSignal stop, PublisherTrust trust) {
        this.trust = trust;
        this.steps = steps;
        this.options = options;
        this.data = data;
        this.hidden = List.copyOf(hidden);
        this.workers = workers;
        this.stop = stop;
    }

    /** Trains a round with the assignment's bundle: the checked parameters, or the decline that ends it. */
    AssignmentSteps.Step<BundleUpdate> train(Assignment.Train a, TrainingPlan plan, float[] global, long examples) {
        AssignmentSteps.Step<BundleJob> job = job(a, plan);
        if (job.ended()) {
            return AssignmentSteps.Step.end(job.report());
        }
        TrainTask task = new TrainTask(a.round(), global, a.settings(), a.deadline(), examples);
        return outcome(a, runner().train(job.value(), task, stop), DeclineReason.TRAINING_FAILED);
    }

    /** Evaluates {@code parameters} with the assignment's bundle on the held-out data. */
    AssignmentSteps.Step<Evaluation> evaluate(Assignment.Evaluate a, TrainingPlan plan, float[] parameters) {
        AssignmentSteps.Step<BundleJob> job = job(a, plan);
        if (job.ended()) {
            return AssignmentSteps.Step.end(job.report());
        }
        EvalTask task = new EvalTask(a.round(), parameters, a.bundle().settings(), a.deadline());
        return outcome(a, runner().evaluate(job.value(), task, stop), DeclineReason.EVALUATION_FAILED);
    }

    /** Verifies and installs the assignment's bundle; the child session is keyed by the job. */
    private AssignmentSteps.Step<BundleJob> job(Assignment a, TrainingPlan plan) {
        BundleRef ref = a.bundle();
        if (!Sha256.isValid(ref.sha256()) || (ref.signatureSha256() != null && !Sha256.isValid(ref.signatureSha256()))) {
            return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.ARTIFACT_UNAVAILABLE,
                    "the assignment names a bundle or signature by a malformed hash"));
        }
        TrustedKeys keys = trust.keys();
        if (keys == null) {
            return untrusted(a, trust.problem());
        }
        if (ref.signatureSha256() == null) {
            return untrusted(a, "bundle " + ref.sha256().substring(0, 12) + "… comes without a signature");
        }
        try {
            byte[] signature = steps.fetch(a, ref.signatureSha256(), "bundle signature", DetachedSignature.MAX_BYTES);
            Verification v = new SignatureVerifier(keys).verify(ref.sha256(), Optional.of(signature));
            if (!v.isTrusted()) {
                return untrusted(a, "bundle " + ref.sha256().substring(0, 12) + "…: " + v.status() + ": " + v.detail());
            }
            byte[] jar = steps.fetch(a, ref.sha256(), "bundle", BundleInstaller.DEFAULT_MAX_JAR_BYTES);
            InstallResult installed = installer().install(new ByteArrayInputStream(jar), Optional.of(signature));
            return switch (installed) {
                case InstallResult.Refused r -> AssignmentSteps.Step.end(decline(a, r.failure(), DeclineReason.PLAN_INVALID));
                case InstallResult.Installed i -> AssignmentSteps.Step.of(job(a, plan, i.bundle()));
            };
        } catch (FatalException e) {
            return AssignmentSteps.Step.end(steps.fatalFetch(a, e));
        } catch (RetriableException e) {
            return AssignmentSteps.Step.end(steps.failed(a, "the bundle could not be downloaded before the deadline: "
                    + e.getMessage()));
        } catch (IOException e) {
            return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.TRAINING_FAILED, "the bundle cannot be stored in "
                    + options.workDir() + ": " + e.getMessage()));
        }
    }

    private BundleJob job(Assignment a, TrainingPlan plan, VerifiedBundle bundle) {
        LOG.info("job {} round {}: running bundle {}", a.jobId(), a.round(), bundle);
        return new BundleJob("job-" + a.jobId(), bundle, data, plan.seed(), a.bundle().settings());
    }

    private <T> AssignmentSteps.Step<T> outcome(Assignment a, BundleOutcome<T> outcome, DeclineReason programFault) {
        return switch (outcome) {
            case BundleOutcome.Completed<T> c -> {
                LOG.info("job {} round {}: bundle {} in {} s (child start {} s{})", a.jobId(), a.round(),
                        a.task(), fmt(c.stats().taskSeconds()), fmt(c.stats().startSeconds()),
                        c.stats().startedChild() ? "" : ", reused");
                yield AssignmentSteps.Step.of(c.value());
            }
            case BundleOutcome.Declined<T> d -> AssignmentSteps.Step.end(decline(a, d.failure(), programFault));
        };
    }

    private <T> AssignmentSteps.Step<T> untrusted(Assignment a, String detail) {
        return AssignmentSteps.Step.end(steps.decline(a, DeclineReason.UNTRUSTED_CODE, detail));
    }

    private RoundReport decline(Assignment a, BundleFailure f, DeclineReason programFault) {
        if (!f.output().isBlank()) {
            LOG.warn("job {} round {}: the bundle's child printed, at the end:\n{}", a.jobId(), a.round(), f.output());
        }
        return steps.decline(a, reason(f.kind(), programFault), f.kind() + ": " + f.detail()
                + (f.exitCode() == null ? "" : " (exit code " + f.exitCode() + ")"));
    }

    /**
     * The decline reason of a failure (docs/code-bundles.md, "Failures are values").
     *
     * @param programFault {@code TRAINING_FAILED} or {@code EVALUATION_FAILED}, for what the program did
     */
    static DeclineReason reason(BundleFailure.Kind kind, DeclineReason programFault) {
        return switch (kind) {
            case UNTRUSTED, ISOLATION_UNAVAILABLE -> DeclineReason.UNTRUSTED_CODE;
            case INVALID_BUNDLE, INCOMPATIBLE, RESOURCES_UNAVAILABLE, SETTINGS_INVALID, MODEL_MISMATCH ->
                    DeclineReason.PLAN_INVALID;
            case DATA_UNREADABLE -> DeclineReason.DATA_SHAPE_MISMATCH;
            case NO_HELD_OUT_DATA -> DeclineReason.NO_HELD_OUT_DATA;
            case STOPPED -> DeclineReason.SHUTTING_DOWN;
            case HOST_ERROR, PROGRAM_FAILED, EXITED, OUT_OF_MEMORY, TIMED_OUT, OUTPUT_TOO_LARGE, WRONG_ELEMENT_COUNT,
                 BAD_OUTPUT -> programFault;
        };
    }

    private BundleInstaller installer() {
        if (installer == null) {
            installer = new BundleInstaller(options.workDir().resolve("store"), trust.keys(), BundleInstaller.DEFAULT_MAX_JAR_BYTES);
        }
        return installer;
    }

    private BundleRunner runner() {
        if (runner == null) {
            runner = new BundleRunner(RunnerConfig.builder(options.workDir().resolve("run"))
                    .heapMegabytes(options.heapMegabytes()).nativeMegabytes(options.heapMegabytes())
                    .workers(workers).hiddenPaths(hidden)
                    .policy(IsolationPolicy.valueOf(options.isolation().toUpperCase(Locale.ROOT).replace('-', '_')))
                    .build());
        }
        return runner;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
