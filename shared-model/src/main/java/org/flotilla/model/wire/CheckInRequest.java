package org.flotilla.model.wire;

/**
 * A client asks for work (long-poll).
 *
 * @param cores         cores available for training now
 * @param examples      local training examples
 * @param platform      e.g. {@code linux-aarch64}
 * @param clientVersion the edge client's version
 */
public record CheckInRequest(int cores, long examples, String platform, String clientVersion) {
}
