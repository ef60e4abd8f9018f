package org.flotilla.coordinator.strategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and checking strategy settings from a job request's JSON map. Every failure is a
 * {@link StrategyConfigException} naming the field as the request spells it
 * ({@code strategy.beta1}, {@code strategy.normBound.maxNorm}) and what was allowed.
 */
final class Settings {

    /** Field-name prefix of top-level strategy settings. */
    static final String PREFIX = "strategy.";

    private Settings() {
    }

    /** Rejects names not in {@code specs} (the key {@code name} is the strategy's own and allowed). */
    static void requireOnly(Map<String, Object> settings, List<SettingSpec> specs) {
        requireOnly(settings, specs, PREFIX);
    }

    /** Rejects names not in {@code specs}, reporting them under {@code prefix}. */
    static void requireOnly(Map<String, Object> settings, List<SettingSpec> specs, String prefix) {
        if (settings == null) {
            return;
        }
        for (String key : settings.keySet()) {
            if (key.equals("name") && prefix.equals(PREFIX)) {
                continue;
            }
            if (specs.stream().noneMatch(s -> s.name().equals(key))) {
                throw new StrategyConfigException(prefix + key, "one of "
                        + specs.stream().map(SettingSpec::name).toList(), key + " (unknown setting)");
            }
        }
    }

    /** The value of a number setting, its default when absent, range-checked. */
    static double number(Map<String, Object> settings, SettingSpec spec) {
        return number(settings, spec, PREFIX);
    }

    /** As {@link #number(Map, SettingSpec)}, reporting the field under {@code prefix}. */
    static double number(Map<String, Object> settings, SettingSpec spec, String prefix) {
        String field = prefix + spec.name();
        Object v = settings == null ? null : settings.get(spec.name());
        if (v == null) {
            if (spec.defaultValue() == null) {
                throw new StrategyConfigException(field, spec.limit() + " (required)", null);
            }
            return spec.defaultValue().doubleValue();
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new StrategyConfigException(field, spec.limit(), v);
        }
        double d = n.doubleValue();
        if (!spec.allows(d)) {
            throw new StrategyConfigException(field, spec.limit(), v);
        }
        if (spec.type().equals("integer") && d != Math.rint(d)) {
            throw new StrategyConfigException(field, "a whole number", v);
        }
        return d;
    }

    /** The value of an integer setting. */
    static int integer(Map<String, Object> settings, SettingSpec spec) {
        return (int) number(settings, spec, PREFIX);
    }

    /** The value of a string setting, its first choice when absent. */
    static String choice(Map<String, Object> settings, SettingSpec spec, String prefix) {
        Object v = settings == null ? null : settings.get(spec.name());
        if (v == null) {
            return spec.choices().getFirst();
        }
        if (!(v instanceof String s) || !spec.choices().contains(s)) {
            throw new StrategyConfigException(prefix + spec.name(), spec.limit(), v);
        }
        return s;
    }

    /**
     * A nested settings object (e.g. {@code normBound}), or null when absent.
     *
     * @param what how the expected object is described in the error, e.g. {@code "an object {maxNorm, policy}"}
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> settings, String key, String what) {
        Object v = settings == null ? null : settings.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m) || m.keySet().stream().anyMatch(k -> !(k instanceof String))) {
            throw new StrategyConfigException(PREFIX + key, what, v);
        }
        return (Map<String, Object>) m;
    }

    /** An unmodifiable map of alternating keys and values, in that order (a strategy's {@code settings()}). */
    static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
