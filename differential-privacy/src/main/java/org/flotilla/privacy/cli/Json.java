package org.flotilla.privacy.cli;

import java.util.Locale;

/** The one-line JSON objects the command prints: numbers and plain strings only. */
final class Json {

    private Json() {
    }

    /** {@code {"k1":v1,"k2":v2,…}} from alternating keys and values (finite numbers or strings). */
    static String object(Object... keysAndValues) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(keysAndValues[i]).append("\":");
            Object value = keysAndValues[i + 1];
            if (value instanceof Double d) {
                json.append(number(d));
            } else {
                json.append('"').append(value).append('"');
            }
        }
        return json.append('}').toString();
    }

    private static String number(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        // Shortest round-trip form; Java's "1.0E-5" is valid JSON.
        return Double.toString(d);
    }
}
