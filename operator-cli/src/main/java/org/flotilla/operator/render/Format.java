package org.flotilla.operator.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, durations and times are written in tables (locale-independent). */
public final class Format {

    /** A missing value. */
    public static final String NONE = "–";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Format() {
    }

    /** A figure with four decimals (loss, accuracy), or {@link #NONE}. */
    public static String figure(Double v) {
        return v == null || v.isNaN() ? NONE : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Seconds with one or three decimals (below 10 s: two), or {@link #NONE}. */
    public static String seconds(Double s) {
        if (s == null || s.isNaN()) {
            return NONE;
        }
        return String.format(Locale.ROOT, s < 10 ? "%.2f" : "%.1f", s);
    }

    /** A whole number with thousands separators, or {@link #NONE}. */
    public static String count(Number n) {
        return n == null ? NONE : String.format(Locale.ROOT, "%,d", n.longValue());
    }

    /** A rate such as samples per second, no decimals. */
    public static String rate(Double v) {
        return v == null || v.isNaN() ? NONE : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** A local date and time, or {@link #NONE}. */
    public static String time(Instant t) {
        return t == null ? NONE : TIME.format(t);
    }

    /** How long ago {@code t} was, e.g. {@code 4 s ago}, {@code 3 min ago}. */
    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return NONE;
        }
        long s = Math.max(0, Duration.between(t, now).toSeconds());
        if (s < 90) {
            return s + " s ago";
        }
        if (s < 90 * 60) {
            return (s / 60) + " min ago";
        }
        if (s < 36 * 3600) {
            return (s / 3600) + " h ago";
        }
        return (s / 86_400) + " d ago";
    }

    /** Bytes as B, kB, MB or GB (powers of 1000). */
    public static String bytes(long b) {
        if (b < 1000) {
            return b + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = b;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
