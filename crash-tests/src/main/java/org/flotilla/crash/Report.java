package org.flotilla.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a campaign did and found. */
public final class Report {

    /** Per kill point: how often, how soon after the acknowledgement, and how often the intended moment was hit. */
    public static final class Point {
        int kills;
        int hits;
        double maxDelayMs;
        double sumDelayMs;

        public int kills() {
            return kills;
        }

        /** Kills with evidence that the point was hit (see {@link Campaign}); equals kills for the "after a 2xx" points. */
        public int hits() {
            return hits;
        }

        public double maxDelayMs() {
            return maxDelayMs;
        }
    }

    /** The enrolment bursts killed at {@link KillPoint#AFTER_ENROLMENT_BURST}, one per cycle. */
    public static final class Bursts {
        int bursts;
        int enrolments;
        int acknowledgedBeforeKill;
        int acknowledged;
        int notAcknowledged;
        int presentUnacknowledged;
        int inFlightAtKill;

        /** Bursts with enrolments still unanswered when the SIGKILL was sent. */
        public int inFlightAtKill() {
            return inFlightAtKill;
        }

        public int acknowledged() {
            return acknowledged;
        }

        public int acknowledgedBeforeKill() {
            return acknowledgedBeforeKill;
        }

        public int notAcknowledged() {
            return notAcknowledged;
        }

        public int presentUnacknowledged() {
            return presentUnacknowledged;
        }

        public int enrolments() {
            return enrolments;
        }
    }

    private final Bursts bursts = new Bursts();
    private final Map<KillPoint, Point> points = new EnumMap<>(KillPoint.class);
    private final List<Duration> restarts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    int jobsCompleted;
    int roundsVerified;
    int orphansSwept;
    StoreAudit audit;
    Duration elapsed = Duration.ZERO;

    Report() {
        for (KillPoint k : KillPoint.values()) {
            points.put(k, new Point());
        }
    }

    void killed(KillPoint at, double delayMs, boolean hit) {
        Point p = points.get(at);
        p.kills++;
        p.hits += hit ? 1 : 0;
        p.sumDelayMs += delayMs;
        p.maxDelayMs = Math.max(p.maxDelayMs, delayMs);
    }

    void burst(EnrolmentBurst.Outcome o) {
        bursts.bursts++;
        bursts.enrolments += EnrolmentBurst.SIZE;
        bursts.acknowledgedBeforeKill += o.acknowledgedBeforeKill();
        bursts.acknowledged += o.acknowledged();
        bursts.notAcknowledged += o.notAcknowledged();
        bursts.presentUnacknowledged += o.presentUnacknowledged();
        bursts.inFlightAtKill += o.inFlightAtKill() ? 1 : 0;
    }

    public Bursts bursts() {
        return bursts;
    }

    void restarted(Duration d) {
        restarts.add(d);
    }

    void note(String s) {
        notes.add(s);
    }

    public Point point(KillPoint k) {
        return points.get(k);
    }

    public int kills() {
        return points.values().stream().mapToInt(p -> p.kills).sum();
    }

    public int jobsCompleted() {
        return jobsCompleted;
    }

    public int roundsVerified() {
        return roundsVerified;
    }

    public StoreAudit audit() {
        return audit;
    }

    public int orphansSwept() {
        return orphansSwept;
    }

    /** A table for the log or the console. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-24s %6s %6s %14s %14s%n", "kill point", "kills", "hits", "mean delay ms", "max delay ms"));
        points.forEach((k, p) -> b.append(String.format(Locale.ROOT, "%-24s %6d %6d %14.2f %14.2f%n", k, p.kills, p.hits,
                p.kills == 0 ? 0 : p.sumDelayMs / p.kills, p.maxDelayMs)));
        double mean = restarts.stream().mapToDouble(d -> d.toMillis() / 1000.0).average().orElse(0);
        double max = restarts.stream().mapToDouble(d -> d.toMillis() / 1000.0).max().orElse(0);
        b.append(String.format(Locale.ROOT, "%d kills, 0 acknowledged changes lost; %d jobs completed, %d rounds checked for "
                        + "exactly-once aggregation; %d restarts (mean %.1f s, max %.1f s to healthy); %d orphan file(s) swept; %.0f s%n",
                kills(), jobsCompleted, roundsVerified, restarts.size(), mean, max, orphansSwept, elapsed.toMillis() / 1000.0));
        if (bursts.bursts > 0) {
            b.append(String.format(Locale.ROOT, "enrolment bursts: %d × %d enrolments; %d acknowledged (%d before the kill), "
                            + "%d not acknowledged, of which %d present after the restart; %d burst(s) with enrolments in flight at the kill%n",
                    bursts.bursts, EnrolmentBurst.SIZE, bursts.acknowledged, bursts.acknowledgedBeforeKill, bursts.notAcknowledged,
                    bursts.presentUnacknowledged, bursts.inFlightAtKill));
        }
        if (audit != null) {
            b.append(String.format(Locale.ROOT, "store audit: %d rows, %d files, %d rows without file, %d references without row, "
                            + "%d files without row, %d temporary files%n", audit.rows(), audit.files(), audit.rowsWithoutFile().size(),
                    audit.referencesWithoutRow().size(), audit.filesWithoutRow().size(), audit.temporaryFiles()));
        }
        notes.forEach(n -> b.append("note: ").append(n).append(System.lineSeparator()));
        return b.toString();
    }
}
