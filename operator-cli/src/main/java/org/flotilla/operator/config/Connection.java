package org.flotilla.operator.config;

import java.net.URI;

/**
 * The coordinator to talk to and the admin token to send, each with where it came from (for
 * messages such as "wrong token (from FLOTILLA_ADMIN_TOKEN)").
 *
 * @param url         the coordinator's base URL, e.g. {@code http://localhost:8080}
 * @param urlSource   where the URL came from
 * @param token       the admin bearer token
 * @param tokenSource where the token came from
 */
public record Connection(URI url, String urlSource, String token, String tokenSource) {

    /** The coordinator's base URL without a trailing slash. */
    public String base() {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        // Never print the token.
        return "Connection[url=" + url + " (" + urlSource + "), token from " + tokenSource + "]";
    }
}
