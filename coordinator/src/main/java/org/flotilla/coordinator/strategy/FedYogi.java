package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/**
 * FedYogi: {@link FedOpt} with the second moment {@code v ← v − (1 − β2)·Δ̄²·sign(v − Δ̄²)}, which
 * moves {@code v} towards {@code Δ̄²} by an additive step and so grows it more cautiously than Adam.
 *
 * <p>Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar, McMahan, "Adaptive Federated
 * Optimization", ICLR 2021, Algorithm 2 (after Zaheer et al., "Adaptive Methods for Nonconvex
 * Optimization", NeurIPS 2018).
 *
 * <p>Defaults as Flower's {@code FedYogi}: η = 0.01, β1 = 0.9, β2 = 0.99, τ = 1e-3. Streaming,
 * memory O(model).
 */
public final class FedYogi extends FedOpt {

    public static final String NAME = "fedyogi";

    static final SettingSpec ETA = etaSpec(0.01);
    static final SettingSpec BETA1 = beta1Spec(0.9);
    static final SettingSpec BETA2 = beta2Spec(0.99);
    static final SettingSpec TAU = tauSpec(1e-3);

    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "FedYogi: server Yogi on the mean delta, v ← v − (1 − β2)·Δ̄²·sign(v − Δ̄²) "
                    + "(Reddi et al., ICLR 2021). Streaming, memory O(model).",
            List.of(ETA, BETA1, BETA2, TAU),
            s -> new FedYogi(Settings.number(s, ETA), Settings.number(s, BETA1), Settings.number(s, BETA2),
                    Settings.number(s, TAU)));

    /** FedYogi with server learning rate η, decays β1 and β2, and adaptivity τ. */
    public FedYogi(double eta, double beta1, double beta2, double tau) {
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
            double d2 = delta[i] * delta[i];
            v[i] -= (1 - beta2) * d2 * Math.signum(v[i] - d2);
        }
    }
}
