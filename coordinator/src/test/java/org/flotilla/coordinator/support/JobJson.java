package org.flotilla.coordinator.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Job requests for tests: a logistic regression on {@link Blobs}, with overrides. */
public final class JobJson {

    private JobJson() {
    }

    /** The default test job with {@code overrides} given as key, value, key, value… (null removes a key). */
    public static Map<String, Object> of(Object... overrides) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", "test job");
        job.put("model", Map.of("name", "logreg"));
        job.put("inputShape", List.of(Blobs.FEATURES));
        job.put("numClasses", Blobs.CLASSES);
        job.put("localEpochs", 1);
        job.put("batchSize", 16);
        job.put("optimizer", Map.of("name", "sgd", "learningRate", 0.1));
        job.put("seed", 42);
        job.put("strategy", Map.of("name", "fedavg"));
        job.put("rounds", 2);
        job.put("clientsPerRound", 2);
        job.put("minClients", 2);
        job.put("overSelection", 1.0);
        job.put("roundTimeoutSeconds", 120);
        job.put("selectionTimeoutSeconds", 60);
        job.put("maxRoundRetries", 0);
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                job.remove((String) overrides[i]);
            } else {
                job.put((String) overrides[i], overrides[i + 1]);
            }
        }
        return job;
    }
}
