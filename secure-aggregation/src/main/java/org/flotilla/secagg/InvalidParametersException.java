package org.flotilla.secagg;

import java.util.List;

/** Thrown when {@link SecAggParameters} are built from values that break their rules. */
public final class InvalidParametersException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public InvalidParametersException(List<Violation> violations) {
        super(violations.stream().map(Violation::message).reduce((a, b) -> a + "; " + b).orElse("invalid"));
        this.violations = List.copyOf(violations);
    }

    /** Every broken rule, in field order. */
    public List<Violation> violations() {
        return violations;
    }
}
