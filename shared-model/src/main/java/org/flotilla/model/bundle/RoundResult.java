package org.flotilla.model.bundle;

/**
 * What one round of training produced.
 *
 * @param parameters the local model's parameters after training, as many as the global ones
 *                   (handed over, not copied)
 * @param examples   distinct local training examples used: the example count FedAvg weighs the
 *                   update by, at most the size of {@link ProgramContext#train()}
 * @param metrics    aggregate figures of the round
 */
public record RoundResult(float[] parameters, long examples, RoundMetrics metrics) {

    public RoundResult {
        if (parameters == null || metrics == null) {
            throw new IllegalArgumentException("parameters and metrics are required");
        }
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be at least 1, was " + examples);
        }
    }
}
