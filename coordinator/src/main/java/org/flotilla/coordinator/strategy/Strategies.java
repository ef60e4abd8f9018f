package org.flotilla.coordinator.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The registry of strategies by name. */
public final class Strategies {

    private static final Map<String, StrategyProvider> PROVIDERS = new LinkedHashMap<>();

    static {
        register(FedAvg.PROVIDER);
    }

    private Strategies() {
    }

    private static void register(StrategyProvider p) {
        PROVIDERS.put(p.name(), p);
    }

    /** All providers, in a stable order. */
    public static List<StrategyProvider> providers() {
        return List.copyOf(PROVIDERS.values());
    }

    /**
     * Creates a strategy by name with settings.
     *
     * @throws StrategyConfigException for an unknown name or a bad setting
     */
    public static Strategy create(String name, Map<String, Object> settings) {
        String key = name == null ? FedAvg.NAME : name.toLowerCase(Locale.ROOT);
        StrategyProvider p = PROVIDERS.get(key);
        if (p == null) {
            throw new StrategyConfigException("strategy.name", "one of " + PROVIDERS.keySet(), name);
        }
        return p.create(settings == null ? Map.of() : settings);
    }
}
