package org.flotilla.model.bundle;

/**
 * A model's figures on the local held-out data.
 *
 * @param examples held-out examples evaluated
 * @param loss     mean loss per example, finite, ≥ 0
 * @param accuracy in [0, 1]
 */
public record Evaluation(long examples, double loss, double accuracy) {

    public Evaluation {
        if (examples < 0) {
            throw new IllegalArgumentException("examples must be >= 0, was " + examples);
        }
        if (!(loss >= 0 && loss <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("loss must be a finite number >= 0, was " + loss);
        }
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1], was " + accuracy);
        }
    }
}
