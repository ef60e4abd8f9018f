package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/**
 * FedAdam: {@link FedOpt} with the second moment {@code v ← β2·v + (1 − β2)·Δ̄²}.
 *
 * <p>Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar, McMahan, "Adaptive Federated
 * Optimization", ICLR 2021, Algorithm 2.
 *
 * <p>Defaults as Flower's {@code FedAdam}: η = 0.1, β1 = 0.9, β2 = 0.99, τ = 1e-9. Recent Flower
 * versions also apply Adam's bias correction to η; Algorithm 2 does not, and neither does this
 * class. Streaming, memory O(model).
 */
public final class FedAdam extends FedOpt {

    public static final String NAME = "fedadam";

    static final SettingSpec ETA = etaSpec(0.1);
    static final SettingSpec BETA1 = beta1Spec(0.9);
    static final SettingSpec BETA2 = beta2Spec(0.99);
    static final SettingSpec TAU = tauSpec(1e-9);

    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "FedAdam: server Adam on the mean delta, v ← β2·v + (1 − β2)·Δ̄² (Reddi et al., ICLR 2021). "
                    + "Streaming, memory O(model).",
            List.of(ETA, BETA1, BETA2, TAU),
            s -> new FedAdam(Settings.number(s, ETA), Settings.number(s, BETA1), Settings.number(s, BETA2),
                    Settings.number(s, TAU)));

    /** FedAdam with server learning rate η, decays β1 and β2, and adaptivity τ. */
    public FedAdam(double eta, double beta1, double beta2, double tau) {
        super(eta, beta1, beta2, tau);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        return Settings.values(ETA.name(), eta, BETA1.name(), beta1, BETA2.name(), beta2, TAU.name(), tau);
    }

    @Override
    void updateSecondMoment(double[] v, double[] delta) {
        for (int i = 0; i < v.length; i++) {
            v[i] = beta2 * v[i] + (1 - beta2) * delta[i] * delta[i];
        }
    }
}
