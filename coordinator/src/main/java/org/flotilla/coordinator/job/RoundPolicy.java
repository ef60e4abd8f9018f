package org.flotilla.coordinator.job;

/**
 * How a job runs each round.
 *
 * @param clientsPerRound         updates wanted; aggregation starts as soon as this many are in
 * @param minClients              quorum: at the deadline, aggregate with at least this many updates
 * @param overSelection           assign {@code ceil(clientsPerRound × overSelection)} clients
 * @param roundTimeoutSeconds     from a round's opening to its deadline
 * @param selectionTimeoutSeconds how long selection waits for the full over-selected cohort before
 *                                training starts with at least {@code minClients} assigned
 * @param maxRoundRetries         new attempts of a round that missed its quorum before the job fails
 */
public record RoundPolicy(int clientsPerRound, int minClients, double overSelection, int roundTimeoutSeconds,
                          int selectionTimeoutSeconds, int maxRoundRetries) {

    /** How many clients selection assigns: {@code ceil(clientsPerRound × overSelection)}. */
    public int selectionTarget() {
        return selectionTarget(clientsPerRound, overSelection);
    }

    /** {@code ceil(wanted × overSelection)}, at least {@code wanted}. */
    public static int selectionTarget(int wanted, double overSelection) {
        // The epsilon keeps 10 × 1.3 = 13.000000000000002 at 13.
        return Math.max(wanted, (int) Math.ceil(wanted * overSelection - 1e-9));
    }
}
