package org.flotilla.coordinator.aggregation;

import java.util.concurrent.ConcurrentHashMap;

import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.springframework.stereotype.Component;

/** Training plans by artifact hash, parsed once (plans are immutable, so caching is safe). */
@Component
public class PlanCache {

    private final ArtifactStore store;
    private final ConcurrentHashMap<String, TrainingPlan> plans = new ConcurrentHashMap<>();

    PlanCache(ArtifactStore store) {
        this.store = store;
    }

    /** The plan stored under {@code sha256}. */
    public TrainingPlan plan(String sha256) {
        return plans.computeIfAbsent(sha256, sha -> TrainingPlans.fromJson(store.read(sha)));
    }
}
