package org.flotilla.operator.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format (version 0.0.4), parsed: {@code # TYPE} lines give the
 * metric families, every other non-comment line one sample {@code name{label="value",…} value}.
 *
 * @param types   family name → type (counter, gauge, summary, histogram, untyped)
 * @param samples every sample in order
 */
record Exposition(Map<String, String> types, List<Sample> samples) {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    static Exposition parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] p = line.split(" ");
                if (p.length >= 4 && p[1].equals("TYPE")) {
                    types.put(p[2], p[3]);
                }
                continue;
            }
            samples.add(sample(line));
        }
        return new Exposition(types, samples);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        String rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // after ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        value.append(n == 'n' ? '\n' : n);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = line.substring(i + 1).strip();
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1).strip();
        }
        String value = rest.split(" ")[0];
        double v = switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
        return new Sample(name, labels, v);
    }

    /** Whether a sample of this name exists (optionally with this label set to this value). */
    boolean has(String name, String label, String value) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && (label == null || value.equals(s.labels().get(label))));
    }

    /** Samples of a name. */
    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
