package org.flotilla.coordinator.strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry as {@code GET /api/v1/strategies} and job creation use it. */
class StrategiesTest {

    static Stream<StrategyProvider> providers() {
        return Strategies.providers().stream();
    }

    /** Every bounded number setting of every strategy, with a value just outside each bound. */
    static Stream<Arguments> outOfRange() {
        List<Arguments> cases = new ArrayList<>();
        for (StrategyProvider p : Strategies.providers()) {
            for (SettingSpec s : p.settings()) {
                if (s.name().contains(".")) {
                    continue; // nested normBound settings: NormBoundTest
                }
                if (s.min() != null) {
                    cases.add(Arguments.of(p.name(), s, s.minExclusive() ? s.min().doubleValue() : s.min().doubleValue() - 1));
                }
                if (s.max() != null) {
                    cases.add(Arguments.of(p.name(), s, s.maxExclusive() ? s.max().doubleValue() : s.max().doubleValue() + 1));
                }
            }
        }
        return cases.stream();
    }

    @Test
    void listsEveryStrategyInAStableOrder() {
        // Execute
        List<String> names = Strategies.providers().stream().map(StrategyProvider::name).toList();

        // Assert
        assertThat(names).containsExactly("fedavg", "fedprox", "fedavgm", "fedadagrad", "fedadam", "fedyogi",
                "median", "trimmed-mean", "krum");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void describesItselfWithItsPaperAndCompleteSettings(StrategyProvider provider) {
        // Execute
        String description = provider.description();
        List<SettingSpec> specs = provider.settings();

        // Assert
        assertThat(description).containsPattern("(19|20)\\d\\d").containsPattern("[Mm]emory O\\(");
        assertThat(specs).extracting(SettingSpec::name).contains("normBound.maxNorm", "normBound.policy");
        assertThat(specs).allSatisfy(s -> {
            assertThat(s.description()).isNotBlank();
            assertThat(s.type()).isIn("number", "integer", "string");
            if (s.defaultValue() != null) {
                assertThat(s.allows(s.defaultValue().doubleValue())).as("default of %s within %s", s.name(), s.limit())
                        .isTrue();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void defaultsFillEveryOwnSettingAndTheSettingsRecreateTheStrategy(StrategyProvider provider) {
        // Execute
        Strategy strategy = Strategies.create(provider.name(), Map.of());
        Strategy again = Strategies.create(strategy.name(), strategy.settings());

        // Assert
        assertThat(strategy.name()).isEqualTo(provider.name());
        for (SettingSpec s : provider.settings()) {
            if (!s.name().contains(".")) {
                assertThat(((Number) strategy.settings().get(s.name())).doubleValue()).as(s.name())
                        .isEqualTo(s.defaultValue().doubleValue());
            }
        }
        assertThat(again.settings()).isEqualTo(strategy.settings());
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("outOfRange")
    void aValueOutsideItsRangeNamesTheFieldAndTheLimit(String name, SettingSpec spec, double value) {
        // Prepare
        Map<String, Object> settings = Map.of(spec.name(), value);

        // Execute / Assert
        assertThatThrownBy(() -> Strategies.create(name, settings))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy." + spec.name());
                    assertThat(e.limit()).isEqualTo(spec.limit());
                    assertThat(e.getMessage()).startsWith("strategy." + spec.name() + " must be " + spec.limit());
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void anUnknownSettingIsRejectedNamingIt(StrategyProvider provider) {
        // Execute / Assert
        assertThatThrownBy(() -> Strategies.create(provider.name(), Map.of("learningRate", 0.1)))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.learningRate");
                    assertThat(e.getMessage()).contains("unknown setting");
                });
    }

    @Test
    void wrongTypesAreRejected() {
        // Execute / Assert
        assertThatThrownBy(() -> Strategies.create("fedadam", Map.of("eta", "fast")))
                .isInstanceOfSatisfying(StrategyConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("strategy.eta"));
        assertThatThrownBy(() -> Strategies.create("krum", Map.of("byzantine", 1.5)))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.byzantine");
                    assertThat(e.limit()).isEqualTo("a whole number");
                });
        assertThatThrownBy(() -> Strategies.create("fedavgm", Map.of("serverMomentum", Double.NaN)))
                .isInstanceOfSatisfying(StrategyConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("strategy.serverMomentum"));
    }

    @Test
    void namesAreCaseInsensitiveDefaultToFedAvgAndUnknownOnesAreRejected() {
        // Prepare
        Map<String, Object> withName = new HashMap<>();
        withName.put("name", "KRUM");
        withName.put("byzantine", 2);

        // Execute
        Strategy krum = Strategies.create("KRUM", withName);
        Strategy unnamed = Strategies.create(null, null);

        // Assert
        assertThat(krum).isInstanceOf(Krum.class);
        assertThat(unnamed).isInstanceOf(FedAvg.class);
        assertThat(Strategies.provider("Trimmed-Mean")).isPresent();
        assertThatThrownBy(() -> Strategies.create("bulyan", Map.of()))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.name");
                    assertThat(e.limit()).contains("fedavg", "krum");
                });
    }

    @Test
    void settingLimitsReadAsIntervals() {
        // Assert
        assertThat(SettingSpec.number("a", 0.5, "x").atLeast(0).below(1).limit()).isEqualTo("in [0, 1)");
        assertThat(SettingSpec.number("a", 0.5, "x").above(0).atMost(2.5).limit()).isEqualTo("in (0, 2.5]");
        assertThat(SettingSpec.number("a", 0.5, "x").above(0).limit()).isEqualTo("a number > 0");
        assertThat(SettingSpec.integer("a", 1, "x").atLeast(1).limit()).isEqualTo("a whole number ≥ 1");
        assertThat(SettingSpec.choice("p", List.of("clip", "reject"), "x").defaultSetting()).isEqualTo("clip");
        assertThat(new SettingSpec("old", "number", 1, 0, 2, "the original constructor").limit()).isEqualTo("in [0, 2]");
    }
}
