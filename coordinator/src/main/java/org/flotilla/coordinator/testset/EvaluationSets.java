package org.flotilla.coordinator.testset;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.LocalData;
import org.flotilla.datasets.csv.CsvOptions;
import org.flotilla.datasets.mnist.FashionMnist;
import org.flotilla.datasets.mnist.Mnist;
import org.flotilla.model.plan.TrainingPlan;
import org.springframework.stereotype.Component;

/**
 * Loads server-side evaluation sets and keeps the few most recently used in memory (a job
 * evaluates on the same set every round). A set named by {@code path} must lie under
 * {@code flotilla.evaluation.root} ({@link EvaluationRoot}), checked at job creation and again at
 * every read.
 */
@Component
public class EvaluationSets {

    private static final int CACHED = 3;

    private final Map<Key, LabeledDataset> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, LabeledDataset> eldest) {
            return size() > CACHED;
        }
    };

    private record Key(EvaluationSpec spec, int numClasses) {
    }

    private final EvaluationRoot root;

    EvaluationSets(EvaluationProperties properties, FlotillaProperties flotilla) {
        this.root = new EvaluationRoot(properties.root() != null ? properties.root()
                : flotilla.dataDir().resolve("evaluation"));
    }

    /** The folder evaluation sets are read from (its real path). */
    public Path root() {
        return root.path();
    }

    /**
     * Checks that a spec is well-formed and that its path lies under the root.
     *
     * @throws org.flotilla.coordinator.system.Invalid 400 naming the field and its limit
     */
    public void check(EvaluationSpec spec) {
        validate(spec);
        if (spec.path() != null) {
            root.confine(spec.path());
        }
    }

    /**
     * The evaluation examples for {@code spec}, checked against the plan (feature count, classes).
     *
     * @throws org.flotilla.coordinator.system.Invalid 400 naming {@code evaluation.dataset} or {@code evaluation.path} when
     *                      the data cannot be read or does not fit the plan
     */
    public LabeledDataset load(EvaluationSpec spec, TrainingPlan plan) {
        Key key = new Key(spec, plan.numClasses());
        LabeledDataset data;
        synchronized (cache) {
            data = cache.get(key);
        }
        if (data == null) {
            data = read(spec, plan.numClasses());
            synchronized (cache) {
                cache.put(key, data);
            }
        }
        String field = spec.path() != null ? "evaluation.path" : "evaluation.dataset";
        if (data.featureCount() != plan.featureCount()) {
            throw Invalid.field(field, plan.featureCount() + " features per example (inputShape "
                    + Arrays.toString(plan.inputShape()) + ")", "the evaluation set has " + data.featureCount()
                    + " features per example, the plan expects " + plan.featureCount());
        }
        if (data.numClasses() > plan.numClasses()) {
            throw Invalid.field(field, "at most numClasses = " + plan.numClasses() + " classes",
                    "the evaluation set has " + data.numClasses() + " classes, the plan " + plan.numClasses());
        }
        return data;
    }

    /** Checks that a spec is well-formed (exactly one of dataset or path). */
    public static void validate(EvaluationSpec spec) {
        if ((spec.dataset() == null) == (spec.path() == null)) {
            throw Invalid.field("evaluation", "exactly one of dataset, path",
                    "evaluation must name either a dataset or a path");
        }
        if (spec.dataset() != null && !spec.dataset().toLowerCase(Locale.ROOT).matches("fashion-mnist|mnist")) {
            throw Invalid.field("evaluation.dataset", "one of fashion-mnist, mnist",
                    "evaluation.dataset must be fashion-mnist or mnist, was " + spec.dataset());
        }
    }

    private LabeledDataset read(EvaluationSpec spec, int numClasses) {
        validate(spec);
        LabeledDataset data;
        try {
            if (spec.dataset() != null) {
                data = spec.dataset().equalsIgnoreCase("mnist") ? Mnist.loadTest(Mnist.locate(null))
                        : FashionMnist.loadTest(FashionMnist.locate(null));
            } else {
                LocalData local = LocalData.open(root.confine(spec.path()).toString(), LocalData.Options.defaults().withHeldOutFraction(0)
                        .withCsv(CsvOptions.defaults().withNumClasses(numClasses)));
                data = local.heldOut().orElse(local.train());
            }
        } catch (DataException | IllegalArgumentException e) {
            String field = spec.path() != null ? "evaluation.path" : "evaluation.dataset";
            throw Invalid.field(field, "readable evaluation data", "the evaluation set cannot be read: " + e.getMessage());
        }
        if (spec.limit() != null && spec.limit() < data.size()) {
            int[] first = new int[spec.limit()];
            Arrays.setAll(first, i -> i);
            data = data.subset(first);
        }
        return data;
    }
}
