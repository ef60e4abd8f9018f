package org.flotilla.secagg.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.flotilla.secagg.SecAggParameters;

/**
 * Server → client, opening phase 0 (advertise keys): the round, its parameters and the length d
 * of the update vector every client masks (the model's parameter count).
 */
public record RoundSetup(String roundId, SecAggParameters parameters, int vectorLength) {

    /** Largest update vector (100 M coordinates, 800 MB of masked longs in memory). */
    public static final int MAX_VECTOR_LENGTH = 100_000_000;

    public RoundSetup {
        Ids.check("roundId", roundId);
        if (parameters == null) {
            throw new MessageFormatException("parameters", "present");
        }
        if (vectorLength < 1 || vectorLength > MAX_VECTOR_LENGTH) {
            throw new MessageFormatException("vectorLength", "an integer in [1, " + MAX_VECTOR_LENGTH + "]");
        }
    }

    /** The JSON text of this message. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roundId", roundId);
        m.put("parameters", ParametersCodec.toMap(parameters));
        m.put("vectorLength", vectorLength);
        return Json.write(m);
    }

    /** Parses the JSON text; a malformed message is a {@link MessageFormatException} naming the field. */
    public static RoundSetup fromJson(String json) {
        Fields f = Fields.of(Json.parse(json, Wire.BASE_CHARS), "", Set.of("roundId", "parameters", "vectorLength"));
        return new RoundSetup(f.id("roundId"), ParametersCodec.fromValue(f.raw("parameters"), "parameters"),
                (int) f.integer("vectorLength", 1, MAX_VECTOR_LENGTH));
    }
}
