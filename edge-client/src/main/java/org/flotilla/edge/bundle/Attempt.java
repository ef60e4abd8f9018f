package org.flotilla.edge.bundle;

/**
 * A step's value, or why there is none: the runner's internal form of "failures are values".
 *
 * @param value   the value when the step worked, else null
 * @param failure why it did not, else null
 */
record Attempt<T>(T value, BundleFailure failure) {

    static <T> Attempt<T> of(T value) {
        return new Attempt<>(value, null);
    }

    static <T> Attempt<T> failed(BundleFailure failure) {
        return new Attempt<>(null, failure);
    }

    boolean ok() {
        return failure == null;
    }
}
