package org.flotilla.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flotilla.secagg.wire.MessageFormatException;
import org.flotilla.secagg.wire.ParametersCodec;
import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void defaultsResolveForTypicalCohorts() {
        SecAggParameters d = SecAggParameters.defaults();
        RoundPlan ten = RoundPlan.resolve(d, 10).resolved().orElseThrow();
        assertThat(ten.neighbours()).isEqualTo(9); // logarithmic degree reaches n − 1: complete
        assertThat(ten.threshold()).isEqualTo(6);
        RoundPlan hundred = RoundPlan.resolve(d, 100).resolved().orElseThrow();
        assertThat(hundred.neighbours()).isEqualTo(20);
        assertThat(hundred.threshold()).isEqualTo(11);
        // 100 · 65536 · 65535 < 2^39
        assertThat(hundred.modulusBits()).isEqualTo(39);
        assertThat(hundred.bytesPerElement()).isEqualTo(5);
    }

    @Test
    void theModulusHoldsTheLargestPossibleSum() {
        for (int n : new int[] {2, 3, 10, 100, 1000, RoundPlan.MAX_PARTICIPANTS}) {
            SecAggParameters p = new SecAggParameters(new Threshold.Fixed(2), new Neighbourhood.Regular(2), 1,
                    SecAggParameters.MAX_QUANTIZATION_BITS, SecAggParameters.MAX_WEIGHT);
            RoundPlan plan = RoundPlan.resolve(p, n).resolved().orElseThrow();
            java.math.BigInteger max = java.math.BigInteger.valueOf(n).multiply(java.math.BigInteger.valueOf(p.maxWeight()))
                    .multiply(java.math.BigInteger.valueOf((1L << p.quantizationBits()) - 1));
            assertThat(max).isLessThan(java.math.BigInteger.ONE.shiftLeft(plan.modulusBits()));
            assertThat(plan.modulusBits()).isLessThanOrEqualTo(63);
        }
    }

    @Test
    void everyViolationNamesItsFieldAndLimit() {
        assertThatThrownBy(() -> new SecAggParameters(new Threshold.Fixed(1), new Neighbourhood.Regular(3), 0, 30, 0))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field, Violation::limit)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("threshold", "2..10000"),
                                org.assertj.core.groups.Tuple.tuple("neighbours", "an even integer in 2..9998"),
                                org.assertj.core.groups.Tuple.tuple("clipRange", "(0, 1000000.0]"),
                                org.assertj.core.groups.Tuple.tuple("quantizationBits", "1..24"),
                                org.assertj.core.groups.Tuple.tuple("maxWeight", "1..16777216")));
    }

    @Test
    void aThresholdAboveTheNeighbourhoodIsARoundProblemNamingTheLimit() {
        SecAggParameters p = new SecAggParameters(new Threshold.Fixed(8), new Neighbourhood.Regular(4), 1, 16, 100);
        assertThat(RoundPlan.resolve(p, 50)).isInstanceOfSatisfying(RoundPlan.Result.Invalid.class, i -> {
            assertThat(i.violation().field()).isEqualTo("threshold");
            assertThat(i.violation().limit()).isEqualTo("at most 5");
        });
        assertThat(RoundPlan.resolve(SecAggParameters.defaults(), 1)).isInstanceOf(RoundPlan.Result.Invalid.class);
    }

    @Test
    void theJobRequestShapeParsesWithDefaultsForAbsentFields() {
        assertThat(ParametersCodec.fromJson("{}")).isEqualTo(SecAggParameters.defaults());
        SecAggParameters p = ParametersCodec.fromJson(
                "{\"threshold\":7,\"neighbours\":\"complete\",\"clipRange\":0.5,\"quantizationBits\":20,\"maxWeight\":1000}");
        assertThat(p).isEqualTo(new SecAggParameters(new Threshold.Fixed(7), new Neighbourhood.Complete(), 0.5, 20, 1000));
        assertThat(ParametersCodec.fromJson(ParametersCodec.toJson(p))).isEqualTo(p);
        assertThat(ParametersCodec.fromJson("{\"neighbours\":12}").neighbourhood()).isEqualTo(new Neighbourhood.Regular(12));
        assertThatThrownBy(() -> ParametersCodec.fromJson("{\"neighbours\":\"some\"}"))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo("secureAggregation.neighbours"));
        assertThatThrownBy(() -> ParametersCodec.fromJson("{\"quantizationBits\":40}"))
                .isInstanceOfSatisfying(InvalidParametersException.class,
                        e -> assertThat(e.violations().get(0).field()).isEqualTo("quantizationBits"));
        assertThatThrownBy(() -> ParametersCodec.fromJson("{\"clip\":1}"))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo("secureAggregation.clip"));
    }
}
