package org.flotilla.model.protocol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The URL paths of the client calls, as templates (Spring's {@code {name}} syntax, which the
 * coordinator maps and secures) and as builders for concrete paths (which the coordinator hands out
 * in assignments and the edge client calls). Path segments taken from ids are percent-encoded.
 */
public final class ProtocolPaths {

    /** Prefix of every API path. */
    public static final String API = "/api/v1";
    /** {@code POST}: enrolment, with the enrolment token. */
    public static final String ENROL = API + "/clients/enrol";
    /** {@code POST}: long-poll check-in of one client. */
    public static final String CHECK_IN = API + "/clients/{clientId}/check-in";
    /** {@code PUT}: a client's update for a training round. */
    public static final String UPDATE = API + "/jobs/{jobId}/rounds/{round}/updates/{clientId}";
    /** {@code POST}: a client's result for an evaluation of a round's weights. */
    public static final String EVALUATION = API + "/jobs/{jobId}/rounds/{round}/evaluations/{clientId}";
    /** {@code POST}: a client declines its assignment of a round (training or evaluation). */
    public static final String DECLINE = API + "/jobs/{jobId}/rounds/{round}/declines/{clientId}";
    /** {@code POST}: a client's key advertisement, phase 0 of a secure round (JSON). */
    public static final String SECAGG_KEYS = API + "/jobs/{jobId}/rounds/{round}/secagg/keys/{clientId}";
    /** {@code POST}: a client's sealed shares, phase 1 of a secure round (JSON). */
    public static final String SECAGG_SHARES = API + "/jobs/{jobId}/rounds/{round}/secagg/shares/{clientId}";
    /** {@code PUT}: a client's masked input, phase 2 of a secure round (binary). */
    public static final String SECAGG_MASKED = API + "/jobs/{jobId}/rounds/{round}/secagg/masked/{clientId}";
    /** {@code POST}: a client's unmask response, phase 3 of a secure round (JSON). */
    public static final String SECAGG_UNMASK = API + "/jobs/{jobId}/rounds/{round}/secagg/unmask/{clientId}";
    /** {@code GET}: an artifact (plan, weights) by its SHA-256. */
    public static final String ARTIFACT = API + "/artifacts/{sha256}";

    private ProtocolPaths() {
    }

    /** The check-in path of {@code clientId}. */
    public static String checkIn(String clientId) {
        return API + "/clients/" + segment(clientId) + "/check-in";
    }

    /** Where {@code clientId} uploads its update for {@code round} of {@code jobId}. */
    public static String update(long jobId, int round, String clientId) {
        return API + "/jobs/" + jobId + "/rounds/" + round + "/updates/" + segment(clientId);
    }

    /** Where {@code clientId} posts its evaluation result for {@code round} of {@code jobId}. */
    public static String evaluation(long jobId, int round, String clientId) {
        return API + "/jobs/" + jobId + "/rounds/" + round + "/evaluations/" + segment(clientId);
    }

    /** Where {@code clientId} declines its assignment of {@code round} of {@code jobId}. */
    public static String decline(long jobId, int round, String clientId) {
        return API + "/jobs/" + jobId + "/rounds/" + round + "/declines/" + segment(clientId);
    }

    /**
     * Where {@code clientId} answers phase {@code phase} ({@code keys}, {@code shares},
     * {@code masked} or {@code unmask}) of the secure round {@code round} of {@code jobId}.
     */
    public static String secureAggregation(long jobId, int round, String phase, String clientId) {
        if (!phase.equals("keys") && !phase.equals("shares") && !phase.equals("masked") && !phase.equals("unmask")) {
            throw new IllegalArgumentException("no secure-aggregation phase " + phase);
        }
        return API + "/jobs/" + jobId + "/rounds/" + round + "/secagg/" + phase + "/" + segment(clientId);
    }

    /** The download path of the artifact {@code sha256}. */
    public static String artifact(String sha256) {
        return API + "/artifacts/" + sha256;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
