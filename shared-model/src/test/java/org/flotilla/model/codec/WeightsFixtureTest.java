package org.flotilla.model.codec;

import java.io.InputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes a checked-in file written by format version 1, and re-encodes its values: if either
 * side changes, the format changed and needs a new version number, not a silent edit.
 */
class WeightsFixtureTest {

    static final float[] FIXTURE_VALUES = {0f, 1f, -1f, 0.5f, -0.25f, 3.1415927f, 1e-7f, -65504f, 123456.79f, Float.MIN_VALUE};
    static final String FIXTURE_SHA256 = "36ebf93ab9f4a99d157a64e04fcd67cf0fcd4644d22a8362b858427605c9ef54";

    @Test
    void decodesTheVersion1Fixture() throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/weights-v1.fltw")) {
            assertThat(in).as("fixture present").isNotNull();
            bytes = in.readAllBytes();
        }
        assertThat(WeightsCodec.decode(bytes, FIXTURE_VALUES.length)).containsExactly(FIXTURE_VALUES);
        assertThat(WeightsCodec.encode(FIXTURE_VALUES)).isEqualTo(bytes);
        assertThat(Sha256.of(bytes)).isEqualTo(FIXTURE_SHA256);
    }
}
