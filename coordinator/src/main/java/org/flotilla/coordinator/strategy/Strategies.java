package org.flotilla.coordinator.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of strategies by name. Every strategy accepts, besides its own settings, the
 * nested object {@code normBound} ({@link NormBound}), e.g.
 * {@code {"name":"fedavg","normBound":{"maxNorm":10,"policy":"clip"}}}.
 */
public final class Strategies {

    private static final Map<String, StrategyProvider> PROVIDERS = new LinkedHashMap<>();

    static {
        register(FedAvg.PROVIDER);
        register(FedProx.PROVIDER);
        register(FedAvgM.PROVIDER);
        register(FedAdagrad.PROVIDER);
        register(FedAdam.PROVIDER);
        register(FedYogi.PROVIDER);
        register(Median.PROVIDER);
        register(TrimmedMean.PROVIDER);
        register(Krum.PROVIDER);
    }

    private Strategies() {
    }

    private static void register(StrategyProvider p) {
        PROVIDERS.put(p.name(), NormBound.boundable(p));
    }

    /** All providers, in a stable order; their settings include {@code normBound.maxNorm} and {@code normBound.policy}. */
    public static List<StrategyProvider> providers() {
        return List.copyOf(PROVIDERS.values());
    }

    /** The provider registered under {@code name} (case-insensitive), if any. */
    public static Optional<StrategyProvider> provider(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(PROVIDERS.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The strategy that aggregates a job's rounds from their weighted mean alone, if {@code strategy}
     * needs nothing else (see {@link MeanStrategy}): the strategy itself, or for a {@link NormBound}
     * with {@link NormBound.Policy#CLIP} its wrapped strategy (the clients clip on the device, as
     * {@link NormBound#configureClient} tells them; a sum cannot be clipped per client). Empty for
     * strategies that need the individual updates: median, trimmed mean, Krum and a norm bound that
     * rejects. Secure aggregation accepts only jobs for which this is present.
     */
    public static Optional<MeanStrategy> meanBased(Strategy strategy) {
        return switch (strategy) {
            case MeanStrategy m -> Optional.of(m);
            case NormBound b when b.policy() == NormBound.Policy.CLIP -> meanBased(b.inner());
            default -> Optional.empty();
        };
    }

    /**
     * Creates a strategy by name with settings; a {@code normBound} object in the settings wraps it
     * in a {@link NormBound}. A {@code name} key in the settings is ignored (the argument wins).
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
