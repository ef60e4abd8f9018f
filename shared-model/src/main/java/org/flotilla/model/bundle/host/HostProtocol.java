package org.flotilla.model.bundle.host;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire details of the parent–host protocol (see the package documentation): file names, the
 * control-line prefix, limits, and strict JSON both ways (unknown fields, trailing data and
 * non-finite numbers are errors).
 */
public final class HostProtocol {

    /** Version of this protocol; parent and host come from the same Flotilla build. */
    public static final int VERSION = 1;
    /** The session file in the child's working directory. */
    public static final String SESSION_FILE = "session.json";
    /** Start of every control line, followed by the session's nonce, a space and the event's JSON. */
    public static final String CONTROL_PREFIX = "@@flotilla-host ";
    /** Longest line either side reads; longer lines are cut there. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** Longest failure message. */
    public static final int MAX_MESSAGE_CHARS = 2000;
    /** Largest session file. */
    public static final int MAX_SESSION_BYTES = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private HostProtocol() {
    }

    /** The control line announcing {@code event} (without the newline). */
    public static String controlLine(String nonce, HostEvent event) {
        return CONTROL_PREFIX + nonce + " " + JSON.writeValueAsString(event);
    }

    /**
     * The event of a control line of this session, or empty when {@code line} is ordinary output.
     *
     * @throws IllegalArgumentException when the line claims to be a control line of this session
     *     but does not hold a valid event
     */
    public static Optional<HostEvent> parseControlLine(String nonce, String line) {
        String prefix = CONTROL_PREFIX + nonce + " ";
        if (!line.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(line.substring(prefix.length()), HostEvent.class));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid control line: " + rootMessage(e));
        }
    }

    /** A command as one line of JSON (without the newline). */
    public static String commandLine(HostCommand command) {
        return JSON.writeValueAsString(command);
    }

    /** Parses a command line. */
    public static HostCommand parseCommand(String line) {
        try {
            return JSON.readValue(line, HostCommand.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid command: " + rootMessage(e));
        }
    }

    /** {@code session.json}'s bytes. */
    public static byte[] sessionJson(SessionSpec session) {
        return JSON.writeValueAsString(session).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@code session.json}. */
    public static SessionSpec parseSession(byte[] json) {
        if (json.length > MAX_SESSION_BYTES) {
            throw new IllegalArgumentException("session file is larger than " + MAX_SESSION_BYTES + " bytes");
        }
        try {
            return JSON.readValue(json, SessionSpec.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid session file: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c instanceof JacksonException j ? j.getOriginalMessage() : c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
