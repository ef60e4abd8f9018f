package org.flotilla.edge.training;

import java.util.Arrays;
import java.util.Collection;

/**
 * Computes a {@link ParallelismProfile} from workers' busy intervals with one sweep over the
 * sorted interval endpoints: between consecutive endpoints the number of executing workers is
 * constant, so its duration is added to that level. Intervals are clipped to the window; the
 * intervals of one worker must not overlap (they do not: a worker runs one step at a time).
 */
public final class ThreadLevelParallelism {

    private ThreadLevelParallelism() {
    }

    /**
     * The profile of {@code intervals} over {@code [windowStart, windowEnd)}.
     *
     * @throws IllegalArgumentException when the window is empty or reversed
     */
    public static ParallelismProfile measure(Collection<Interval> intervals, long windowStart, long windowEnd) {
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException("empty window [" + windowStart + ", " + windowEnd + ")");
        }
        // Each event is packed as (time, delta): +1 at a start, −1 at an end. Sorting ends before
        // starts at the same instant keeps the level from overshooting at touching intervals.
        long[] times = new long[intervals.size() * 2];
        int[] deltas = new int[intervals.size() * 2];
        int n = 0;
        for (Interval iv : intervals) {
            long s = Math.max(iv.start(), windowStart);
            long e = Math.min(iv.end(), windowEnd);
            if (e > s) {
                times[n] = s;
                deltas[n++] = +1;
                times[n] = e;
                deltas[n++] = -1;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b])
                : Integer.compare(deltas[a], deltas[b]));
        long[] nanosAtLevel = new long[intervals.size() + 1];
        int level = 0;
        int maxLevel = 0;
        long previous = windowStart;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            nanosAtLevel[level] += times[i] - previous;
            previous = times[i];
            level += deltas[i];
            maxLevel = Math.max(maxLevel, level);
        }
        nanosAtLevel[0] += windowEnd - previous;
        long window = windowEnd - windowStart;
        double[] fractions = new double[maxLevel + 1];
        for (int i = 0; i <= maxLevel; i++) {
            fractions[i] = (double) nanosAtLevel[i] / window;
        }
        return new ParallelismProfile(fractions, window);
    }
}
