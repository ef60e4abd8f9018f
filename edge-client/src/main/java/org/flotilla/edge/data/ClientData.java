package org.flotilla.edge.data;

import java.util.Arrays;
import java.util.Optional;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.LocalData;
import org.flotilla.model.plan.TrainingPlan;

/**
 * The training examples and the held-out examples (for local evaluation) of this device.
 *
 * @param train       training examples, not empty
 * @param heldOut     held-out examples, or null when there are none
 * @param description where the data came from, for the log
 */
public record ClientData(LabeledDataset train, LabeledDataset heldOut, String description) {

    public ClientData {
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException("the local data has no training examples");
        }
    }

    /**
     * Opens a data spec ({@link LocalData#open}); data without its own split gets
     * {@code heldOutFraction} held out.
     *
     * @throws org.flotilla.datasets.DataException when the spec cannot be read
     */
    public static ClientData open(String spec, double heldOutFraction) {
        LocalData local = LocalData.open(spec, LocalData.Options.defaults().withHeldOutFraction(heldOutFraction));
        return new ClientData(local.train(), local.heldOut().orElse(null), local.toString());
    }

    /** The held-out examples, if any. */
    public Optional<LabeledDataset> heldOutSet() {
        return Optional.ofNullable(heldOut);
    }

    /**
     * Why this data cannot train {@code plan}, or empty when it can. The feature count must match;
     * shapes of the same rank must match exactly (flat rows fit any shape of the same size);
     * every label must be one of the plan's classes.
     */
    public Optional<String> mismatch(TrainingPlan plan) {
        int[] want = plan.inputShape();
        int[] have = train.exampleShape();
        if (plan.featureCount() != train.featureCount()) {
            return Optional.of("plan expects " + plan.featureCount() + " features per example (shape "
                    + Arrays.toString(want) + "), the local data has " + train.featureCount() + " (shape "
                    + Arrays.toString(have) + ")");
        }
        if (want.length == have.length && !Arrays.equals(want, have)) {
            return Optional.of("plan expects examples of shape " + Arrays.toString(want) + ", the local data has "
                    + Arrays.toString(have));
        }
        int maxLabel = Math.max(maxLabel(train), heldOut == null ? -1 : maxLabel(heldOut));
        if (maxLabel >= plan.numClasses()) {
            return Optional.of("plan has " + plan.numClasses() + " classes (labels 0.." + (plan.numClasses() - 1)
                    + "), the local data has label " + maxLabel);
        }
        return Optional.empty();
    }

    /** The same examples with one-hot width {@code plan.numClasses()} (no copy of the arrays). */
    public ClientData forPlan(TrainingPlan plan) {
        return new ClientData(train.withNumClasses(plan.numClasses()),
                heldOut == null ? null : heldOut.withNumClasses(plan.numClasses()), description);
    }

    private static int maxLabel(LabeledDataset d) {
        int max = -1;
        for (int label : d.labels()) {
            max = Math.max(max, label);
        }
        return max;
    }
}
