package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

import org.flotilla.model.protocol.ClientSetting;

/**
 * FedProx: clients minimise their local loss plus the proximal term {@code (μ/2)·‖w − w_global‖²},
 * which limits how far heterogeneous clients drift from the global model; the server aggregates
 * exactly as {@link FedAvg}. This class only hands {@code μ} to each client as the per-client
 * setting {@code fedproxMu}; the edge client applies the term.
 *
 * <p>Li, Sahu, Zaheer, Sanjabi, Talwalkar, Smith, "Federated Optimization in Heterogeneous
 * Networks", MLSys 2020.
 *
 * <p>Streaming, memory O(model).
 */
public final class FedProx implements MeanStrategy {

    public static final String NAME = "fedprox";

    /** The per-client setting the edge client reads. */
    public static final String CLIENT_MU = ClientSetting.FEDPROX_MU.key();

    static final SettingSpec MU = SettingSpec.number("mu", 0.01,
            "Proximal coefficient μ applied by clients; 0 is FedAvg (the paper tunes μ in {0.001, 0.01, 0.1, 1})")
            .atLeast(0);

    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "FedProx: FedAvg on the server, proximal term μ/2·‖w − w_global‖² on clients "
                    + "(Li et al., MLSys 2020). Streaming, memory O(model).",
            List.of(MU), s -> new FedProx(Settings.number(s, MU)));

    private final double mu;

    /** FedProx with proximal coefficient {@code mu ≥ 0}. */
    public FedProx(double mu) {
        if (!MU.allows(mu)) {
            throw new IllegalArgumentException("mu must be " + MU.limit() + ", got " + mu);
        }
        this.mu = mu;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        return Settings.values(MU.name(), mu);
    }

    @Override
    public Map<String, Double> configureClient(RoundContext round, String clientId) {
        return Map.of(CLIENT_MU, mu);
    }

    @Override
    public AggregationOutcome aggregateMean(RoundContext round, float[] global, WeightedMean mean, StrategyState state) {
        return new FedAvg().aggregateMean(round, global, mean, state);
    }
}
