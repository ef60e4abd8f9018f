package org.flotilla.model.wire;

/**
 * The answer to an {@link TaskKind#EVALUATE} assignment: the global model's figures on the
 * client's local held-out split.
 */
public record EvalResult(long examples, double loss, double accuracy) {
}
