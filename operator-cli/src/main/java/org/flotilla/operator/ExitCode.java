package org.flotilla.operator;

/**
 * What the command line's exit status means, so scripts can tell a finished job from a failed one
 * and a wrong token from a coordinator that is down.
 */
public enum ExitCode {
    /** Done; for {@code jobs watch}, the job COMPLETED. */
    OK(0),
    /** The coordinator refused the request or answered with an error (problem+json), or a local file could not be written. */
    FAILED(1),
    /** The command line or configuration is wrong (unknown option, missing argument, bad config file). */
    USAGE(2),
    /** {@code jobs watch}: the job ended FAILED. */
    JOB_FAILED(3),
    /** {@code jobs watch}: the job ended CANCELLED. */
    JOB_CANCELLED(4),
    /** The coordinator could not be reached (connection refused, unknown host, timeout). */
    UNREACHABLE(5),
    /** The coordinator did not accept the token (401), or the token may not make the call (403). */
    UNAUTHORIZED(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
