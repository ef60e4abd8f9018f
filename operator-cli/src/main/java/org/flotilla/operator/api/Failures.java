package org.flotilla.operator.api;

import java.io.IOException;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import org.flotilla.operator.config.Connection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns an error answer into one line for a person. A problem+json body gives its {@code detail}
 * plus {@code field} and {@code limit} (and {@code reason} for refusals) when present; 401 says the
 * token was wrong and where it came from; 403 says the token may not make the call.
 */
final class Failures {

    private Failures() {
    }

    static OperatorException of(Connection c, String what, int status, String contentType, String body) {
        JsonNode problem = problem(contentType, body);
        String detail = problem == null ? null : text(problem, "detail");
        if (status == 401) {
            return new OperatorException(ExitCode.UNAUTHORIZED, "wrong token: the coordinator at " + c.base()
                    + " did not accept the admin token from " + c.tokenSource()
                    + " (the coordinator writes it to <data-dir>/admin-token unless FLOTILLA_ADMIN_TOKEN is set there)");
        }
        if (status == 403) {
            return new OperatorException(ExitCode.UNAUTHORIZED, "the token from " + c.tokenSource()
                    + " may not make this call; operator calls need the admin token (not the enrolment token)");
        }
        StringBuilder line = new StringBuilder();
        if (detail != null) {
            line.append(detail);
            String field = text(problem, "field");
            String limit = text(problem, "limit");
            String reason = text(problem, "reason");
            if (field != null || limit != null || reason != null) {
                line.append(" (");
                String sep = "";
                if (field != null) {
                    line.append("field ").append(field);
                    sep = "; ";
                }
                if (limit != null) {
                    line.append(sep).append("allowed: ").append(limit);
                    sep = "; ";
                }
                if (reason != null) {
                    line.append(sep).append("reason ").append(reason);
                }
                line.append(')');
            }
            JsonNode errors = problem.get("errors");
            if (errors != null && errors.isArray() && errors.size() > 1) {
                line.append("; also:");
                for (int i = 1; i < errors.size(); i++) {
                    JsonNode e = errors.get(i);
                    line.append(i > 1 ? "," : "").append(' ').append(text(e, "field")).append(' ').append(text(e, "message"));
                }
            }
        } else {
            line.append(what).append(": the coordinator answered HTTP ").append(status);
            if (status == 404) {
                line.append(" (not found; is --url the coordinator's base URL?)");
            }
        }
        return new OperatorException(ExitCode.FAILED, line.toString());
    }

    /** The parsed problem (or any JSON object with a detail), or null. */
    private static JsonNode problem(String contentType, String body) {
        if (body == null || body.isBlank() || !(contentType.contains("json"))) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    /** A short description of an I/O failure. */
    static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
