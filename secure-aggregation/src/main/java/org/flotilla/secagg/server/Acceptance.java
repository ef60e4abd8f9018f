package org.flotilla.secagg.server;

/**
 * The server's answer to one client message: accepted (store it, acknowledge), a harmless
 * repeat of an accepted message, or rejected with a reason (HTTP 409/422 in the coordinator).
 */
public record Acceptance(Status status, String detail) {

    /** The three answers. */
    public enum Status {
        ACCEPTED, REPEATED, REJECTED;

        /** Whether the client should hear success. */
        public boolean isSuccess() {
            return this != REJECTED;
        }
    }

    static final Acceptance ACCEPTED = new Acceptance(Status.ACCEPTED, "accepted");
    static final Acceptance REPEATED = new Acceptance(Status.REPEATED, "already accepted");

    static Acceptance rejected(String detail) {
        return new Acceptance(Status.REJECTED, detail);
    }
}
