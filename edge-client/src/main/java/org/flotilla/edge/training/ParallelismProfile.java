package org.flotilla.edge.training;

import java.util.Arrays;

/**
 * How many workers were executing, over a window of time: {@code fraction(i)} = c<sub>i</sub>, the
 * share of the window during which exactly {@code i} workers were executing, and the thread-level
 * parallelism TLP = (Σ<sub>i</sub> i·c<sub>i</sub>) / (1 − c<sub>0</sub>), the mean number of
 * workers executing while at least one was (Flautner et al. 2000, "Thread-level parallelism and
 * interactive performance of desktop applications"; Blake et al. 2010).
 *
 * @param fractions   c<sub>0</sub> … c<sub>max</sub>, summing to 1 (empty window: {@code [1]})
 * @param windowNanos length of the window
 */
public record ParallelismProfile(double[] fractions, long windowNanos) {

    public ParallelismProfile {
        fractions = fractions.clone();
    }

    @Override
    public double[] fractions() {
        return fractions.clone();
    }

    /** c<sub>i</sub>, 0 beyond the largest level observed. */
    public double fraction(int workersExecuting) {
        return workersExecuting < fractions.length ? fractions[workersExecuting] : 0.0;
    }

    /** TLP; 0 when no worker ever executed. */
    public double tlp() {
        double busy = 1.0 - fractions[0];
        if (busy <= 1e-12) {
            return 0.0;
        }
        double weighted = 0;
        for (int i = 1; i < fractions.length; i++) {
            weighted += i * fractions[i];
        }
        return weighted / busy;
    }

    /** Share of the window with at least one worker executing (1 − c<sub>0</sub>). */
    public double busyFraction() {
        return 1.0 - fractions[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParallelismProfile p && windowNanos == p.windowNanos && Arrays.equals(fractions, p.fractions);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(fractions) + Long.hashCode(windowNanos);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "ParallelismProfile[TLP=%.3f, c=%s, window=%.3f s]", tlp(),
                Arrays.toString(fractions), windowNanos / 1e9);
    }
}
