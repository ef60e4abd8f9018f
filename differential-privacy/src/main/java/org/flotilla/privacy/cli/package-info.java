/**
 * The planning command, {@code ./flotilla privacy}: how much ε a planned run spends, or the
 * smallest noise multiplier that keeps it within a target, printed as one line of JSON.
 */
package org.flotilla.privacy.cli;
