package org.flotilla.operator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.synthetic.SyntheticFedProx;

/**
 * Data and job requests for the tests: one device of Synthetic(0, 0) (the FedProx paper's
 * generator: 60 features, 10 classes, labels from one softmax-linear model) split into IID
 * shards of {@value #SHARD} examples, so every client and the evaluation set share one labelling
 * that a logistic regression learns; and a short logistic-regression job over it.
 */
public final class TestData {

    static final int SHARD = 150;
    private static final int SHARDS = 100;
    private static final LabeledDataset POOL = new SyntheticFedProx(0, 0, 0, 0, SHARD * SHARDS, SHARD * SHARDS)
            .device(0, 11);

    private TestData() {
    }

    /** Shard {@code k} (0–99) of the pool: a client's data, or an evaluation set. */
    public static LabeledDataset device(int k) {
        return POOL.subset(java.util.stream.IntStream.range(k * SHARD, (k + 1) * SHARD).toArray());
    }

    /** Writes device {@code k}'s data as CSV (label last) for the coordinator's server-side evaluation. */
    public static Path evaluationCsv(int k, Path file) {
        LabeledDataset d = device(k);
        StringBuilder sb = new StringBuilder();
        int f = d.featureCount();
        for (int i = 0; i < d.size(); i++) {
            for (int j = 0; j < f; j++) {
                sb.append(String.format(Locale.ROOT, "%.5f,", d.features()[i * f + j]));
            }
            sb.append(d.label(i)).append('\n');
        }
        try {
            return Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A logistic-regression job of {@code rounds} rounds over {@code clients} clients, with overrides (key, value…). */
    public static Map<String, Object> job(String name, int rounds, int clients, Path evaluationCsv, Object... overrides) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("model", Map.of("name", "logreg"));
        job.put("inputShape", List.of(SyntheticFedProx.FEATURES));
        job.put("numClasses", SyntheticFedProx.CLASSES);
        job.put("localEpochs", 1);
        job.put("batchSize", 16);
        job.put("optimizer", Map.of("name", "sgd", "learningRate", 0.1));
        job.put("seed", 42);
        job.put("strategy", Map.of("name", "fedavg"));
        job.put("rounds", rounds);
        job.put("clientsPerRound", clients);
        job.put("minClients", clients);
        job.put("overSelection", 1.0);
        job.put("roundTimeoutSeconds", 120);
        job.put("selectionTimeoutSeconds", 60);
        job.put("maxRoundRetries", 0);
        if (evaluationCsv != null) {
            job.put("evaluation", Map.of("path", evaluationCsv.toString()));
        }
        for (int i = 0; i < overrides.length; i += 2) {
            job.put((String) overrides[i], overrides[i + 1]);
        }
        return job;
    }
}
