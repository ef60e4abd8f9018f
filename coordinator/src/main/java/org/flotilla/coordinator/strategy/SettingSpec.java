package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Locale;

/**
 * One configurable setting of a strategy, as {@code GET /api/v1/strategies} lists it.
 *
 * <p>Build specs with {@link #number}, {@link #integer} or {@link #choice} and the range
 * methods, e.g. {@code SettingSpec.number("beta1", 0.9, "…").atLeast(0).below(1)} for
 * {@code beta1 ∈ [0, 1)}.
 *
 * @param name         setting name in the job request
 * @param type         {@code number}, {@code integer} or {@code string}
 * @param defaultValue the published default; null for a string setting (its default is the
 *                     first of {@code choices}) or for a number with no default (it must be given)
 * @param min          smallest allowed value, or null
 * @param max          largest allowed value, or null
 * @param description  one sentence
 * @param minExclusive whether {@code min} itself is excluded
 * @param maxExclusive whether {@code max} itself is excluded
 * @param choices      for a string setting, the allowed values, the default first; empty otherwise
 */
public record SettingSpec(String name, String type, Number defaultValue, Number min, Number max, String description,
                          boolean minExclusive, boolean maxExclusive, List<String> choices) {

    public SettingSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** A setting with inclusive bounds and no choices (the original form). */
    public SettingSpec(String name, String type, Number defaultValue, Number min, Number max, String description) {
        this(name, type, defaultValue, min, max, description, false, false, List.of());
    }

    /** A real-valued setting without bounds; null {@code defaultValue} means it must be given. */
    public static SettingSpec number(String name, Number defaultValue, String description) {
        return new SettingSpec(name, "number", defaultValue, null, null, description, false, false, List.of());
    }

    /** A whole-number setting without bounds. */
    public static SettingSpec integer(String name, int defaultValue, String description) {
        return new SettingSpec(name, "integer", defaultValue, null, null, description, false, false, List.of());
    }

    /** A string setting taking one of {@code choices}; the first is the default. */
    public static SettingSpec choice(String name, List<String> choices, String description) {
        return new SettingSpec(name, "string", null, null, null, description, false, false, choices);
    }

    /** This spec with {@code value ≥ min}. */
    public SettingSpec atLeast(Number min) {
        return new SettingSpec(name, type, defaultValue, min, max, description, false, maxExclusive, choices);
    }

    /** This spec with {@code value > min}. */
    public SettingSpec above(Number min) {
        return new SettingSpec(name, type, defaultValue, min, max, description, true, maxExclusive, choices);
    }

    /** This spec with {@code value ≤ max}. */
    public SettingSpec atMost(Number max) {
        return new SettingSpec(name, type, defaultValue, min, max, description, minExclusive, false, choices);
    }

    /** This spec with {@code value < max}. */
    public SettingSpec below(Number max) {
        return new SettingSpec(name, type, defaultValue, min, max, description, minExclusive, true, choices);
    }

    /** This spec under another name (e.g. {@code normBound.maxNorm} for a nested setting). */
    public SettingSpec named(String newName) {
        return new SettingSpec(newName, type, defaultValue, min, max, description, minExclusive, maxExclusive, choices);
    }

    /** The default as a job request would spell it: the number, the first choice, or null. */
    public Object defaultSetting() {
        return type.equals("string") ? choices.getFirst() : defaultValue;
    }

    /** Whether {@code d} is within the bounds. */
    public boolean allows(double d) {
        if (min != null && (minExclusive ? d <= min.doubleValue() : d < min.doubleValue())) {
            return false;
        }
        return max == null || (maxExclusive ? d < max.doubleValue() : d <= max.doubleValue());
    }

    /**
     * The allowed values in words, for error messages and the docs: {@code in [0, 1)},
     * {@code > 0}, {@code one of [clip, reject]}, {@code a number}.
     */
    public String limit() {
        if (type.equals("string")) {
            return "one of " + choices;
        }
        String kind = type.equals("integer") ? "a whole number" : "a number";
        if (min != null && max != null) {
            return "in " + (minExclusive ? "(" : "[") + format(min) + ", " + format(max) + (maxExclusive ? ")" : "]");
        }
        if (min != null) {
            return kind + (minExclusive ? " > " : " ≥ ") + format(min);
        }
        if (max != null) {
            return kind + (maxExclusive ? " < " : " ≤ ") + format(max);
        }
        return kind;
    }

    private static String format(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", n);
    }
}
