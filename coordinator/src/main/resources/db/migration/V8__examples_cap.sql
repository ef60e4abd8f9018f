-- A job's own cap on the training examples one update may claim (its largest FedAvg weight), from
-- the job request's maxExamplesPerClient; null: only flotilla.limits.examples-per-client applies.
-- Portable SQL, like V1.

ALTER TABLE jobs ADD COLUMN max_examples_per_client BIGINT;
