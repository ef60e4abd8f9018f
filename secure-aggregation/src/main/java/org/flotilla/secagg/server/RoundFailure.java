package org.flotilla.secagg.server;

/**
 * Why a secure round could not produce an aggregate: a value the coordinator records on the
 * round (and then retries per the job's policy), naming what was needed and what there was.
 *
 * @param reason what went wrong
 * @param needed how many (clients or shares) the step needed
 * @param had    how many it had
 * @param detail a sentence for the operator (never a secret)
 */
public record RoundFailure(Reason reason, int needed, int had, String detail) {

    /** The failure kinds. */
    public enum Reason {
        /** Fewer clients advertised keys than a round needs, or the round cannot be planned. */
        TOO_FEW_PARTICIPANTS,
        /** Fewer clients completed the share phase than the threshold. */
        TOO_FEW_SHARERS,
        /** Some neighbourhood kept fewer than t clients through masked input. */
        TOO_FEW_SURVIVORS,
        /** The survivors' graph fell apart: unmasking would reveal partial sums. */
        SURVIVORS_DISCONNECTED,
        /** Fewer than t holders revealed the shares of some secret. */
        TOO_FEW_UNMASK_SHARES,
        /** A reconstructed secret was inconsistent (bad shares) or the unmasked weight is impossible. */
        RECONSTRUCTION_FAILED
    }
}
