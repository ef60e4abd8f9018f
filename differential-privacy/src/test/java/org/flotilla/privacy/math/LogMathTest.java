package org.flotilla.privacy.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogMathTest {

    @Test
    void addsAndSubtractsWithoutOverflow() {
        assertThat(LogMath.add(Math.log(2), Math.log(3))).isCloseTo(Math.log(5), within(1e-15));
        assertThat(LogMath.add(1000, 1000)).isCloseTo(1000 + Math.log(2), within(1e-12));
        assertThat(LogMath.add(Double.NEGATIVE_INFINITY, -5)).isEqualTo(-5);
        assertThat(LogMath.subtract(Math.log(5), Math.log(3))).isCloseTo(Math.log(2), within(1e-15));
        assertThat(LogMath.subtract(-900, -901)).isCloseTo(-900 + Math.log1p(-Math.exp(-1)), within(1e-12));
        assertThat(LogMath.subtract(3, 3)).isEqualTo(Double.NEGATIVE_INFINITY);
        // x - y with y/x = 1 - 1e-12: expm1 keeps the digits.
        assertThat(LogMath.subtract(0, Math.log1p(-1e-12))).isCloseTo(Math.log(1e-12), within(1e-4));
        assertThatIllegalArgumentException().isThrownBy(() -> LogMath.subtract(1, 2));
    }
}
