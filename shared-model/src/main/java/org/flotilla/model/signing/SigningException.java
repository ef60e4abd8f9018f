package org.flotilla.model.signing;

/**
 * A key, PEM file or signature document that cannot be used, with a one-sentence message saying
 * what is wrong (shown as it is by the publisher command and in the edge client's log).
 */
public class SigningException extends RuntimeException {

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
