package org.flotilla.secagg.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import org.flotilla.secagg.InvalidParametersException;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.Violation;

/**
 * The JSON form of {@link SecAggParameters}, the shape of a job request's
 * {@code "secureAggregation"} object: {@code {"threshold": "majority" | t, "neighbours":
 * "logarithmic" | "complete" | k, "clipRange": r, "quantizationBits": b, "maxWeight": W}}, every
 * field optional (absent means the default).
 */
public final class ParametersCodec {

    static final Set<String> KEYS = Set.of("threshold", "neighbours", "clipRange", "quantizationBits", "maxWeight");

    private ParametersCodec() {
    }

    /** The JSON object as a map (for embedding in a message). */
    public static Map<String, Object> toMap(SecAggParameters p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", switch (p.threshold()) {
            case Threshold.Majority ignored -> "majority";
            case Threshold.Fixed f -> f.t();
        });
        m.put("neighbours", switch (p.neighbourhood()) {
            case Neighbourhood.Logarithmic ignored -> "logarithmic";
            case Neighbourhood.Complete ignored -> "complete";
            case Neighbourhood.Regular r -> r.k();
        });
        m.put("clipRange", p.clipRange());
        m.put("quantizationBits", p.quantizationBits());
        m.put("maxWeight", p.maxWeight());
        return m;
    }

    /** The JSON text. */
    public static String toJson(SecAggParameters p) {
        return Json.write(toMap(p));
    }

    /**
     * Parses the JSON text; a wrong type throws {@link MessageFormatException}, values that
     * break a rule {@link InvalidParametersException} listing every violation.
     */
    public static SecAggParameters fromJson(String json) {
        return fromValue(Json.parse(json, 4096), "secureAggregation");
    }

    static SecAggParameters fromValue(JsonNode value, String path) {
        Fields f = Fields.of(value, path, KEYS);
        SecAggParameters d = SecAggParameters.defaults();
        Threshold threshold = d.threshold();
        if (f.has("threshold")) {
            JsonNode raw = f.raw("threshold");
            if (raw.isString() && "majority".equals(raw.stringValue())) {
                threshold = new Threshold.Majority();
            } else if (raw.isString()) {
                throw new MessageFormatException(f.name("threshold"), "\"majority\" or an integer");
            } else {
                threshold = new Threshold.Fixed((int) f.integer("threshold", Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
        }
        Neighbourhood neighbourhood = d.neighbourhood();
        if (f.has("neighbours")) {
            JsonNode raw = f.raw("neighbours");
            if (raw.isString() && "logarithmic".equals(raw.stringValue())) {
                neighbourhood = new Neighbourhood.Logarithmic();
            } else if (raw.isString() && "complete".equals(raw.stringValue())) {
                neighbourhood = new Neighbourhood.Complete();
            } else if (raw.isString()) {
                throw new MessageFormatException(f.name("neighbours"), "\"logarithmic\", \"complete\" or an even integer");
            } else {
                neighbourhood = new Neighbourhood.Regular((int) f.integer("neighbours", Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
        }
        double clipRange = f.has("clipRange") ? f.number("clipRange") : d.clipRange();
        long bits = f.has("quantizationBits") ? f.integer("quantizationBits", Integer.MIN_VALUE, Integer.MAX_VALUE)
                : d.quantizationBits();
        long maxWeight = f.has("maxWeight") ? f.integer("maxWeight", Long.MIN_VALUE, Long.MAX_VALUE) : d.maxWeight();
        List<Violation> violations = SecAggParameters.check(threshold, neighbourhood, clipRange, (int) bits, maxWeight);
        if (!violations.isEmpty()) {
            throw new InvalidParametersException(violations);
        }
        return new SecAggParameters(threshold, neighbourhood, clipRange, (int) bits, maxWeight);
    }
}
