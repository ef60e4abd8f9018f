-- Artifact bytes in the database, for flotilla.artifacts.store=database (docs/coordinator.md,
-- "Artifact store"): each artifact as consecutive chunks of at most 512 KiB, seq 0, 1, 2 …, inserted
-- in the transaction that commits the artifact's row, so a committed row has all its chunks and a
-- crash leaves none. Stays empty with the default filesystem store. Portable SQL, like V1: BYTEA is
-- PostgreSQL's type and an H2 name of BINARY VARYING (at most 1,000,000 bytes a value there).

CREATE TABLE artifact_chunks (
    sha256  VARCHAR(64) NOT NULL REFERENCES artifacts (sha256),
    seq     INTEGER     NOT NULL,
    bytes   BYTEA       NOT NULL,
    PRIMARY KEY (sha256, seq)
);
