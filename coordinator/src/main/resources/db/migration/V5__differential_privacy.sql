-- Differential privacy (docs/privacy.md). A DP job's resolved settings and its latest figures live
-- on the job; the accountant's state is its ledger, one row per round attempt, written (with the
-- attempt's Poisson sample) before the attempt's cohort opens; what closing released is written
-- once per cohort, before the strategy runs, so a repeated closing reuses the same noise.
-- Portable SQL, like V1.

ALTER TABLE jobs ADD COLUMN differential_privacy VARCHAR(2000);
ALTER TABLE jobs ADD COLUMN privacy VARCHAR(2000);

CREATE TABLE privacy_ledger (
    job_id                   BIGINT           NOT NULL REFERENCES jobs (id),
    round_no                 INTEGER          NOT NULL,
    attempt                  INTEGER          NOT NULL,
    mode                     VARCHAR(10)      NOT NULL,
    sampling_rate            DOUBLE PRECISION NOT NULL,
    noise_multiplier         DOUBLE PRECISION NOT NULL,
    update_noise_multiplier  DOUBLE PRECISION NOT NULL,
    clip_norm                DOUBLE PRECISION NOT NULL,
    expected_clients         DOUBLE PRECISION NOT NULL,
    sampled                  INTEGER          NOT NULL,
    epsilon                  DOUBLE PRECISION NOT NULL,
    delta                    DOUBLE PRECISION NOT NULL,
    rdp_order                DOUBLE PRECISION,
    accountant               VARCHAR(10)      NOT NULL,
    rounds_accounted         BIGINT           NOT NULL,
    opened_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, round_no, attempt)
);

-- The clients drawn for an attempt; only they may join its cohort.
CREATE TABLE privacy_samples (
    job_id     BIGINT      NOT NULL,
    round_no   INTEGER     NOT NULL,
    attempt    INTEGER     NOT NULL,
    client_id  VARCHAR(40) NOT NULL REFERENCES clients (id),
    PRIMARY KEY (job_id, round_no, attempt, client_id),
    FOREIGN KEY (job_id, round_no, attempt) REFERENCES privacy_ledger (job_id, round_no, attempt)
);

CREATE TABLE privacy_releases (
    cohort_id            BIGINT           NOT NULL PRIMARY KEY REFERENCES cohorts (id),
    job_id               BIGINT           NOT NULL REFERENCES jobs (id),
    round_no             INTEGER          NOT NULL,
    attempt              INTEGER          NOT NULL,
    noised_mean_sha256   VARCHAR(64),
    contributors         INTEGER          NOT NULL,
    clipped_on_arrival   INTEGER          NOT NULL,
    excluded             INTEGER          NOT NULL,
    noise_stddev         DOUBLE PRECISION NOT NULL,
    denominator          DOUBLE PRECISION NOT NULL,
    unclipped_fraction   DOUBLE PRECISION,
    next_clip_norm       DOUBLE PRECISION,
    released_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_privacy_releases_round ON privacy_releases (job_id, round_no, attempt);
