package org.flotilla.edge.training;

/**
 * A span of time during which one worker was executing a training step, in
 * {@link System#nanoTime()} units, half-open {@code [start, end)}.
 */
public record Interval(long start, long end) {

    public Interval {
        if (end < start) {
            throw new IllegalArgumentException("interval ends (" + end + ") before it starts (" + start + ")");
        }
    }

    /** Length in nanoseconds. */
    public long length() {
        return end - start;
    }
}
