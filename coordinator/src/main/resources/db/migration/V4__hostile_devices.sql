-- Hostile devices: the example count a client declared at the check-in that assigned it (the
-- ceiling of the FedAvg weight its update may claim), and an index for counting a round's stored
-- refusals (they are bounded per round and kind). Portable SQL, like V1.

ALTER TABLE cohort_participants ADD COLUMN declared_examples BIGINT;

CREATE INDEX ix_rejections_round_task ON rejections (job_id, round_no, task);
