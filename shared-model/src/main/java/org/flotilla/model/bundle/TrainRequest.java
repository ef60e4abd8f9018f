package org.flotilla.model.bundle;

/**
 * One round of training.
 *
 * @param round            the round number (1, 2, …), e.g. to vary augmentation between rounds
 * @param globalParameters the global model, the length {@link ModelInfo#parameterCount()} says; handed
 *                         over to the program, which may modify it (not copied: a model can be large)
 * @param settings         the strategy's settings for this round and device (e.g. {@code localEpochs},
 *                         {@code batchSize}, {@code fedproxMu})
 */
public record TrainRequest(int round, float[] globalParameters, Settings settings) {

    public TrainRequest {
        if (round < 0 || globalParameters == null || settings == null) {
            throw new IllegalArgumentException("round >= 0, globalParameters and settings are required");
        }
    }
}
