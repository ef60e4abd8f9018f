package org.flotilla.secagg;

/**
 * One broken rule of a secure-aggregation setting: the field (as named in the job request's
 * {@code secureAggregation} object), the limit it must respect, and a sentence for a person.
 * The coordinator turns it into an {@code application/problem+json} answer.
 */
public record Violation(String field, String limit, String message) {
}
