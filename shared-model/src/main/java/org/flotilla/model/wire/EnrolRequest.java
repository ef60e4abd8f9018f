package org.flotilla.model.wire;

/**
 * A device asks to join. Sent once, with the enrolment token.
 *
 * @param name     a human label for the device (not an identity)
 * @param cores    CPU cores the client may use
 * @param platform e.g. {@code linux-x86_64}
 * @param examples number of local training examples (a count only)
 */
public record EnrolRequest(String name, int cores, String platform, long examples) {
}
