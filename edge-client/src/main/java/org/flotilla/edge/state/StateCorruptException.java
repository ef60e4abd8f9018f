package org.flotilla.edge.state;

/** A state file exists but cannot be used; the message says which and what to do. */
public final class StateCorruptException extends RuntimeException {

    public StateCorruptException(String message) {
        super(message);
    }
}
