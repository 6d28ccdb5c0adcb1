-- Listings are keyed by the SHA-256 of kind:canonical, in one B-tree: range
-- checks read it by hash prefix, and a listing's id is the first 24 hex
-- characters of its hash, so reads by id are prefix reads too. One tree, not
-- three, is what lets an import write a million listings in seconds.
CREATE TABLE listings (
    hash TEXT PRIMARY KEY,
    doc  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Which listings each alert is a source of, so an update or retraction of
-- the alert can withdraw what it no longer names. Rows are only added; a row
-- whose listing no longer names the alert is skipped when read.
CREATE TABLE listing_alerts (
    alert TEXT NOT NULL,
    hash  TEXT NOT NULL,
    PRIMARY KEY (alert, hash)
) STRICT, WITHOUT ROWID;

-- Citizens' reports: nothing about the sender is stored.
CREATE TABLE reports (
    id     TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    doc    TEXT NOT NULL
) STRICT;
CREATE INDEX reports_by_status ON reports (status, id);

-- The only trace of checks: a count per day, kind and verdict.
CREATE TABLE lookup_counts (
    day     TEXT NOT NULL,
    kind    TEXT NOT NULL,
    verdict TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, kind, verdict)
) STRICT, WITHOUT ROWID;

CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;
