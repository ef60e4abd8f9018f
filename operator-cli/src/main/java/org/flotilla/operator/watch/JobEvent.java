package org.flotilla.operator.watch;

import org.flotilla.operator.api.Views;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link JobFeed} reports about one job. The same events can come from polling or from an
 * event stream; each carries the record the watcher renders and the JSON as the coordinator sent it
 * (printed by {@code --json}).
 */
public sealed interface JobEvent {

    /** The job itself changed (state, completed rounds, latest accuracies…). */
    record JobChanged(Views.Job job, JsonNode json) implements JobEvent {
    }

    /** A round attempt appeared or changed (state, counts, result, federated evaluation). */
    record RoundChanged(Views.Round round, JsonNode json) implements JobEvent {
    }

    /** The feed lost the coordinator and keeps trying; {@code message} says why. */
    record Disconnected(String message) implements JobEvent {
    }

    /** The feed reached the coordinator again after {@link Disconnected}. */
    record Reconnected() implements JobEvent {
    }
}
