package org.flotilla.model.plan;

import java.util.Map;

import org.flotilla.model.zoo.Architectures;
import tools.jackson.databind.json.JsonMapper;

/** Creating plans from built-in architectures, and their JSON form. */
public final class TrainingPlans {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TrainingPlans() {
    }

    /**
     * A plan for a built-in architecture.
     *
     * @param name        {@code logreg}, {@code mlp} or {@code cnn}
     * @param modelParams architecture parameters, may be empty
     */
    public static TrainingPlan builtIn(String name, Map<String, ?> modelParams, int[] inputShape, int numClasses,
                                       int localEpochs, int batchSize, Optimizer optimizer, long seed,
                                       Map<String, Double> clientSettings) {
        Optimizer opt = optimizer == null ? Optimizer.DEFAULT : optimizer;
        String json = Architectures.configuration(name, modelParams, inputShape, numClasses, opt, seed).toJson();
        return new TrainingPlan(TrainingPlan.VERSION, name.toLowerCase(java.util.Locale.ROOT), json, inputShape,
                numClasses, localEpochs, batchSize, opt, seed, clientSettings);
    }

    /** A plan from operator-supplied DL4J configuration JSON. */
    public static TrainingPlan custom(String networkJson, int[] inputShape, int numClasses, int localEpochs,
                                      int batchSize, Optimizer optimizer, long seed, Map<String, Double> clientSettings) {
        return new TrainingPlan(TrainingPlan.VERSION, "custom", networkJson, inputShape, numClasses, localEpochs,
                batchSize, optimizer, seed, clientSettings);
    }

    /** The canonical JSON bytes of a plan (what is stored and hashed as an artifact). */
    public static byte[] toJson(TrainingPlan plan) {
        return JSON.writeValueAsBytes(plan);
    }

    /** Reads a plan from its JSON; a malformed document raises {@link PlanException}. */
    public static TrainingPlan fromJson(byte[] json) {
        try {
            return JSON.readValue(json, TrainingPlan.class);
        } catch (PlanException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable c = e;
            while (c.getCause() != null && c.getCause() != c) {
                if (c.getCause() instanceof PlanException p) {
                    throw p;
                }
                c = c.getCause();
            }
            throw new PlanException("plan", "the training plan is not valid JSON: " + e.getMessage());
        }
    }
}
