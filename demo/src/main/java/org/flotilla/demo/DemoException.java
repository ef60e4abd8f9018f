package org.flotilla.demo;

/** A demo or benchmark cannot go on; the message is one actionable line. */
public final class DemoException extends RuntimeException {

    public DemoException(String message) {
        super(message);
    }
}
