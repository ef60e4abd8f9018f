package org.flotilla.operator.api;

import tools.jackson.databind.JsonNode;

/**
 * A successful answer: its status, the body as sent (for {@code --json}, printed unchanged so no
 * field the coordinator adds is lost) and parsed.
 *
 * @param status the HTTP status (2xx)
 * @param body   the body text
 * @param json   the body parsed, or null when it was empty
 */
public record ApiResponse(int status, String body, JsonNode json) {
}
