package org.flotilla.model.bundle;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Named numbers for a program, as the coordinator's assignments carry them: the job's settings for
 * the whole session ({@link ProgramContext#settings()}) and the strategy's per-round settings
 * ({@link TrainRequest#settings()}, e.g. {@code localEpochs}, {@code fedproxMu}). Readers name a
 * default and a range, so a bad value is refused with a message naming both.
 *
 * @param values at most {@value #MAX_ENTRIES} finite values; keys of letters, digits, {@code _ . -}
 */
public record Settings(Map<String, Double> values) {

    public static final int MAX_ENTRIES = 64;
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    public Settings {
        values = values == null ? Map.of() : Map.copyOf(new TreeMap<>(values));
        if (values.size() > MAX_ENTRIES) {
            throw new SettingException(values.size() + " settings, more than " + MAX_ENTRIES);
        }
        values.forEach((k, v) -> {
            if (!KEY.matcher(k).matches()) {
                throw new SettingException("setting name '" + k + "' must be 1-64 letters, digits, '_', '.', '-'");
            }
            if (v == null || !Double.isFinite(v)) {
                throw new SettingException("setting " + k + " must be a finite number, was " + v);
            }
        });
    }

    /** No settings. */
    public static Settings none() {
        return new Settings(Map.of());
    }

    /** Whether {@code key} is set. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The value of {@code key}, or {@code fallback} when it is not set.
     *
     * @throws SettingException when the value is outside {@code [min, max]}
     */
    public double number(String key, double fallback, double min, double max) {
        double v = values.getOrDefault(key, fallback);
        if (!(v >= min && v <= max)) {
            throw new SettingException("setting " + key + " must be in [" + min + ", " + max + "] (was " + v + ")");
        }
        return v;
    }

    /**
     * The whole-number value of {@code key}, or {@code fallback} when it is not set.
     *
     * @throws SettingException when it is not a whole number in {@code [min, max]}
     */
    public int wholeNumber(String key, int fallback, int min, int max) {
        double v = values.getOrDefault(key, (double) fallback);
        if (v != Math.rint(v) || v < min || v > max) {
            throw new SettingException("setting " + key + " must be a whole number in [" + min + ", " + max
                    + "] (was " + v + ")");
        }
        return (int) v;
    }

    /** These settings overridden by {@code overrides} (both kept unchanged). */
    public Settings with(Settings overrides) {
        Map<String, Double> merged = new TreeMap<>(values);
        merged.putAll(overrides.values);
        return new Settings(merged);
    }
}
