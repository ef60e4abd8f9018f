package org.flotilla.coordinator.job;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.coordinator.client.ClientService;
import org.flotilla.coordinator.testset.EvaluationSets;
import org.flotilla.coordinator.artifact.ArtifactKind;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.artifact.StoredArtifact;
import org.flotilla.coordinator.bundle.Bundle;
import org.flotilla.coordinator.bundle.BundleService;
import org.flotilla.coordinator.bundle.PublisherSignatures;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.strategy.Strategy;
import org.flotilla.coordinator.system.Conflict;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.NotFound;
import org.flotilla.coordinator.system.TensorPool;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.flotilla.model.signing.DetachedSignature;
import org.flotilla.secagg.SecAggParameters;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Creating, listing and cancelling jobs. Creation validates the whole request (fields, strategy,
 * plan, evaluation set), then stores the plan and the initial weights as artifacts — the weights are
 * built on the tensor pool from the plan and its seed, so they are deterministic — and hands the
 * job to the round service.
 */
@Service
public class JobService {

    private final JobRepository jobs;
    private final JobPolicies policies;
    private final ArtifactStore store;
    private final EvaluationSets evaluationSets;
    private final TensorPool tensors;
    private final ClientService clients;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final BundleService bundles;
    private final AggregationFit aggregationFit;
    private final PublisherSignatures publishers;

    JobService(JobRepository jobs, JobPolicies policies, ArtifactStore store, EvaluationSets evaluationSets,
               TensorPool tensors, ClientService clients, ApplicationEventPublisher events, Clock clock,
               BundleService bundles, AggregationFit aggregationFit, PublisherSignatures publishers) {
        this.bundles = bundles;
        this.publishers = publishers;
        this.aggregationFit = aggregationFit;
        this.jobs = jobs;
        this.policies = policies;
        this.store = store;
        this.evaluationSets = evaluationSets;
        this.tensors = tensors;
        this.clients = clients;
        this.events = events;
        this.clock = clock;
    }

    /** Validates and stores a job, then starts it. */
    public Job create(JobRequest request) {
        RoundPolicy policy = policies.policyFor(request);
        FederatedEvaluationPolicy federated = JobPolicies.federatedEvaluationFor(request, policy);
        String strategyName = strategyName(request.strategy());
        Map<String, Object> settings = strategySettings(request.strategy());
        Strategy strategy = Strategies.create(strategyName, settings);
        SecAggParameters secure = request.secureAggregation() == null ? null
                : SecureAggregationRequest.parametersFor(request.secureAggregation(), strategy, policy,
                request.maxExamplesPerClient());
        if (secure != null && request.differentialPrivacy() != null) {
            throw Invalid.field("secureAggregation", "absent with differentialPrivacy", "secure aggregation together "
                    + "with differential privacy is not available yet (the noise is not added to the unmasked sum); "
                    + "use one of the two");
        }
        if (secure != null && request.bundle() != null) {
            throw Invalid.field("secureAggregation", "absent with bundle", "secure aggregation with a code bundle is "
                    + "not available yet (secure rounds train with the device's built-in loop); use one of the two");
        }
        DifferentialPrivacy privacy = PrivacyPolicies.resolve(request, strategy,
                request.differentialPrivacy() == null ? 0 : clients.enrolledCount());
        if (request.targetAccuracy() != null && request.evaluation() == null) {
            throw Invalid.field("targetAccuracy", "only with an evaluation set",
                    "targetAccuracy needs a server-side evaluation set (evaluation)");
        }
        if (request.evaluation() != null) {
            evaluationSets.check(request.evaluation());
        }
        JobBundle bundle = bundleFor(request.bundle());
        TrainingPlan plan = JobPolicies.planFor(request);
        aggregationFit.require(strategy, plan, policy);
        Built built = tensors.call(() -> build(request, plan));

        byte[] planJson = TrainingPlans.toJson(plan);
        PlanSignature planSignature = planSignatureFor(request.planSignature(), Sha256.of(planJson));
        StoredArtifact planArtifact = store.put(ArtifactKind.PLAN, planJson);
        StoredArtifact requestArtifact = store.put(ArtifactKind.JOB_REQUEST,
                WireJson.write(request).getBytes(StandardCharsets.UTF_8));
        Job draft = new Job(0, request.name().strip(), JobState.CREATED, null, planArtifact.sha256(),
                plan.architecture(), built.parameterCount(), built.weights().sha256(), built.weights().sha256(), null,
                strategy.name(), settings, plan.seed(), request.rounds(), policy, request.targetAccuracy(),
                request.evaluation(), federated, 0, null, null, requestArtifact.sha256(), clock.instant(), null, null,
                privacy, null, bundle, request.maxExamplesPerClient(), planSignature);
        long id = jobs.insert(draft, secure);
        events.publishEvent(new JobEvents.Created(id));
        return get(id);
    }

    /**
     * The training plan {@code request} makes, as {@link #create} stores it: the bytes a publisher
     * signs ({@code POST /api/v1/plans}). The same request always gives the same bytes.
     */
    public byte[] plan(JobRequest request) {
        return TrainingPlans.toJson(JobPolicies.planFor(request));
    }

    /**
     * The plan's signature, checked: for this plan's SHA-256 and by a configured publisher key;
     * stored as an artifact, the document devices fetch. Null for an unsigned plan.
     */
    private PlanSignature planSignatureFor(JobRequest.SignatureSpec spec, String planSha256) {
        if (spec == null) {
            return null;
        }
        DetachedSignature signature = PublisherSignatures.parse("planSignature", spec);
        if (!signature.sha256().equals(planSha256)) {
            throw new Invalid("signature-mismatch", "planSignature.sha256", planSha256, "the signature is for artifact "
                    + signature.sha256() + ", not for this request's plan " + planSha256 + " (sign the bytes that "
                    + "POST /api/v1/plans answers for this very request; any changed field changes the plan)");
        }
        byte[] document = signature.toJson();
        publishers.requireTrusted("planSignature", "the plan " + planSha256, planSha256, document);
        return new PlanSignature(store.put(ArtifactKind.SIGNATURE, document).sha256(), signature.keyId());
    }

    /** The job's bundle, checked: uploaded, signed by a configured publisher key, finite settings. */
    private JobBundle bundleFor(JobRequest.BundleSpec spec) {
        if (spec == null) {
            return null;
        }
        Bundle b = bundles.requireTrusted(spec.sha256());
        Map<String, Double> settings = spec.settings() == null ? Map.of() : spec.settings();
        settings.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > 100 || v == null || !Double.isFinite(v)) {
                throw Invalid.field("bundle.settings", "names of 1-100 characters with finite numbers",
                        "bundle.settings." + k + " must be a finite number");
            }
        });
        return new JobBundle(b.sha256(), b.name(), b.version(), b.publisherKeyId(), b.signatureSha256(), settings);
    }

    private Built build(JobRequest request, TrainingPlan plan) {
        MultiLayerNetwork network = Networks.build(plan);
        try {
            float[] initial = Networks.parameters(network);
            if (request.evaluation() != null) {
                evaluationSets.load(request.evaluation(), plan);
            }
            StoredArtifact weights = store.write(ArtifactKind.WEIGHTS, out -> WeightsCodec.write(initial, out));
            return new Built(weights, initial.length);
        } finally {
            network.close();
        }
    }

    private record Built(StoredArtifact weights, long parameterCount) {
    }

    public Job get(long id) {
        return jobs.find(id).orElseThrow(() -> new NotFound("job " + id));
    }

    public List<Job> list() {
        return jobs.list();
    }

    /** Cancels a job that has not finished; its open rounds fail with "job cancelled". */
    public Job cancel(long id) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Job job = get(id);
            if (job.state().isTerminal()) {
                throw new Conflict("job-finished", "job " + id + " is already " + job.state() + " and cannot be cancelled");
            }
            if (jobs.transition(id, job.state(), JobState.CANCELLED, "cancelled by an operator", clock.instant())) {
                events.publishEvent(new JobEvents.Cancelled(id));
                return get(id);
            }
        }
        throw new Conflict("job-busy", "job " + id + " changed state concurrently; try again");
    }

    private static String strategyName(Map<String, Object> strategy) {
        Object name = strategy == null ? null : strategy.get("name");
        if (name != null && !(name instanceof String)) {
            throw Invalid.field("strategy.name", "a strategy name (GET /api/v1/strategies)",
                    "strategy.name must be a string");
        }
        return (String) name;
    }

    private static Map<String, Object> strategySettings(Map<String, Object> strategy) {
        Map<String, Object> settings = new LinkedHashMap<>(strategy == null ? Map.of() : strategy);
        settings.remove("name");
        return settings;
    }
}
