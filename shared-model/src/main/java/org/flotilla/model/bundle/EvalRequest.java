package org.flotilla.model.bundle;

/**
 * Evaluate a model on the local held-out data.
 *
 * @param round      the round whose result is evaluated
 * @param parameters the model to evaluate (handed over, not copied)
 * @param settings   the settings for this evaluation
 */
public record EvalRequest(int round, float[] parameters, Settings settings) {

    public EvalRequest {
        if (round < 0 || parameters == null || settings == null) {
            throw new IllegalArgumentException("round >= 0, parameters and settings are required");
        }
    }
}
