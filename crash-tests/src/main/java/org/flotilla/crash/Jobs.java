package org.flotilla.crash;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flotilla.model.json.WireJson;

/**
 * The campaign's job requests: three clients per round, a quorum of two (so a decline still lets
 * the round aggregate), no over-selection, and deadlines far away (no round ends by its clock
 * while the suite runs).
 */
final class Jobs {

    private Jobs() {
    }

    /** An MLP of 256 → 1024 → 1024 → 4 (1.32 M parameters) with server-side and federated evaluation. */
    static String big(String name, int rounds, int inputs, int classes, Path evaluationCsv) {
        Map<String, Object> job = base(name, rounds, inputs, classes, List.of(1024, 1024));
        job.put("evaluation", Map.of("path", evaluationCsv.toString()));
        job.put("federatedEvaluation", Map.of("every", 1, "clientsPerRound", 3, "minClients", 2, "timeoutSeconds", 3600));
        return WireJson.write(job);
    }

    /** A small MLP without evaluation. */
    static String small(String name, int rounds, int inputs, int classes) {
        return WireJson.write(base(name, rounds, inputs, classes, List.of(8)));
    }

    /** A logistic regression on 32 features with every one of {@code clients} clients in each round (for request rates). */
    static String tiny(String name, int rounds, int clients) {
        Map<String, Object> job = base(name, rounds, 32, 2, List.of());
        job.put("model", Map.of("name", "logreg"));
        job.put("clientsPerRound", clients);
        job.put("minClients", clients);
        return WireJson.write(job);
    }

    private static Map<String, Object> base(String name, int rounds, int inputs, int classes, List<Integer> hidden) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("model", Map.of("name", "mlp", "params", Map.of("hidden", hidden)));
        job.put("inputShape", List.of(inputs));
        job.put("numClasses", classes);
        job.put("seed", 42);
        job.put("strategy", Map.of("name", "fedavg"));
        job.put("rounds", rounds);
        job.put("clientsPerRound", 3);
        job.put("minClients", 2);
        job.put("overSelection", 1.0);
        job.put("roundTimeoutSeconds", 3600);
        job.put("selectionTimeoutSeconds", 3600);
        job.put("maxRoundRetries", 0);
        return job;
    }
}
