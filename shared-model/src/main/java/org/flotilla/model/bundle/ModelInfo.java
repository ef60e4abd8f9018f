package org.flotilla.model.bundle;

/**
 * What {@link TrainingProgram#build} made.
 *
 * @param initialParameters the model's initial parameters for the context's seed (handed over, not copied)
 * @param description       one line for logs, e.g. {@code "mlp 784-200-200-10, label smoothing 0.1"}
 */
public record ModelInfo(float[] initialParameters, String description) {

    /** Largest model a bundle may declare (the weights format's limit). */
    public static final long MAX_PARAMETERS = org.flotilla.model.codec.WeightsCodec.MAX_ELEMENTS;

    public ModelInfo {
        if (initialParameters == null || initialParameters.length == 0) {
            throw new IllegalArgumentException("a model needs at least one parameter");
        }
        description = description == null ? "" : description.length() > 200 ? description.substring(0, 200) : description;
    }

    /** Number of parameters. */
    public int parameterCount() {
        return initialParameters.length;
    }
}
