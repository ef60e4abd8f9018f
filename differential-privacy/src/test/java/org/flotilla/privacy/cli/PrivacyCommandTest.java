package org.flotilla.privacy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flotilla.privacy.accounting.NoiseCalibration;
import org.flotilla.privacy.accounting.PrivacySpent;
import org.flotilla.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrivacyCommandTest {

    private static final Pattern EPSILON_LINE = Pattern.compile(
            "\\{\"epsilon\":([0-9.E-]+),\"delta\":([0-9.E-]+),\"order\":([0-9.]+),\"accountant\":\"rdp\"}");
    private static final Pattern CALIBRATION_LINE = Pattern.compile(
            "\\{\"noiseMultiplier\":([0-9.E-]+),\"epsilon\":([0-9.E-]+),\"delta\":([0-9.E-]+),\"order\":([0-9.]+),"
                    + "\"accountant\":\"rdp\"}");

    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void streams() {
        out = new StringWriter();
        err = new StringWriter();
    }

    @Test
    void printsEpsilonAsOneLineOfJson() {
        // Execute
        int code = run("epsilon", "--sampling-rate", "0.04", "--noise-multiplier", "1.5", "--steps", "2250",
                "--delta", "1e-5");

        // Assert: the same figure as the library (Opacus publishes 7.329 for it over its own orders).
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(1);
        Matcher m = EPSILON_LINE.matcher(out.toString().strip());
        assertThat(m.matches()).as(out.toString()).isTrue();
        PrivacySpent expected = RdpAccountant.create().compose(0.04, 1.5, 2250).epsilon(1e-5);
        assertThat(Double.parseDouble(m.group(1))).isEqualTo(expected.epsilon()).isCloseTo(7.33, within(0.01));
        assertThat(Double.parseDouble(m.group(2))).isEqualTo(1e-5);
        assertThat(Double.parseDouble(m.group(3))).isEqualTo(expected.order());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void printsTheSmallestNoiseMultiplierForATargetEpsilon() {
        int code = run("epsilon", "--sampling-rate", "0.04", "--epsilon", "8", "--steps", "2000", "--delta", "1e-5");

        assertThat(code).as(err.toString()).isZero();
        Matcher m = CALIBRATION_LINE.matcher(out.toString().strip());
        assertThat(m.matches()).as(out.toString()).isTrue();
        double z = Double.parseDouble(m.group(1));
        assertThat(z).isEqualTo(NoiseCalibration.smallestNoiseMultiplier(0.04, 2000, 1e-5, 8).orElseThrow().noiseMultiplier())
                .isCloseTo(1.356, within(0.001));
        assertThat(Double.parseDouble(m.group(2))).isLessThanOrEqualTo(8);
    }

    @Test
    void pldAccountantOnRequest() {
        int code = run("epsilon", "--sampling-rate", "0.05", "--noise-multiplier", "1.5", "--steps", "100", "--delta",
                "1e-6", "--accountant", "pld");

        assertThat(code).as(err.toString()).isZero();
        Matcher m = Pattern.compile("\\{\"epsilon\":([0-9.E-]+),\"delta\":1.0E-6,\"accountant\":\"pld\"}")
                .matcher(out.toString().strip());
        assertThat(m.matches()).as(out.toString()).isTrue();
        // Opacus' prv_accountant.py lists 1.9539 (PRV) for it; RDP gives 2.15.
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(1.95, within(0.02));
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "1.5", "--noise-multiplier", "1", "--steps", "10",
                    "--delta", "1e-5"}, "--sampling-rate", "at most 1"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0", "--noise-multiplier", "1", "--steps", "10",
                    "--delta", "1e-5"}, "--sampling-rate", "above 0"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "-1", "--steps", "10",
                    "--delta", "1e-5"}, "--noise-multiplier", "at most 10000"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "x", "--steps", "10",
                    "--delta", "1e-5"}, "--noise-multiplier", "(0, 10000]"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "0",
                    "--delta", "1e-5"}, "--steps", "1 to 1000000000"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "10",
                    "--delta", "1"}, "--delta", "below 1"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--epsilon", "0", "--steps", "10",
                    "--delta", "1e-5"}, "--epsilon", "at most 1000"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--steps", "10", "--delta", "1e-5"},
                    "--noise-multiplier", "--epsilon"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--epsilon", "2",
                    "--steps", "10", "--delta", "1e-5"}, "--noise-multiplier", "mutually exclusive"),
                Arguments.of(new String[] {"epsilon", "--noise-multiplier", "1", "--steps", "10", "--delta", "1e-5"},
                    "--sampling-rate", "Missing"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "10",
                    "--delta", "1e-5", "--bogus"}, "--bogus", "Unknown"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "10",
                    "--delta", "1e-5", "--accountant", "gdp"}, "--accountant", "rdp or pld"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "200000",
                    "--delta", "1e-5", "--accountant", "pld"}, "--steps", "at most 100000"),
                Arguments.of(new String[] {"epsilon", "--sampling-rate", "0.5", "--noise-multiplier", "0.02", "--steps", "10",
                    "--delta", "1e-5", "--accountant", "pld"}, "--accountant pld", "--accountant rdp"),
                Arguments.of(new String[] {}, "subcommand", "epsilon"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badInputGivesOneLineNamingTheOptionAndExitCodeTwo(String[] args, String option, String range) {
        int code = run(args);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("privacy: ")
                .contains(option).contains(range).doesNotContain("Exception").doesNotContain("\tat "));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unreachableTargetGivesOneLineAndExitCodeOne() {
        int code = run("epsilon", "--sampling-rate", "1", "--epsilon", "0.0001", "--steps", "1000000000", "--delta", "1e-10");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1).first().asString().contains("no noise multiplier").contains("--epsilon");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpListsTheOptions() {
        int code = run("epsilon", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("--sampling-rate").contains("--noise-multiplier").contains("--epsilon")
                .contains("--steps").contains("--delta");
    }

    private int run(String... args) {
        return PrivacyCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
