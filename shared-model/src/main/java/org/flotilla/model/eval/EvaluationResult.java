package org.flotilla.model.eval;

/**
 * The outcome of evaluating a network on a data set.
 *
 * @param examples  number of examples evaluated
 * @param loss      mean cross-entropy per example
 * @param accuracy  fraction of examples whose arg-max prediction equals the label
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record EvaluationResult(long examples, double loss, double accuracy, long[][] confusion) {

    public EvaluationResult {
        if (examples < 0) {
            throw new IllegalArgumentException("examples must be >= 0");
        }
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
    }

    @Override
    public long[][] confusion() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }
}
