package org.flotilla.secagg.wire;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The protocol's small JSON messages read and written with Jackson, strictly and within bounds:
 * the text length is checked before parsing (each message type has its own bound, see
 * {@link Wire}), Jackson's {@link StreamReadConstraints} bound nesting ({@value #MAX_DEPTH}), string,
 * name and number lengths while parsing, duplicate keys are refused
 * ({@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}: two readers that keep different copies of
 * a repeated key are a classic source of disagreement about one message) and so is anything after
 * the value. The tree is then read field by field by {@link Fields}. Numbers are written as plain
 * decimals, so the texts stay those of the first version of the format. Public for the state codec
 * of the client package.
 */
public final class Json {

    static final int MAX_DEPTH = 8;
    static final int MAX_STRING = 1 << 25;
    /** Largest document any reader accepts (a client state of the largest round); each message checks its own bound first. */
    static final long MAX_DOCUMENT = 8L * Wire.maxJsonChars();

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING)
                            .maxNameLength(64)
                            .maxNumberLength(64)
                            .maxDocumentLength(MAX_DOCUMENT)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** Parses one JSON value filling the whole text of at most {@code maxChars} characters. */
    public static JsonNode parse(String text, int maxChars) {
        if (text == null) {
            throw new MessageFormatException("message", "present");
        }
        if (text.length() > maxChars) {
            throw new MessageFormatException("message", "at most " + maxChars + " characters, was " + text.length());
        }
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            throw new MessageFormatException("message", "valid JSON (" + why.lines().findFirst().orElse(why) + ")");
        }
    }

    /**
     * Writes a value made of maps, lists, strings, integers, finite doubles, booleans and null;
     * doubles as plain decimals ({@code BigDecimal.valueOf(d).toPlainString()}).
     */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(plain(value));
    }

    private static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case Double d -> {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("JSON numbers are finite");
                }
                yield BigDecimal.valueOf(d);
            }
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put((String) k, plain(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(Json::plain).toList();
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i;
            case Long l -> l;
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        };
    }
}
