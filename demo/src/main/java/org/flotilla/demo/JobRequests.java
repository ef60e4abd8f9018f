package org.flotilla.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Job requests for the demo and the benchmark. */
public final class JobRequests {

    private JobRequests() {
    }

    /**
     * A FedAvg job on Fashion-MNIST where every client takes part in every round, evaluated on the
     * Fashion-MNIST test set by the coordinator after each round.
     */
    public static Map<String, Object> fashionMnist(String name, String model, int rounds, int clients, long seed,
                                                   double learningRate, int batchSize) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("model", Map.of("name", model));
        job.put("inputShape", List.of(1, 28, 28));
        job.put("numClasses", 10);
        job.put("localEpochs", 1);
        job.put("batchSize", batchSize);
        job.put("optimizer", Map.of("name", "sgd", "learningRate", learningRate));
        job.put("seed", seed);
        job.put("strategy", Map.of("name", "fedavg"));
        job.put("rounds", rounds);
        job.put("clientsPerRound", clients);
        job.put("minClients", clients);
        job.put("overSelection", 1.0);
        job.put("roundTimeoutSeconds", 900);
        job.put("maxRoundRetries", 2);
        job.put("evaluation", Map.of("dataset", "fashion-mnist"));
        return job;
    }
}
