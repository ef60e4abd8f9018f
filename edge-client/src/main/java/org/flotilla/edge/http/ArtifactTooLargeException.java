package org.flotilla.edge.http;

/**
 * An artifact longer than the client accepts for it (a plan over its cap, weights longer than the
 * plan's parameter count allows): the download was stopped at the cap, before more was read.
 */
public final class ArtifactTooLargeException extends FatalException {

    public ArtifactTooLargeException(String message) {
        super(message, 200);
    }
}
