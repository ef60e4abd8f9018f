package org.flotilla.crash;

/** A broken promise found by the harness: something acknowledged is missing, wrong, or half-written. */
public final class Violation extends RuntimeException {

    public Violation(String message) {
        super(message);
    }
}
