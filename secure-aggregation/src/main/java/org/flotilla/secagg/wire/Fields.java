package org.flotilla.secagg.wire;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, bounded reads of one decoded JSON object: every accessor names the field (with its
 * path) and the limit when the value is missing, of the wrong type or out of bounds. Unknown
 * keys are refused, so two readers never disagree about what a message said. Public for the
 * state codecs of the client package.
 */
public final class Fields {

    /** Client and round identifiers: printable, no separators that could be confused. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/@-]{1,128}");

    private final Map<String, Object> map;
    private final String path;

    private Fields(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    public static Fields of(Object value, String path, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new MessageFormatException(path, "a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw new MessageFormatException(path.isEmpty() ? key : path + "." + key, "absent (unknown field)");
            }
        }
        return new Fields(map, path);
    }

    public String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public boolean has(String field) {
        return map.get(field) != null;
    }

    public Object raw(String field) {
        Object v = map.get(field);
        if (v == null) {
            throw new MessageFormatException(name(field), "present");
        }
        return v;
    }

    public String id(String field) {
        Object v = raw(field);
        if (!(v instanceof String s) || !ID.matcher(s).matches()) {
            throw new MessageFormatException(name(field), "an identifier of 1 to 128 characters [A-Za-z0-9._:/@-]");
        }
        return s;
    }

    public String string(String field, int maxLength) {
        Object v = raw(field);
        if (!(v instanceof String s) || s.length() > maxLength) {
            throw new MessageFormatException(name(field), "a string of at most " + maxLength + " characters");
        }
        return s;
    }

    public long integer(String field, long min, long max) {
        Object v = raw(field);
        if (v instanceof BigDecimal d) {
            try {
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
        Object v = raw(field);
        if (v instanceof BigDecimal d) {
            double x = d.doubleValue();
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
        Object v = raw(field);
        if (v instanceof String s && s.length() <= 4 * ((maxLength + 2) / 3)) {
            try {
                byte[] b = Base64.getDecoder().decode(s);
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

    public List<?> list(String field, int maxSize) {
        Object v = raw(field);
        if (!(v instanceof List<?> l) || l.size() > maxSize) {
            throw new MessageFormatException(name(field), "an array of at most " + maxSize + " entries");
        }
        return l;
    }

    public static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
