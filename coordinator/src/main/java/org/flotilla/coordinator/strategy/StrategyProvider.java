package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/** Creates one kind of strategy from validated settings, and describes its settings. */
public interface StrategyProvider {

    /** The name jobs use, e.g. {@code fedavg}. */
    String name();

    /** One line, with the paper. */
    String description();

    /** The settings and their defaults. */
    List<SettingSpec> settings();

    /**
     * A strategy with these settings (missing ones take their defaults).
     *
     * @throws StrategyConfigException naming the setting and its limit when a value is out of range or unknown
     */
    Strategy create(Map<String, Object> settings);
}
