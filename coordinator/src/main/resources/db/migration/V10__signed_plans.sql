-- Signed declarative plans (docs/code-bundles.md, "Signed plans"): the publisher's detached
-- signature of a job's plan artifact, checked at job creation and relayed to devices with the
-- plan. The signature document is an artifact (kind SIGNATURE); the key id is what it names.
-- Portable SQL, like V1.

ALTER TABLE jobs ADD COLUMN plan_signature_sha256 VARCHAR(64);
ALTER TABLE jobs ADD COLUMN plan_key_id VARCHAR(16);
