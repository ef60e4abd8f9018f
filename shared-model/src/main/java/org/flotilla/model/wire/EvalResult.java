package org.flotilla.model.wire;

/**
 * The answer to an {@link TaskKind#EVALUATE} assignment: the global model's figures on the
 * client's local held-out split.
 *
 * @param examples held-out examples evaluated (the weight of this result in the example-weighted means)
 * @param loss     mean loss over them
 * @param accuracy accuracy over them, between 0 and 1
 */
public record EvalResult(long examples, double loss, double accuracy) {
}
