package org.flotilla.coordinator.strategy;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

class FedProxTest {

    @Test
    void handsEachClientTheProximalCoefficient() {
        // Prepare
        Strategy byDefault = Strategies.create("fedprox", Map.of());
        Strategy tuned = Strategies.create("fedprox", Map.of("mu", 0.1));

        // Execute
        Map<String, Double> defaultSettings = byDefault.configureClient(Rounds.round(3), "c1");
        Map<String, Double> tunedSettings = tuned.configureClient(Rounds.round(3), "c2");

        // Assert
        assertThat(defaultSettings).containsExactly(Map.entry("fedproxMu", 0.01));
        assertThat(tunedSettings).containsExactly(Map.entry("fedproxMu", 0.1));
        assertThat(tuned.settings()).containsExactly(Map.entry("mu", 0.1));
    }

    @Test
    void aggregatesExactlyAsFedAvg() {
        // Prepare
        Random random = new Random(3);
        float[] global = Rounds.gaussian(random, 800, 1.0);
        Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(random, 5, 800, 0.3), Rounds.examples(random, 5));

        // Execute
        var prox = newModel(new FedProx(0.5).aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));
        var avg = newModel(new FedAvg().aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        assertThat(prox.weights()).containsExactly(avg.weights());
        assertThat(prox.participants()).isEqualTo(avg.participants());
        round.assertEachLoadedExactly(2);
    }

    @Test
    void aNegativeMuIsRejectedNamingTheFieldAndTheLimit() {
        // Execute / Assert
        assertThatThrownBy(() -> Strategies.create("fedprox", Map.of("mu", -0.1)))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.mu");
                    assertThat(e.limit()).isEqualTo("a number ≥ 0");
                });
    }
}
