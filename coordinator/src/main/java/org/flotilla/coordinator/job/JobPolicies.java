package org.flotilla.coordinator.job;

import java.util.Map;

import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.springframework.stereotype.Component;

/**
 * Fills a job request's gaps from configuration and checks the rules that span fields: the round
 * policy (quorum within the cohort, selection within the round), the federated evaluation policy
 * (quorum within its cohort) and the plan (built-in model or raw DL4J JSON, not both).
 */
@Component
class JobPolicies {

    private final FlotillaProperties.RoundDefaults defaults;

    JobPolicies(FlotillaProperties properties) {
        this.defaults = properties.rounds();
    }

    RoundPolicy policyFor(JobRequest r) {
        int cpr = r.clientsPerRound() != null ? r.clientsPerRound() : defaults.clientsPerRound();
        int min = r.minClients() != null ? r.minClients() : Math.min(defaults.minClients(), cpr);
        if (min > cpr) {
            throw Invalid.field("minClients", "<= clientsPerRound (" + cpr + ")",
                    "minClients (" + min + ") must not exceed clientsPerRound (" + cpr + ")");
        }
        double over = r.overSelection() != null ? r.overSelection() : defaults.overSelection();
        int timeout = r.roundTimeoutSeconds() != null ? r.roundTimeoutSeconds()
                : (int) Math.min(Integer.MAX_VALUE, defaults.roundTimeout().toSeconds());
        int selection = r.selectionTimeoutSeconds() != null ? r.selectionTimeoutSeconds()
                : (int) Math.min(timeout, defaults.selectionTimeout().toSeconds());
        if (selection > timeout) {
            throw Invalid.field("selectionTimeoutSeconds", "<= roundTimeoutSeconds (" + timeout + ")",
                    "the selection window (" + selection + " s) must fit in the round (" + timeout + " s)");
        }
        int retries = r.maxRoundRetries() != null ? r.maxRoundRetries() : defaults.maxRetries();
        return new RoundPolicy(cpr, min, over, timeout, Math.max(1, selection), retries);
    }

    /**
     * The federated evaluation the request asks for, or null. Defaults: {@code every} 1 (as
     * Flower, which evaluates after every round), {@code clientsPerRound} and {@code minClients}
     * as for training, {@code timeoutSeconds} the round timeout — evaluating is cheaper than
     * training, so a client that can train within it can evaluate within it.
     */
    static FederatedEvaluationPolicy federatedEvaluationFor(JobRequest r, RoundPolicy training) {
        JobRequest.FederatedEvaluationSpec f = r.federatedEvaluation();
        if (f == null) {
            return null;
        }
        int cpr = f.clientsPerRound() != null ? f.clientsPerRound() : training.clientsPerRound();
        int min = f.minClients() != null ? f.minClients() : Math.min(training.minClients(), cpr);
        if (min > cpr) {
            throw Invalid.field("federatedEvaluation.minClients", "<= federatedEvaluation.clientsPerRound (" + cpr + ")",
                    "federatedEvaluation.minClients (" + min + ") must not exceed federatedEvaluation.clientsPerRound (" + cpr + ")");
        }
        return new FederatedEvaluationPolicy(f.every() != null ? f.every() : 1, cpr, min,
                f.timeoutSeconds() != null ? f.timeoutSeconds() : training.roundTimeoutSeconds());
    }

    /** The training plan the request describes; {@code PlanException} names a bad field. */
    static TrainingPlan planFor(JobRequest r) {
        if ((r.model() == null) == (r.networkConfiguration() == null)) {
            throw Invalid.field("model", "exactly one of model, networkConfiguration",
                    "give either model (a built-in architecture) or networkConfiguration (DL4J JSON), not both or neither");
        }
        JobRequest.OptimizerSpec o = r.optimizer();
        Optimizer optimizer = o == null ? Optimizer.DEFAULT
                : new Optimizer(o.name(), o.learningRate() != null ? o.learningRate() : Optimizer.DEFAULT.learningRate(),
                o.momentum() != null ? o.momentum() : 0.0);
        int epochs = r.localEpochs() != null ? r.localEpochs() : 1;
        int batch = r.batchSize() != null ? r.batchSize() : 32;
        long seed = r.seed() != null ? r.seed() : JobRequest.DEFAULT_SEED;
        if (r.model() != null) {
            Map<String, Object> params = r.model().params() == null ? Map.of() : r.model().params();
            return TrainingPlans.builtIn(r.model().name(), params, r.inputShape(), r.numClasses(), epochs, batch,
                    optimizer, seed, Map.of());
        }
        return TrainingPlans.custom(r.networkConfiguration(), r.inputShape(), r.numClasses(), epochs, batch, optimizer,
                seed, Map.of());
    }
}
