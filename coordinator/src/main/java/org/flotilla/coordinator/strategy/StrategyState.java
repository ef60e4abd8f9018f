package org.flotilla.coordinator.strategy;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a strategy carries from one round to the next (server momentum, moment estimates),
 * persisted with the round so a restarted coordinator continues exactly where it stopped.
 *
 * @param vectors named parameter-sized vectors (e.g. {@code m}, {@code v})
 * @param scalars named numbers (e.g. a step counter)
 */
public record StrategyState(Map<String, float[]> vectors, Map<String, Double> scalars) {

    public static final StrategyState EMPTY = new StrategyState(Map.of(), Map.of());

    public StrategyState {
        TreeMap<String, float[]> v = new TreeMap<>();
        if (vectors != null) {
            vectors.forEach((k, a) -> v.put(k, a.clone()));
        }
        vectors = java.util.Collections.unmodifiableMap(v);
        scalars = scalars == null ? Map.of() : Map.copyOf(new TreeMap<>(scalars));
    }

    /** A copy of the named vector, or null. */
    public float[] vector(String name) {
        float[] a = vectors.get(name);
        return a == null ? null : a.clone();
    }

    public boolean isEmpty() {
        return vectors.isEmpty() && scalars.isEmpty();
    }
}
