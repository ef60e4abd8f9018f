/**
 * The client side of the HTTP protocol ({@code docs/protocol.md}): one method per call, answers
 * turned into wire records, and failures turned into exception types that say whether a retry can
 * help ({@link org.flotilla.edge.http.RetriableException}) or not
 * ({@link org.flotilla.edge.http.FatalException} and its subclasses). Retrying itself is data: an
 * immutable {@link org.flotilla.edge.http.Backoff} and a {@link org.flotilla.edge.http.Retrying}
 * loop that honours {@code Retry-After}.
 */
package org.flotilla.edge.http;
