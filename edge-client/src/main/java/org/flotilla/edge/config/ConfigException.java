package org.flotilla.edge.config;

/** A setting is missing or invalid; the message is one line saying which, where from, and what to do. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
