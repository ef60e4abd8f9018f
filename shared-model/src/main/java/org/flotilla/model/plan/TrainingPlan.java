package org.flotilla.model.plan;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a client needs to train one round, apart from the global weights: the network's program
 * (a DL4J {@code MultiLayerConfiguration} as JSON), the input it expects, and the local
 * hyper-parameters. Plans are immutable and stored as artifacts named by the SHA-256 of their
 * JSON, so a client can cache them across rounds.
 *
 * @param version              plan format version ({@link #VERSION})
 * @param architecture         the built-in architecture it came from ({@code logreg}, {@code mlp},
 *                             {@code cnn}) or {@code custom} for operator-supplied JSON
 * @param networkConfiguration DL4J configuration JSON
 * @param inputShape           shape of one example: {@code [channels, height, width]} or {@code [features]}
 * @param numClasses           number of labels
 * @param localEpochs          passes over the local data per round (E in McMahan et al.)
 * @param batchSize            local mini-batch size (B)
 * @param optimizer            the client optimizer; it overrides any updater in the JSON
 * @param seed                 seed of the initial weights and of local shuffling
 * @param clientSettings       strategy-specific client settings (e.g. {@code fedproxMu}, {@code clipNorm})
 */
public record TrainingPlan(
        int version,
        String architecture,
        String networkConfiguration,
        int[] inputShape,
        int numClasses,
        int localEpochs,
        int batchSize,
        Optimizer optimizer,
        long seed,
        Map<String, Double> clientSettings) {

    public static final int VERSION = 1;
    public static final int MAX_LOCAL_EPOCHS = 100;
    public static final int MAX_BATCH_SIZE = 65_536;

    public TrainingPlan {
        if (version != VERSION) {
            throw new PlanException("version", "equal to " + VERSION, version);
        }
        architecture = Objects.requireNonNullElse(architecture, "custom");
        if (networkConfiguration == null || networkConfiguration.isBlank()) {
            throw new PlanException("networkConfiguration", "a DL4J MultiLayerConfiguration JSON document");
        }
        if (inputShape == null || inputShape.length == 0 || inputShape.length > 3
                || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
            throw new PlanException("inputShape", "1 to 3 positive dimensions", Arrays.toString(inputShape));
        }
        inputShape = inputShape.clone();
        if (numClasses < 2 || numClasses > 100_000) {
            throw new PlanException("numClasses", "in [2, 100000]", numClasses);
        }
        if (localEpochs < 1 || localEpochs > MAX_LOCAL_EPOCHS) {
            throw new PlanException("localEpochs", "in [1, " + MAX_LOCAL_EPOCHS + "]", localEpochs);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new PlanException("batchSize", "in [1, " + MAX_BATCH_SIZE + "]", batchSize);
        }
        optimizer = Objects.requireNonNullElse(optimizer, Optimizer.DEFAULT);
        clientSettings = clientSettings == null ? Map.of() : Map.copyOf(new TreeMap<>(clientSettings));
        clientSettings.forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) {
                throw new PlanException("clientSettings." + k, "a finite number", v);
            }
        });
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Number of input features per example (the product of the input shape). */
    public int featureCount() {
        int n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        return n;
    }

    /** This plan with other client settings (the strategy's per-job settings). */
    public TrainingPlan withClientSettings(Map<String, Double> settings) {
        return new TrainingPlan(version, architecture, networkConfiguration, inputShape, numClasses,
                localEpochs, batchSize, optimizer, seed, settings);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingPlan p && version == p.version && numClasses == p.numClasses
                && localEpochs == p.localEpochs && batchSize == p.batchSize && seed == p.seed
                && architecture.equals(p.architecture) && networkConfiguration.equals(p.networkConfiguration)
                && Arrays.equals(inputShape, p.inputShape) && optimizer.equals(p.optimizer)
                && clientSettings.equals(p.clientSettings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, architecture, networkConfiguration, Arrays.hashCode(inputShape), numClasses,
                localEpochs, batchSize, optimizer, seed, clientSettings);
    }

    @Override
    public String toString() {
        return "TrainingPlan[" + architecture + ", input=" + Arrays.toString(inputShape) + ", classes=" + numClasses
                + ", E=" + localEpochs + ", B=" + batchSize + ", " + optimizer + ", seed=" + seed
                + ", settings=" + clientSettings + "]";
    }
}
