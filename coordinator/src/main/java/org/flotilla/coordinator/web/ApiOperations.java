package org.flotilla.coordinator.web;

import java.util.List;
import java.util.Map;

/**
 * What every HTTP operation of the coordinator is, for its OpenAPI description
 * ({@link OpenApiDescription}): a stable operation id, its group, a summary, who may call it, its
 * success answers and its errors. In one table, so that the ids stay stable whatever the method
 * names, and so that an operation missing here is noticed ({@code OpenApiDescriptionTest} fails).
 */
final class ApiOperations {

    private ApiOperations() {
    }

    /** Who may call an operation (docs/protocol.md, "Authentication"). */
    enum Access {
        /** The operator's admin bearer token. */
        ADMIN,
        /** The enrolment bearer token (or the admin token). */
        ENROLMENT,
        /** An enrolled client by HTTP Basic, acting for the {@code clientId} of the path. */
        CLIENT,
        /** An enrolled client or the operator. */
        CLIENT_OR_ADMIN
    }

    /**
     * One operation.
     *
     * @param method   HTTP method, lower case as in OpenAPI
     * @param path     the path template
     * @param id       its operation id
     * @param group    its tag
     * @param summary  one line
     * @param access   who may call it
     * @param produces the success media types (the first gets the generated schema)
     * @param success  success codes with what each means
     * @param errors   error codes with when each is answered (401 and 403 are added for every operation)
     */
    record Operation(String method, String path, String id, String group, String summary, Access access,
                     List<String> produces, Map<String, String> success, Map<String, String> errors) {
    }

    private static final List<String> JSON = List.of("application/json");

    static final List<Operation> ALL = List.of(
            new Operation("post", "/api/v1/jobs", "createJob", "Jobs", "Create a job", Access.ADMIN, JSON,
                    Map.of("201", "The job as stored; it starts at once"),
                    Map.of("400", "A field is missing or out of range (`field`, `limit`)",
                            "413", "The request is larger than allowed")),
            new Operation("post", "/api/v1/plans", "planForJob", "Jobs",
                    "The training plan a job request makes, byte for byte as job creation stores it (to sign)",
                    Access.ADMIN, JSON,
                    Map.of("200", "The plan JSON; `ETag` is its SHA-256, the hash its signature names"),
                    Map.of("400", "A field is missing or out of range (`field`, `limit`)",
                            "413", "The request is larger than allowed")),
            new Operation("get", "/api/v1/jobs", "listJobs", "Jobs", "List every job, oldest first", Access.ADMIN, JSON,
                    Map.of("200", "The jobs"), Map.of()),
            new Operation("get", "/api/v1/jobs/{id}", "getJob", "Jobs", "Read one job", Access.ADMIN, JSON,
                    Map.of("200", "The job"), Map.of("404", "No such job")),
            new Operation("post", "/api/v1/jobs/{id}/cancel", "cancelJob", "Jobs", "Cancel a job; its open rounds fail",
                    Access.ADMIN, JSON, Map.of("200", "The job, now CANCELLED"),
                    Map.of("404", "No such job", "409", "The job has already ended")),
            new Operation("get", "/api/v1/strategies", "listStrategies", "Jobs",
                    "List the aggregation strategies and their settings", Access.ADMIN, JSON,
                    Map.of("200", "The strategies"), Map.of()),
            new Operation("get", "/api/v1/jobs/{jobId}/rounds", "listRounds", "Rounds",
                    "List a job's round attempts with their figures", Access.ADMIN, JSON,
                    Map.of("200", "Every attempt of every round, in order; `pendingEvaluation` is true while a"
                            + " completed attempt's server-side test figures are still to come"),
                    Map.of("404", "No such job")),
            new Operation("get", "/api/v1/jobs/{jobId}/rounds/{round}", "getRound", "Rounds",
                    "Read one round in detail: participants, updates, refusals, provenance", Access.ADMIN, JSON,
                    Map.of("200", "The round"), Map.of("404", "No such job or round")),
            new Operation("get", "/api/v1/jobs/{jobId}/model", "getModel", "Artifacts",
                    "Download a job's global model (a DL4J zip with its provenance, or raw weights)", Access.ADMIN,
                    List.of("application/zip", "application/octet-stream"),
                    Map.of("200", "The model: `application/zip` for `format=dl4j`, WeightsCodec bytes for `format=raw`"),
                    Map.of("400", "`format` or `round` is invalid", "404", "No such job, or no model for that round")),
            new Operation("get", "/api/v1/artifacts/{sha256}", "getArtifact", "Artifacts",
                    "Download an artifact (plan, weights, update, provenance) by its SHA-256", Access.CLIENT_OR_ADMIN,
                    List.of("application/octet-stream"),
                    Map.of("200", "The bytes; `ETag` is the hash", "304", "Unchanged (`If-None-Match` matched)"),
                    Map.of("400", "`sha256` is not 64 lower-case hex digits", "404", "No such artifact")),
            new Operation("post", "/api/v1/bundles", "uploadBundle", "Artifacts",
                    "Upload a code bundle (the jar as the body); stored durably before the answer", Access.ADMIN, JSON,
                    Map.of("201", "The bundle as stored, from its manifest; attach its signature next"),
                    Map.of("400", "Not a bundle jar, or its manifest or SPI version is invalid (`field`)",
                            "413", "Larger than `flotilla.bundles.max-bytes` (`limit`)")),
            new Operation("put", "/api/v1/bundles/{sha256}/signature", "attachBundleSignature", "Artifacts",
                    "Attach the publisher's signature document (`.sig`) to an uploaded bundle", Access.ADMIN, JSON,
                    Map.of("200", "The bundle with its signature and publisher key id"),
                    Map.of("400", "The document is malformed or signs other bytes (`field`)",
                            "404", "No such bundle", "413", "The document is larger than allowed")),
            new Operation("get", "/api/v1/bundles", "listBundles", "Artifacts", "List the uploaded code bundles",
                    Access.ADMIN, JSON, Map.of("200", "The bundles, with their signatures"), Map.of()),
            new Operation("get", "/api/v1/bundles/{sha256}", "getBundle", "Artifacts", "Read one uploaded code bundle",
                    Access.ADMIN, JSON, Map.of("200", "The bundle"), Map.of("404", "No such bundle")),
            new Operation("get", "/api/v1/clients", "listClients", "Clients",
                    "List the enrolled clients with their status (TRAINING, EVALUATING, IDLE, OFFLINE, or REVOKED "
                            + "with `revokedAt`)", Access.ADMIN, JSON,
                    Map.of("200", "The clients, revoked ones included with status REVOKED"), Map.of()),
            new Operation("post", "/api/v1/clients/{clientId}/revoke", "revokeClient", "Clients",
                    "Revoke a client: its next request gets 401, its open assignments are dropped", Access.ADMIN, JSON,
                    Map.of("200", "Revoked, with the number of assignments dropped"), Map.of("404", "No such client")),
            new Operation("post", "/api/v1/enrolment-tokens", "createEnrolmentToken", "Clients",
                    "Create an enrolment token, optionally with a quota and an expiry", Access.ADMIN, JSON,
                    Map.of("201", "The token; its secret value is shown only now"),
                    Map.of("400", "A field is missing or out of range (`field`, `limit`)")),
            new Operation("get", "/api/v1/enrolment-tokens", "listEnrolmentTokens", "Clients",
                    "List the enrolment tokens (without their values) with use and state", Access.ADMIN, JSON,
                    Map.of("200", "The tokens"), Map.of()),
            new Operation("post", "/api/v1/enrolment-tokens/{tokenId}/revoke", "revokeEnrolmentToken", "Clients",
                    "Revoke an enrolment token: no device enrols with it any more", Access.ADMIN, JSON,
                    Map.of("200", "The token, revoked"), Map.of("404", "No such token")),
            new Operation("post", "/api/v1/clients/enrol", "enrolClient", "Devices",
                    "Enrol a device: its id and secret for HTTP Basic", Access.ENROLMENT, JSON,
                    Map.of("201", "Enrolled; the secret is shown only now"),
                    Map.of("400", "A field is missing or out of range (`field`, `limit`)")),
            new Operation("post", "/api/v1/clients/{clientId}/check-in", "checkIn", "Devices",
                    "Check in for work, waiting up to `wait` seconds (long poll)", Access.CLIENT, JSON,
                    Map.of("200", "An assignment, or none with `retryAfterSeconds` (also in `Retry-After`)"),
                    Map.of("400", "A field is out of range (`field`, `limit`)")),
            new Operation("put", "/api/v1/jobs/{jobId}/rounds/{round}/updates/{clientId}", "uploadUpdate", "Devices",
                    "Upload a client's update (WeightsCodec bytes) with its metrics", Access.CLIENT, JSON,
                    Map.of("201", "Stored durably and counted", "200", "The same bytes again: harmless, nothing changes"),
                    Map.of("400", "`Flotilla-Metrics` is missing or invalid (`reason` BAD_METRICS)",
                            "403", "Not assigned this round (`reason` NOT_ASSIGNED), or not this client",
                            "409", "The round closed, was declined, or a different update is stored (`reason`)",
                            "413", "Larger than the upload limit (`reason` TOO_LARGE, `limit`)",
                            "422", "Not a valid update for the round's model (`reason`: BAD_CHECKSUM, WRONG_ELEMENT_COUNT, …), "
                                    + "or `examples` over what the client declared at check-in or over the job's or the "
                                    + "coordinator's cap (`reason` EXAMPLES_OVER_DECLARED, EXAMPLES_OVER_CAP, `limit`)")),
            new Operation("post", "/api/v1/jobs/{jobId}/rounds/{round}/evaluations/{clientId}", "reportEvaluation",
                    "Devices", "Report a client's evaluation of the global weights on its held-out data", Access.CLIENT,
                    JSON, Map.of("201", "Stored and counted", "200", "The same result again: harmless"),
                    Map.of("400", "The result is invalid (`reason` BAD_RESULT, `field`)",
                            "403", "Not assigned this evaluation (`reason` NOT_ASSIGNED), or not this client",
                            "409", "The evaluation closed, or a different result is stored (`reason`)")),
            new Operation("post", "/api/v1/jobs/{jobId}/rounds/{round}/declines/{clientId}", "declineAssignment",
                    "Devices", "Decline an assignment, with a protocol reason", Access.CLIENT, List.of(),
                    Map.of("204", "Declined (or already declined)"),
                    Map.of("400", "Unknown decline reason (`reason` BAD_DECLINE, `field`)",
                            "403", "Not assigned in this round (`reason` NOT_ASSIGNED), or not this client",
                            "409", "Already reported, or the round closed (`reason`)")),
            securePhase("post", "keys", "secureAdvertiseKeys",
                    "Secure aggregation, phase 0: the client's public keys (SecAgg+ AdvertiseKeys)", "Stored",
                    "Larger than the round allows"),
            securePhase("post", "shares", "secureShareKeys",
                    "Secure aggregation, phase 1: the client's encrypted key shares for its neighbours", "Stored",
                    "Larger than the round allows"),
            securePhase("put", "masked", "secureMaskedInput",
                    "Secure aggregation, phase 2: the client's masked, quantized update",
                    "Stored durably as a masked update artifact", "Larger than the round's masked vector"),
            securePhase("post", "unmask", "secureUnmask",
                    "Secure aggregation, phase 3: the shares that unmask the survivors' sum", "Stored",
                    "Larger than the round allows"),
            new Operation("get", "/api/v1/events", "followFleet", "Events",
                    "Follow every job and client as Server-Sent Events", Access.ADMIN, List.of("text/event-stream"),
                    Map.of("200", "The stream (docs/events.md)"),
                    Map.of("400", "`types` names an unknown event type",
                            "503", "This replica serves `flotilla.events.max-streams` streams already, or is stopping; "
                                    + "retry after `Retry-After` seconds")),
            new Operation("get", "/api/v1/jobs/{jobId}/events", "followJob", "Events",
                    "Follow one job as Server-Sent Events", Access.ADMIN, List.of("text/event-stream"),
                    Map.of("200", "The stream; it ends about 2 s after the job did (docs/events.md)"),
                    Map.of("400", "`types` names an unknown event type, or `client`", "404", "No such job",
                            "503", "Too many streams, or stopping; retry after `Retry-After` seconds")));

    /** One phase of a secure round: the four share their answers and errors (docs/protocol.md). */
    private static Operation securePhase(String method, String phase, String id, String summary, String stored,
                                         String tooLarge) {
        return new Operation(method, "/api/v1/jobs/{jobId}/rounds/{round}/secagg/" + phase + "/{clientId}", id,
                "Devices", summary, Access.CLIENT, JSON,
                Map.of("201", stored, "200", "The same message again: harmless"),
                Map.of("400", "The message is malformed, not the caller's or of another attempt (`reason` BAD_MESSAGE, `field`)",
                        "403", "Not assigned this phase (`reason` NOT_ASSIGNED), or not this client",
                        "409", "The phase closed, or a different message is stored (`reason`)",
                        "413", tooLarge + " (`reason` TOO_LARGE, `limit`)"));
    }

    /** Descriptions of request bodies, by operation id (a body's own description wins). */
    static final Map<String, String> BODIES = Map.of(
            "uploadUpdate", "The update: local − global weights as WeightsCodec bytes (docs/protocol.md: a 24-byte "
                    + "header, float32 little-endian, SHA-256 trailer). Parameters in DL4J's flattened order: layers "
                    + "in order; dense and output layers `W` (`nIn × nOut`, column-major) then `b`; convolution "
                    + "layers `b` then `W` (`nOut × nIn × kH × kW`, row-major)",
            "createJob", "The job: model, data shape, training settings, strategy, rounds and policies",
            "planForJob", "A job request, as for creating the job; nothing is created",
            "uploadBundle", "The bundle jar (with `META-INF/flotilla/bundle.json`), streamed; at most "
                    + "`flotilla.bundles.max-bytes`",
            "attachBundleSignature", "The publisher's signature document (`.sig` of `./flotilla sign`, at most 4096 bytes), "
                    + "naming the bundle's SHA-256",
            "enrolClient", "What the device says about itself",
            "checkIn", "The client's current capacity (cores, examples)",
            "reportEvaluation", "The figures on the client's held-out data",
            "declineAssignment", "Why the client declines (a protocol `DeclineReason`)",
            "createEnrolmentToken", "The token's name, and optionally a quota of enrolments and an expiry");

    /**
     * The media types of bodies a controller reads as a stream (so no body is generated for them),
     * by operation id.
     */
    static final Map<String, String> STREAMED_BODIES = Map.of(
            "uploadBundle", "application/java-archive",
            "attachBundleSignature", "application/json");

    /** Examples of request bodies (JSON), by operation id. */
    static final Map<String, String> EXAMPLES = Map.of(
            "createJob", """
                    {"name": "fmnist-mlp", "model": {"name": "mlp", "params": {"hidden": [200, 200]}},
                     "inputShape": [784], "numClasses": 10, "localEpochs": 1, "batchSize": 32,
                     "optimizer": {"name": "sgd", "learningRate": 0.05}, "seed": 42, "strategy": {"name": "fedavg"},
                     "rounds": 10, "clientsPerRound": 4, "minClients": 3}""",
            "enrolClient", """
                    {"name": "pi-kitchen", "cores": 4, "platform": "linux-aarch64", "examples": 6000}""",
            "checkIn", """
                    {"cores": 4, "examples": 6000, "platform": "linux-aarch64", "clientVersion": "0.1.0"}""",
            "reportEvaluation", """
                    {"examples": 1000, "loss": 0.412, "accuracy": 0.861}""",
            "declineAssignment", """
                    {"reason": "SHUTTING_DOWN", "detail": "the device is stopping"}""");

    /** An example of the {@code Flotilla-Metrics} header's JSON. */
    static final String METRICS_EXAMPLE = """
            {"examples": 6000, "trainLoss": 0.43, "trainAccuracy": 0.85, "heldOutLoss": null, "heldOutAccuracy": null,
             "wallSeconds": 5.2, "trainSeconds": 4.8, "samplesPerSecond": 1250.0, "workers": 4,
             "threadLevelParallelism": 3.6, "extra": {}}""";

    /** Descriptions of the parameters, by {@code in:name} (a parameter's own description wins). */
    static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("path:id", "The job's id"),
            Map.entry("path:jobId", "The job's id"),
            Map.entry("path:round", "The round number, from 1"),
            Map.entry("path:clientId", "The client's id from enrolment; it must be the authenticated client"),
            Map.entry("path:tokenId", "The enrolment token's id (from its creation or the list)"),
            Map.entry("path:sha256", "The artifact's SHA-256: 64 lower-case hex digits"),
            Map.entry("query:wait", "Seconds to hold the check-in open waiting for work (at most "
                    + "`flotilla.check-in.max-wait`; 0 answers at once)"),
            Map.entry("query:round", "The round whose resulting weights to download (0: the initial weights; "
                    + "default: the latest)"),
            Map.entry("query:format", "`dl4j` (default: a ModelSerializer zip with `flotilla-provenance.json`) or "
                    + "`raw` (WeightsCodec bytes, the layout of docs/protocol.md)"),
            Map.entry("header:If-None-Match", "The `ETag` of a copy already held: answered 304 when it matches"),
            Map.entry("header:Flotilla-Sha256", "Optional: the SHA-256 of the body (64 lower-case hex digits); a repeat "
                    + "of an accepted update is then answered 200 without its body being read"),
            Map.entry("header:Flotilla-Metrics", "The update's UpdateMetrics as one line of JSON; required "
                    + "(400 `BAD_METRICS` without it)"));
}
