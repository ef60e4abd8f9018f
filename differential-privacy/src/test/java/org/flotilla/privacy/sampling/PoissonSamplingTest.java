package org.flotilla.privacy.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PoissonSamplingTest {

    @Test
    void eachClientIndependentlyWithProbabilityQ() {
        // Prepare: 1,000 candidates, q = 0.1, 2,000 rounds, with the secure default generator.
        List<Integer> candidates = IntStream.range(0, 1000).boxed().toList();
        PoissonSampling sampling = new PoissonSampling(0.1);
        int rounds = 2000;
        int[] picked = new int[1000];
        double sizeSum = 0;
        double sizeSquares = 0;

        // Execute
        for (int r = 0; r < rounds; r++) {
            List<Integer> cohort = sampling.select(candidates);
            assertThat(cohort).doesNotHaveDuplicates().isSortedAccordingTo(Integer::compare);
            for (int c : cohort) {
                picked[c]++;
            }
            sizeSum += cohort.size();
            sizeSquares += (double) cohort.size() * cohort.size();
        }

        // Assert: cohort sizes are Binomial(1000, 0.1): mean 100, variance 90 (a fixed-size sampler
        // would show variance 0); each client's rate is 0.1 within 6 standard errors.
        double meanSize = sizeSum / rounds;
        double varianceSize = sizeSquares / rounds - meanSize * meanSize;
        assertThat(meanSize).isBetween(100 - 6 * Math.sqrt(90.0 / rounds), 100 + 6 * Math.sqrt(90.0 / rounds));
        assertThat(varianceSize).isBetween(70.0, 110.0);
        double se = Math.sqrt(0.1 * 0.9 / rounds);
        for (int c = 0; c < 1000; c++) {
            assertThat((double) picked[c] / rounds).as("client %s", c).isBetween(0.1 - 6 * se, 0.1 + 6 * se);
        }
    }

    @Test
    void expectedCohortAndRateAgree() {
        PoissonSampling sampling = PoissonSampling.forExpectedCohort(100, 1000);

        assertThat(sampling.samplingRate()).isEqualTo(0.1);
        assertThat(sampling.expectedCohort(1000)).isEqualTo(100);
        assertThat(new PoissonSampling(1).select(List.of("a", "b"))).containsExactly("a", "b");
        assertThatIllegalArgumentException().isThrownBy(() -> new PoissonSampling(0)).withMessageContaining("(0, 1]");
        assertThatIllegalArgumentException().isThrownBy(() -> PoissonSampling.forExpectedCohort(20, 10))
                .withMessageContaining("population 10");
    }
}
