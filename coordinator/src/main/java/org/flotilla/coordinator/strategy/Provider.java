package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link StrategyProvider} from its parts: rejects unknown settings, then builds the strategy.
 *
 * @param name        the registered name
 * @param description one line with the paper
 * @param settings    the settings with their defaults and limits
 * @param factory     builds the strategy from the (checked for unknown names) settings map
 */
record Provider(String name, String description, List<SettingSpec> settings,
                Function<Map<String, Object>, Strategy> factory) implements StrategyProvider {

    Provider {
        settings = List.copyOf(settings);
    }

    @Override
    public Strategy create(Map<String, Object> settings) {
        Map<String, Object> s = settings == null ? Map.of() : settings;
        Settings.requireOnly(s, this.settings);
        return factory.apply(s);
    }
}
