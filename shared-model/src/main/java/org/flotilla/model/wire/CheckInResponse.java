package org.flotilla.model.wire;

/**
 * The answer to a check-in: an assignment, or nothing now and when to ask again.
 *
 * @param assignment        the work, or null
 * @param retryAfterSeconds when {@code assignment} is null: seconds to wait before the next check-in
 */
public record CheckInResponse(Assignment assignment, Integer retryAfterSeconds) {

    public static CheckInResponse of(Assignment assignment) {
        return new CheckInResponse(assignment, null);
    }

    public static CheckInResponse retryAfter(int seconds) {
        return new CheckInResponse(null, seconds);
    }
}
