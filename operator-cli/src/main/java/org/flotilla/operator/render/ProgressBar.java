package org.flotilla.operator.render;

/** A fixed-width text progress bar, e.g. {@code [#####---------------]  3/12}. */
public final class ProgressBar {

    private ProgressBar() {
    }

    /** {@code done} of {@code total} as a bar of {@code width} cells followed by the count. */
    public static String of(int done, int total, int width) {
        int t = Math.max(total, 1);
        int d = Math.max(0, Math.min(done, t));
        int filled = (int) Math.round((double) d * width / t);
        String digits = Integer.toString(t);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] "
                + " ".repeat(Math.max(0, digits.length() - Integer.toString(d).length())) + d + "/" + t;
    }
}
