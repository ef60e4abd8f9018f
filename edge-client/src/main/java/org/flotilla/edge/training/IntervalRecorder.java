package org.flotilla.edge.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One worker's busy intervals, appended without allocation per step (two growing
 * {@code long[]}s). Written by its worker thread only; read after the worker's tasks completed.
 */
final class IntervalRecorder {

    private long[] starts = new long[256];
    private long[] ends = new long[256];
    private int size;

    void record(long start, long end) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    List<Interval> intervals() {
        List<Interval> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Interval(starts[i], ends[i]));
        }
        return out;
    }
}
