package org.flotilla.edge.lifecycle;

/** A wait or call ended because a stop was requested; the caller unwinds without side effects. */
public final class StoppedException extends RuntimeException {

    public StoppedException(String reason) {
        super("stopped: " + reason);
    }
}
