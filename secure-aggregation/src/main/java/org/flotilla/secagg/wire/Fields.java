package org.flotilla.secagg.wire;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Typed, bounded reads of one decoded JSON object: every accessor names the field (with its
 * path) and the limit when the value is missing, of the wrong type or out of bounds. Unknown
 * keys are refused, so two readers never disagree about what a message said. A JSON {@code null}
 * counts as absent. Public for the state codec of the client package.
 */
public final class Fields {

    /** Client and round identifiers: printable, no separators that could be confused. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/@-]{1,128}");

    private final JsonNode object;
    private final String path;

    private Fields(JsonNode object, String path) {
        this.object = object;
        this.path = path;
    }

    public static Fields of(JsonNode value, String path, Set<String> allowed) {
        if (value == null || !value.isObject()) {
            throw new MessageFormatException(path.isEmpty() ? "message" : path, "a JSON object");
        }
        for (String key : value.propertyNames()) {
            if (!allowed.contains(key)) {
                throw new MessageFormatException(path.isEmpty() ? key : path + "." + key, "absent (unknown field)");
            }
        }
        return new Fields(value, path);
    }

    public String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public boolean has(String field) {
        return object.hasNonNull(field);
    }

    public JsonNode raw(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            throw new MessageFormatException(name(field), "present");
        }
        return v;
    }

    public String id(String field) {
        JsonNode v = raw(field);
        if (!v.isString() || !ID.matcher(v.stringValue()).matches()) {
            throw new MessageFormatException(name(field), "an identifier of 1 to 128 characters [A-Za-z0-9._:/@-]");
        }
        return v.stringValue();
    }

    public String string(String field, int maxLength) {
        JsonNode v = raw(field);
        if (!v.isString() || v.stringValue().length() > maxLength) {
            throw new MessageFormatException(name(field), "a string of at most " + maxLength + " characters");
        }
        return v.stringValue();
    }

    public long integer(String field, long min, long max) {
        JsonNode v = raw(field);
        if (v.isNumber()) {
            try {
                BigDecimal d = v.decimalValue();
                long l = d.longValueExact();
                if (l >= min && l <= max) {
                    return l;
                }
            } catch (ArithmeticException ignored) {
                // falls through to the error below
            }
        }
        throw new MessageFormatException(name(field), "an integer in [" + min + ", " + max + "]");
    }

    public double number(String field) {
        JsonNode v = raw(field);
        if (v.isNumber()) {
            double x = v.doubleValue();
            if (Double.isFinite(x)) {
                return x;
            }
        }
        throw new MessageFormatException(name(field), "a finite number");
    }

    public byte[] bytes(String field, int exactLength) {
        return bytes(field, exactLength, exactLength);
    }

    public byte[] bytes(String field, int minLength, int maxLength) {
        JsonNode v = raw(field);
        if (v.isString() && v.stringValue().length() <= 4 * ((maxLength + 2) / 3)) {
            try {
                byte[] b = Base64.getDecoder().decode(v.stringValue());
                if (b.length >= minLength && b.length <= maxLength) {
                    return b;
                }
            } catch (IllegalArgumentException ignored) {
                // falls through to the error below
            }
        }
        String len = minLength == maxLength ? String.valueOf(maxLength) : minLength + " to " + maxLength;
        throw new MessageFormatException(name(field), "base64 of " + len + " bytes");
    }

    public List<JsonNode> list(String field, int maxSize) {
        JsonNode v = raw(field);
        if (!v.isArray() || v.size() > maxSize) {
            throw new MessageFormatException(name(field), "an array of at most " + maxSize + " entries");
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(v.get(i));
        }
        return out;
    }

    public static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
