package org.flotilla.operator;

/**
 * A failure the command line reports as one line on standard error and an exit status, never as a
 * stack trace: the message says what went wrong and, where possible, what to do.
 */
public class OperatorException extends RuntimeException {

    private final ExitCode exitCode;

    public OperatorException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public OperatorException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** How the process ends. */
    public ExitCode exitCode() {
        return exitCode;
    }

    /** A usage error (exit status 2). */
    public static OperatorException usage(String message) {
        return new OperatorException(ExitCode.USAGE, message);
    }
}
