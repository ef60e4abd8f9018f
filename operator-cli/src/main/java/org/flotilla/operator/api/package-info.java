/**
 * The coordinator's operator API over HTTP ({@code java.net.http}, JSON through Jackson): requests
 * with the admin bearer token, bounded responses, atomic downloads, and every failure turned into
 * one line a person can act on (problem+json {@code detail}, {@code field} and {@code limit}; a
 * refused connection; a wrong token).
 */
package org.flotilla.operator.api;
