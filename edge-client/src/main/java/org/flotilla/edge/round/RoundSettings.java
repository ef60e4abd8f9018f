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
 * @param localNoiseMultiplier local differential privacy's z ({@code localNoiseMultiplier}): Gaussian
 *                  noise of standard deviation z × clipNorm on every coordinate before upload; 0 for none
 */
public record RoundSettings(int epochs, double fedproxMu, double clipNorm, double localNoiseMultiplier) {

    /** Setting keys this client understands: all of the protocol's ({@link ClientSetting}). */
    public static final String LOCAL_EPOCHS = ClientSetting.LOCAL_EPOCHS.key();
    public static final String FEDPROX_MU = ClientSetting.FEDPROX_MU.key();
    public static final String CLIP_NORM = ClientSetting.CLIP_NORM.key();
    public static final String LOCAL_NOISE_MULTIPLIER = ClientSetting.LOCAL_NOISE_MULTIPLIER.key();
    /** The largest local noise multiplier accepted (as the coordinator's planning limit). */
    static final double MAX_LOCAL_NOISE_MULTIPLIER = 10_000;

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
        if (!(clip >= 0) || Double.isInfinite(clip)) {
            throw new PlanException(CLIP_NORM, ">= 0 (0 = no clipping)", clip);
        }
        double local = merged.getOrDefault(LOCAL_NOISE_MULTIPLIER, 0.0);
        if (!(local >= 0 && local <= MAX_LOCAL_NOISE_MULTIPLIER)) {
            throw new PlanException(LOCAL_NOISE_MULTIPLIER, "in [0, " + (int) MAX_LOCAL_NOISE_MULTIPLIER + "] (0 = none)",
                    local);
        }
        if (local > 0 && clip == 0) {
            // Noise is scaled to the clip norm: without a bound on the update it protects nothing.
            throw new PlanException(LOCAL_NOISE_MULTIPLIER, "only with clipNorm > 0", local);
        }
        return new RoundSettings((int) epochs, mu, clip, local);
    }
}
