package org.flotilla.edge.round;

import java.util.Map;
import java.util.TreeMap;

import org.flotilla.model.plan.PlanException;
import org.flotilla.model.protocol.ClientSetting;
import org.flotilla.model.plan.TrainingPlan;

/**
 * The client settings in force for one assignment: the plan's {@code clientSettings}, overridden
 * by the assignment's {@code settings} (the strategy's per-client choice).
 *
 * @param epochs    local epochs ({@code localEpochs}, else the plan's)
 * @param fedproxMu FedProx μ ({@code fedproxMu}), 0 for plain FedAvg
 * @param clipNorm  L2 bound on the update ({@code clipNorm}), 0 for none
 */
public record RoundSettings(int epochs, double fedproxMu, double clipNorm) {

    /** Setting keys this client understands: all of the protocol's ({@link ClientSetting}). */
    public static final String LOCAL_EPOCHS = ClientSetting.LOCAL_EPOCHS.key();
    public static final String FEDPROX_MU = ClientSetting.FEDPROX_MU.key();
    public static final String CLIP_NORM = ClientSetting.CLIP_NORM.key();

    /**
     * Merges and validates the settings.
     *
     * @throws PlanException naming the setting when a value is out of range
     */
    public static RoundSettings of(TrainingPlan plan, Map<String, Double> assignmentSettings) {
        Map<String, Double> merged = new TreeMap<>(plan.clientSettings());
        merged.putAll(assignmentSettings);
        double epochs = merged.getOrDefault(LOCAL_EPOCHS, (double) plan.localEpochs());
        if (epochs < 1 || epochs > TrainingPlan.MAX_LOCAL_EPOCHS || epochs != Math.rint(epochs)) {
            throw new PlanException(LOCAL_EPOCHS, "a whole number in [1, " + TrainingPlan.MAX_LOCAL_EPOCHS + "]", epochs);
        }
        double mu = merged.getOrDefault(FEDPROX_MU, 0.0);
        double lr = plan.optimizer().learningRate();
        if (mu < 0 || lr * mu >= 1) {
            throw new PlanException(FEDPROX_MU, ">= 0 with learningRate × fedproxMu < 1 (learning rate " + lr + ")", mu);
        }
        double clip = merged.getOrDefault(CLIP_NORM, 0.0);
        if (clip < 0) {
            throw new PlanException(CLIP_NORM, ">= 0 (0 = no clipping)", clip);
        }
        return new RoundSettings((int) epochs, mu, clip);
    }
}
