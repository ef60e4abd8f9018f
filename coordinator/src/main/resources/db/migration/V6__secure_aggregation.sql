-- Secure aggregation (SecAgg+, Bell et al. 2020): what the coordinator keeps of a secure round so
-- that any replica, or a restarted one, rebuilds the protocol's server state by replaying it
-- (secagg.ServerReplay). Only protocol messages are stored; a client's update exists here only
-- masked (an artifact of kind UPDATE). Portable SQL, like V1.

-- The job's SecAgg+ parameters as the library's JSON (null: no secure aggregation).
ALTER TABLE jobs ADD COLUMN secure_aggregation VARCHAR(2000);

-- One row per secure round attempt: the setup every participant receives and the graph seed (hex),
-- drawn from SecureRandom once when the attempt's first client is assigned.
CREATE TABLE secagg_rounds (
    job_id      BIGINT        NOT NULL REFERENCES jobs (id),
    round_no    INTEGER       NOT NULL,
    attempt     INTEGER       NOT NULL,
    setup       VARCHAR(4000) NOT NULL,
    graph_seed  VARCHAR(64)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, round_no, attempt)
);

-- What the next phase asks each survivor, computed when the phase of cohort_id closed and keyed by
-- that cohort (the next phase's parent), so every replica hands out exactly the same request.
CREATE TABLE secagg_requests (
    cohort_id   BIGINT          NOT NULL REFERENCES cohorts (id),
    client_id   VARCHAR(40)     NOT NULL REFERENCES clients (id),
    body        VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (cohort_id, client_id)
);

-- A participant's accepted answer in one phase cohort: the JSON message (keys, shares, unmask),
-- or the masked input's artifact.
CREATE TABLE secagg_messages (
    cohort_id    BIGINT           NOT NULL REFERENCES cohorts (id),
    client_id    VARCHAR(40)      NOT NULL REFERENCES clients (id),
    body         VARCHAR(1000000),
    sha256       VARCHAR(64),
    size_bytes   BIGINT           NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (cohort_id, client_id)
);
