package org.flotilla.coordinator.cohort;

import java.time.Instant;

/**
 * The counts of one cohort and the rules every kind follows: when selection ends, when waiting
 * longer gains nothing, and whether the quorum is met. Kept in one place so that kinds cannot
 * drift apart. The exact target ({@code wanted}) is enforced in the database when an answer is
 * counted ({@link CohortRepository#countReport}); these rules only decide when to close.
 *
 * @param wanted            results wanted; the cohort closes as soon as this many are in
 * @param quorum            results needed to succeed when it closes
 * @param target            clients selection assigns ({@code ceil(wanted × overSelection)})
 * @param assigned          clients assigned so far
 * @param reported          results accepted so far
 * @param declined          assignments declined so far
 * @param selectionDeadline end of the selection window
 */
public record CohortRules(int wanted, int quorum, int target, int assigned, int reported, int declined,
                     Instant selectionDeadline) {

    /** Assigned clients that have neither reported nor declined. */
    public int outstanding() {
        return Math.max(0, assigned - reported - declined);
    }

    /**
     * Selection may end: the over-selected cohort is full, or the selection window has passed
     * with at least a quorum's worth of clients assigned (until then selection goes on).
     */
    public boolean selectionEnds(Instant now) {
        return assigned >= target || (!now.isBefore(selectionDeadline) && assigned >= quorum);
    }

    /** All results wanted are in: close now, dropping whoever is still working. */
    public boolean enoughReported() {
        return reported >= wanted;
    }

    /** After selection: close now when enough results are in or nobody is left to wait for. */
    public boolean canCloseAfterSelection() {
        return enoughReported() || outstanding() == 0;
    }

    /** Closing now would succeed. */
    public boolean hasQuorum() {
        return reported >= quorum;
    }

    /** Why a cohort that closed below its quorum failed, e.g. {@code quorum not reached: 1 of 2 required update(s) (…)}. */
    public String quorumMissed(String results) {
        return "quorum not reached: " + reported + " of " + quorum + " required " + results + " (" + assigned
                + " assigned, " + declined + " declined" + (outstanding() == 0 ? ", none outstanding)" : ", deadline passed)");
    }
}
