package org.flotilla.edge.http;

/**
 * 401: the coordinator does not accept our credentials (a revoked or wrong client secret, or a
 * wrong enrolment token). Retrying cannot help; the operator must re-enrol the device.
 */
public final class UnauthorizedException extends FatalException {

    public UnauthorizedException(String message) {
        super(message, 401);
    }
}
