package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/** Reading and checking strategy settings from a job request's JSON map. */
final class Settings {

    private Settings() {
    }

    /** Rejects names not in {@code specs}. */
    static void requireOnly(Map<String, Object> settings, List<SettingSpec> specs) {
        if (settings == null) {
            return;
        }
        for (String key : settings.keySet()) {
            if (key.equals("name")) {
                continue;
            }
            if (specs.stream().noneMatch(s -> s.name().equals(key))) {
                throw new StrategyConfigException("strategy." + key, "one of "
                        + specs.stream().map(SettingSpec::name).toList(), key + " (unknown setting)");
            }
        }
    }

    /** The value of a number setting, its default when absent, range-checked. */
    static double number(Map<String, Object> settings, SettingSpec spec) {
        Object v = settings == null ? null : settings.get(spec.name());
        if (v == null) {
            return spec.defaultValue().doubleValue();
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new StrategyConfigException("strategy." + spec.name(), "a number", v);
        }
        double d = n.doubleValue();
        if ((spec.min() != null && d < spec.min().doubleValue()) || (spec.max() != null && d > spec.max().doubleValue())) {
            throw new StrategyConfigException("strategy." + spec.name(), "in [" + spec.min() + ", " + spec.max() + "]", v);
        }
        if (spec.type().equals("integer") && d != Math.rint(d)) {
            throw new StrategyConfigException("strategy." + spec.name(), "a whole number", v);
        }
        return d;
    }
}
