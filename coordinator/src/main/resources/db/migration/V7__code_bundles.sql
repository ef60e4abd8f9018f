-- Signed code bundles (docs/code-bundles.md): the bundles an operator uploaded, with what their
-- manifest says and the publisher signature relayed with them, and the bundle a job trains with.
-- The jar and the signature document are artifacts (kinds BUNDLE and SIGNATURE); these rows only
-- describe them. Portable SQL, like V1.

CREATE TABLE bundles (
    sha256            VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES artifacts (sha256),
    name              VARCHAR(100)  NOT NULL,
    version           VARCHAR(100)  NOT NULL,
    entry_class       VARCHAR(500)  NOT NULL,
    spi_version       INTEGER       NOT NULL,
    size_bytes        BIGINT        NOT NULL,
    signature_sha256  VARCHAR(64)   REFERENCES artifacts (sha256),
    publisher_key_id  VARCHAR(16),
    uploaded_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE jobs ADD COLUMN bundle_sha256 VARCHAR(64) REFERENCES bundles (sha256);
ALTER TABLE jobs ADD COLUMN bundle_signature_sha256 VARCHAR(64);
ALTER TABLE jobs ADD COLUMN bundle_key_id VARCHAR(16);
ALTER TABLE jobs ADD COLUMN bundle_settings VARCHAR(10000);
