package org.flotilla.operator.api;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the command line, tolerant of fields the coordinator adds later. */
public final class Json {

    /** Reads records leniently (unknown fields ignored), writes indented output. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {
    }

    /** {@code node} as indented JSON text. */
    public static String pretty(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** {@code node} as JSON text on one line. */
    public static String compact(JsonNode node) {
        return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    }

    /** {@code node} converted to {@code type}. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        return MAPPER.treeToValue(node, type);
    }
}
