package org.flotilla.edge.http;

/**
 * A failure that sending the same request again cannot fix: a 4xx answer other than 408 and
 * 429 (e.g. 403 not assigned, 404 unknown artifact, 413 too large, 422 rejected update). The
 * subclasses mark the answers the client handles specially.
 */
public sealed class FatalException extends CoordinatorException
        permits UnauthorizedException, ConflictException, ArtifactTooLargeException {

    public FatalException(String message, int status) {
        super(message, status, null);
    }
}
