package org.flotilla.coordinator.aggregation;

import org.flotilla.model.wire.UpdateMetrics;

/**
 * An accepted update as stored: which client, the artifact holding its bytes, its weight.
 *
 * @param clientId the client
 * @param sha256   the update artifact
 * @param examples its training examples (the FedAvg weight)
 * @param metrics  what the client reported with it
 */
public record StoredUpdate(String clientId, String sha256, long examples, UpdateMetrics metrics) {
}
