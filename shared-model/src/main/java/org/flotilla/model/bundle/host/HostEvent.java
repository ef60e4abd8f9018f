package org.flotilla.model.bundle.host;

import java.util.Map;
import java.util.TreeMap;

import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.bundle.RoundMetrics;

/**
 * One control line the host prints: {@code STARTED} (first, before any of the bundle's code is
 * loaded, so the parent can tell a sandbox that failed from a bundle that exited), {@code READY}
 * (once, after the program was built), {@code DONE} or {@code FAILED} (once per command). Fields
 * that do not apply are null.
 *
 * @param type           which event
 * @param task           the command's task id (DONE, FAILED; null for a failure before READY)
 * @param parameterCount the model's parameter count (READY, and DONE of INIT)
 * @param description    the program's one-line model description (READY)
 * @param examples       training examples used (DONE of TRAIN)
 * @param metrics        the round's metrics (DONE of TRAIN)
 * @param evaluation     the figures (DONE of EVALUATE)
 * @param failure        why (FAILED)
 * @param message        one line saying what went wrong (FAILED), at most
 *                       {@value HostProtocol#MAX_MESSAGE_CHARS} characters
 * @param timings        seconds spent (READY: {@code jvm}, {@code data}, {@code build}; DONE: {@code task})
 */
public record HostEvent(Type type, String task, Long parameterCount, String description, Long examples,
                        RoundMetrics metrics, Evaluation evaluation, HostFailure failure, String message,
                        Map<String, Double> timings) {

    /** The events. */
    public enum Type { STARTED, READY, DONE, FAILED }

    public HostEvent {
        if (type == null) {
            throw new IllegalArgumentException("an event needs a type");
        }
        if (type == Type.FAILED && failure == null) {
            throw new IllegalArgumentException("a FAILED event needs a failure");
        }
        if (type == Type.READY && (parameterCount == null || parameterCount < 1)) {
            throw new IllegalArgumentException("a READY event needs a positive parameterCount");
        }
        if (message != null && message.length() > HostProtocol.MAX_MESSAGE_CHARS) {
            message = message.substring(0, HostProtocol.MAX_MESSAGE_CHARS);
        }
        if (description != null && description.length() > 200) {
            description = description.substring(0, 200);
        }
        timings = timings == null ? Map.of() : Map.copyOf(new TreeMap<>(timings));
    }

    static HostEvent started() {
        return new HostEvent(Type.STARTED, null, null, null, null, null, null, null, null, null);
    }

    static HostEvent ready(long parameterCount, String description, Map<String, Double> timings) {
        return new HostEvent(Type.READY, null, parameterCount, description, null, null, null, null, null, timings);
    }

    static HostEvent trained(String task, long examples, RoundMetrics metrics, double seconds) {
        return new HostEvent(Type.DONE, task, null, null, examples, metrics, null, null, null, Map.of("task", seconds));
    }

    static HostEvent evaluated(String task, Evaluation evaluation, double seconds) {
        return new HostEvent(Type.DONE, task, null, null, null, null, evaluation, null, null, Map.of("task", seconds));
    }

    static HostEvent initialised(String task, long parameterCount) {
        return new HostEvent(Type.DONE, task, parameterCount, null, null, null, null, null, null, null);
    }

    static HostEvent failed(String task, HostFailure failure, String message) {
        return new HostEvent(Type.FAILED, task, null, null, null, null, null, failure, message, null);
    }
}
