package org.flotilla.privacy.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErfcTest {

    // Reference values: mpmath.erfc and mpmath.log(mpmath.erfc(x)) at 50 digits.
    @ParameterizedTest
    @CsvSource({
        "0.0, 1.0, 0.0",
        "0.3, 0.67137324054087258, -0.39843005144008527",
        "1.0, 0.15729920705028513, -1.8496055099332482",
        "1.99, 0.004888586800383003, -5.3208520151399767",
        "2.0, 0.0046777349810472658, -5.3649412646166376",
        "3.5, 7.4309837234141275e-7, -14.112437402148174",
        "6.0, 2.1519736712498913e-17, -38.377561173223388",
        "10.0, 2.0884875837625448e-45, -102.87988902484489",
        "-1.5, 1.9661051464753107, 0.67605450273396056"})
    void matchesMultiPrecisionValues(double x, double erfc, double logErfc) {
        assertThat(Erfc.erfc(x)).isCloseTo(erfc, within(Math.abs(erfc) * 1e-13));
        assertThat(Erfc.logErfc(x)).isCloseTo(logErfc, within(1e-13 * Math.max(1, Math.abs(logErfc))));
    }

    @ParameterizedTest
    @CsvSource({"27.0, -732.86888650789741", "100.0, -10005.177585122664"})
    void logStaysFiniteWhereErfcUnderflows(double x, double logErfc) {
        assertThat(Erfc.logErfc(x)).isCloseTo(logErfc, within(1e-12 * Math.abs(logErfc)));
    }

    @ParameterizedTest
    @CsvSource({"0.0, 0.5", "1.959963984540054, 0.975", "-1.959963984540054, 0.025"})
    void normalCdf(double x, double p) {
        assertThat(Erfc.normalCdf(x)).isCloseTo(p, within(1e-15));
        assertThat(Erfc.logNormalCdf(x)).isCloseTo(Math.log(p), within(1e-13));
    }
}
