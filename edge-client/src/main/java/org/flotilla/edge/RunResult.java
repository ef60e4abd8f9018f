package org.flotilla.edge;

import java.util.List;

import org.flotilla.edge.round.RoundReport;

/**
 * What {@link EdgeClient#run} did.
 *
 * @param status   how it ended (maps to the exit code)
 * @param message  one line for the operator when the status is not {@link ExitStatus#OK}, else a summary
 * @param clientId this device's client id, or null when enrolment did not happen
 * @param rounds   the assignments handled, in order
 */
public record RunResult(ExitStatus status, String message, String clientId, List<RoundReport> rounds) {

    public RunResult {
        rounds = List.copyOf(rounds);
    }
}
