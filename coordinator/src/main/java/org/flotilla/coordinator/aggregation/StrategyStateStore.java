package org.flotilla.coordinator.aggregation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.flotilla.coordinator.artifact.ArtifactKind;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.strategy.StrategyState;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.springframework.stereotype.Component;

/**
 * Persists a strategy's state between rounds: each vector as a WeightsCodec artifact, and a JSON
 * manifest naming them plus the scalars. The manifest's hash is kept with the round and the job, so
 * a restarted coordinator hands the strategy exactly the state it returned.
 */
@Component
public class StrategyStateStore {

    private final ArtifactStore store;

    StrategyStateStore(ArtifactStore store) {
        this.store = store;
    }

    /** The manifest of a state as stored. */
    record Manifest(Map<String, String> vectors, Map<String, Double> scalars) {
    }

    /** Stores {@code state}; returns the manifest's hash, or null for an empty state. */
    public String write(StrategyState state) {
        if (state == null || state.isEmpty()) {
            return null;
        }
        Map<String, String> vectors = new TreeMap<>();
        state.vectors().forEach((name, v) ->
                vectors.put(name, store.write(ArtifactKind.STRATEGY_STATE, out -> WeightsCodec.write(v, out)).sha256()));
        Manifest manifest = new Manifest(vectors, new TreeMap<>(state.scalars()));
        return store.put(ArtifactKind.STRATEGY_STATE, WireJson.write(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .sha256();
    }

    /** The state stored under {@code manifestSha256}; {@link StrategyState#EMPTY} for null. */
    public StrategyState read(String manifestSha256) {
        if (manifestSha256 == null) {
            return StrategyState.EMPTY;
        }
        Manifest manifest = WireJson.read(store.read(manifestSha256), Manifest.class);
        Map<String, float[]> vectors = new LinkedHashMap<>();
        manifest.vectors().forEach((name, sha) -> vectors.put(name, store.readWeights(sha, -1)));
        return new StrategyState(vectors, manifest.scalars());
    }
}
