package org.flotilla.coordinator.cohort;

/**
 * The name of a kind of cohort work, as stored in {@code cohorts.kind} and in the refused answers'
 * {@code task}. Each kind declares its own constant next to its {@link CohortWork}; the engine
 * keeps no list of kinds.
 *
 * @param name upper-case, at most 20 characters, e.g. {@code TRAIN}
 */
public record CohortKind(String name) {

    public CohortKind {
        if (name == null || !name.matches("[A-Z][A-Z0-9_]{0,19}")) {
            throw new IllegalArgumentException("a cohort kind is 1-20 upper-case letters, digits or _, was " + name);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
