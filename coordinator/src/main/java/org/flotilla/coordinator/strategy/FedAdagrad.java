package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/**
 * FedAdagrad: {@link FedOpt} with the second moment {@code v ← v + Δ̄²}, so each coordinate's
 * step shrinks with its accumulated squared pseudo-gradients.
 *
 * <p>Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar, McMahan, "Adaptive Federated
 * Optimization", ICLR 2021, Algorithm 2.
 *
 * <p>Defaults as Flower's {@code FedAdagrad}: η = 0.1, τ = 1e-9, β1 = 0 (Flower fixes it at 0;
 * Algorithm 2 allows any β1, so it is a setting here). β2 plays no part in Adagrad and is not a
 * setting. Streaming, memory O(model).
 */
public final class FedAdagrad extends FedOpt {

    public static final String NAME = "fedadagrad";

    static final SettingSpec ETA = etaSpec(0.1);
    static final SettingSpec BETA1 = beta1Spec(0.0);
    static final SettingSpec TAU = tauSpec(1e-9);

    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "FedAdagrad: server Adagrad on the mean delta, v ← v + Δ̄² (Reddi et al., ICLR 2021). "
                    + "Streaming, memory O(model).",
            List.of(ETA, BETA1, TAU),
            s -> new FedAdagrad(Settings.number(s, ETA), Settings.number(s, BETA1), Settings.number(s, TAU)));

    /** FedAdagrad with server learning rate η, momentum β1 and adaptivity τ. */
    public FedAdagrad(double eta, double beta1, double tau) {
        super(eta, beta1, 0.0, tau);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        return Settings.values(ETA.name(), eta, BETA1.name(), beta1, TAU.name(), tau);
    }

    @Override
    void updateSecondMoment(double[] v, double[] delta) {
        for (int i = 0; i < v.length; i++) {
            v[i] += delta[i] * delta[i];
        }
    }
}
