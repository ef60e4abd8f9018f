package org.flotilla.edge;

/** Process exit codes of {@code edge-client}, documented in docs/edge-client.md. */
public enum ExitStatus {
    /** Done (max rounds reached, {@code --once} finished, or stopped by SIGTERM). */
    OK(0),
    /** A bug or an unexpected failure; the log has the details. */
    INTERNAL_ERROR(1),
    /** Bad command line, configuration or data; the message says what to fix. */
    BAD_INPUT(2),
    /** The coordinator refused the client's credentials (401): re-enrol. A service must not restart on it. */
    CREDENTIALS_REFUSED(3),
    /** The state directory cannot be written (full disk, permissions). */
    STATE_UNWRITABLE(4),
    /** The coordinator stayed unreachable for {@code give-up-after} seconds. */
    COORDINATOR_UNREACHABLE(5);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** The numeric exit code. */
    public int code() {
        return code;
    }
}
