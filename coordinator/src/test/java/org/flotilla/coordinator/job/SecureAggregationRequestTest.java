package org.flotilla.coordinator.job;

import java.util.LinkedHashMap;
import java.util.Map;

import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.strategy.Strategy;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job request's secureAggregation object: the library's rules, the strategy and the round size. */
class SecureAggregationRequestTest {

    private static final RoundPolicy TEN = new RoundPolicy(10, 8, 1.0, 60, 30, 1);
    private static final Strategy FEDAVG = Strategies.create("fedavg", Map.of());

    @Test
    void anEmptyObjectTakesTheLibrarysDefaultsAndGivenFieldsOverrideThem() {
        // Execute
        SecAggParameters defaults = SecureAggregationRequest.parametersFor(Map.of(), FEDAVG, TEN, null);
        SecAggParameters given = SecureAggregationRequest.parametersFor(Map.of("threshold", 4, "neighbours", "complete",
                "clipRange", 0.5, "quantizationBits", 12, "maxWeight", 1000), FEDAVG, TEN, null);

        // Assert
        assertThat(defaults).isEqualTo(SecAggParameters.defaults());
        assertThat(given).isEqualTo(new SecAggParameters(new Threshold.Fixed(4), new Neighbourhood.Complete(), 0.5, 12, 1000));
    }

    @Test
    void everyBrokenRuleOfTheLibraryNamesTheFieldAndItsLimit() {
        assertRefused(Map.of("quantizationBits", 40), FEDAVG, TEN, "secureAggregation.quantizationBits", "1..24");
        assertRefused(Map.of("maxWeight", 0), FEDAVG, TEN, "secureAggregation.maxWeight", "1..16777216");
        assertRefused(Map.of("neighbours", 3), FEDAVG, TEN, "secureAggregation.neighbours", "an even integer in 2..9998");
        assertRefused(Map.of("clipRange", "wide"), FEDAVG, TEN, "secureAggregation.clipRange", null);
        assertRefused(Map.of("colour", 1), FEDAVG, TEN, "secureAggregation.colour", "absent (unknown field)");
        Map<String, Object> two = new LinkedHashMap<>(Map.of("quantizationBits", 0, "maxWeight", -1));
        assertThatThrownBy(() -> SecureAggregationRequest.parametersFor(two, FEDAVG, TEN, null))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.getMessage())
                        .contains("quantizationBits").contains("maxWeight"));
    }

    @Test
    void theRoundSizeMustLetTheProtocolRun() {
        assertRefused(Map.of(), FEDAVG, new RoundPolicy(1, 1, 1.0, 60, 30, 1), "clientsPerRound", "2..10000");
        assertRefused(Map.of("threshold", 12), FEDAVG, TEN, "secureAggregation.threshold", "at most 10");
    }

    @Test
    void strategiesThatNeedEachUpdateAreRefusedAndTheClippingNormBoundIsAccepted() {
        for (String name : new String[] {"median", "trimmed-mean", "krum"}) {
            assertRefused(Map.of(), Strategies.create(name, Map.of()), TEN, "strategy.name",
                    "one of fedavg, fedprox, fedavgm, fedadagrad, fedadam, fedyogi");
        }
        Strategy rejecting = Strategies.create("fedavg", Map.of("normBound", Map.of("maxNorm", 5, "policy", "reject")));
        assertRefused(Map.of(), rejecting, TEN, "strategy.normBound.policy", "clip");
        Strategy clipping = Strategies.create("fedadam", Map.of("normBound", Map.of("maxNorm", 5, "policy", "clip")));
        assertThat(SecureAggregationRequest.parametersFor(Map.of(), clipping, TEN, null)).isEqualTo(SecAggParameters.defaults());
    }

    @Test
    void theJobsExamplesCapBoundsTheWeightCapThatDevicesApplyBeforeMasking() {
        // Execute
        SecAggParameters lowered = SecureAggregationRequest.parametersFor(Map.of(), FEDAVG, TEN, 500L);
        SecAggParameters within = SecureAggregationRequest.parametersFor(Map.of("maxWeight", 400), FEDAVG, TEN, 500L);
        SecAggParameters above = SecureAggregationRequest.parametersFor(Map.of(), FEDAVG, TEN, 1L << 30);

        // Assert
        assertThat(lowered.maxWeight()).isEqualTo(500);
        assertThat(within.maxWeight()).isEqualTo(400);
        assertThat(above.maxWeight()).isEqualTo(SecAggParameters.defaults().maxWeight());
        assertThatThrownBy(() -> SecureAggregationRequest.parametersFor(Map.of("maxWeight", 501), FEDAVG, TEN, 500L))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.field()).isEqualTo("secureAggregation.maxWeight");
                    assertThat(e.limit()).isEqualTo("at most maxExamplesPerClient (500)");
                });
    }

    private static void assertRefused(Map<String, Object> settings, Strategy strategy, RoundPolicy policy,
                                      String field, String limit) {
        assertThatThrownBy(() -> SecureAggregationRequest.parametersFor(settings, strategy, policy, null))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
                    if (limit != null) {
                        assertThat(e.limit()).as(e.getMessage()).isEqualTo(limit);
                    }
                    assertThat(e.getMessage()).isNotBlank();
                });
    }
}
