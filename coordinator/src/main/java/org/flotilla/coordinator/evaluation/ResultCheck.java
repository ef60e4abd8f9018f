package org.flotilla.coordinator.evaluation;

import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.protocol.ProtocolLimits;
import org.flotilla.model.protocol.RefusalReason;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.EvalResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and checks an {@link EvalResult} body. Read field by field rather than bound, so that a
 * missing number is refused instead of becoming 0, and each refusal names its field and limit.
 * Unknown fields are ignored, as everywhere in the wire format.
 */
final class ResultCheck {

    static final int MAX_LENGTH = 4000;

    private ResultCheck() {
    }

    /**
     * The result, checked: {@code examples} an integer in [0, 2^40], {@code loss} finite and ≥ 0,
     * {@code accuracy} in [0, 1].
     *
     * @throws Refused {@code BAD_RESULT} naming the field and the limit
     */
    static EvalResult parse(String body) {
        if (body == null || body.isBlank()) {
            throw bad("body", "EvalResult JSON", "the body must be EvalResult JSON: {\"examples\":…,\"loss\":…,\"accuracy\":…}");
        }
        if (body.length() > MAX_LENGTH) {
            throw bad("body", "at most " + MAX_LENGTH + " characters", "the body is longer than " + MAX_LENGTH + " characters");
        }
        JsonNode json;
        try {
            json = WireJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw bad("body", "EvalResult JSON", "the body is not JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (json == null || !json.isObject()) {
            throw bad("body", "EvalResult JSON", "the body must be a JSON object with examples, loss and accuracy");
        }
        JsonNode examples = json.get("examples");
        if (examples == null || !examples.isIntegralNumber() || !examples.canConvertToLong() || examples.asLong() < 0) {
            throw bad("examples", "an integer >= 0", "examples must count the held-out examples evaluated (an integer >= 0), was "
                    + examples);
        }
        if (examples.asLong() > ProtocolLimits.MAX_EXAMPLES) {
            // the evaluation's figures are example-weighted sums: bounded weights keep them from overflowing
            throw bad("examples", "at most " + ProtocolLimits.MAX_EXAMPLES, "examples must be at most "
                    + ProtocolLimits.MAX_EXAMPLES + " (the protocol's bound), was " + examples.asLong());
        }
        double loss = number(json, "loss", 0, Double.MAX_VALUE, "a finite number >= 0");
        double accuracy = number(json, "accuracy", 0, 1, "in [0, 1]");
        return new EvalResult(examples.asLong(), loss, accuracy);
    }

    private static double number(JsonNode json, String field, double min, double max, String limit) {
        JsonNode n = json.get(field);
        double v = n != null && n.isNumber() ? n.asDouble() : Double.NaN;
        if (!(v >= min && v <= max)) {
            throw bad(field, limit, field + " must be " + limit + ", was " + n);
        }
        return v;
    }

    private static Refused bad(String field, String limit, String detail) {
        return new Refused(RefusalReason.BAD_RESULT, false, detail, field, limit);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }
}
