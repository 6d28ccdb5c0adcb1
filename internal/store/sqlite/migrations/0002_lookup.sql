-- Listings are found by the SHA-256 of kind:canonical, kept as 32 bytes in a
-- unique index: range checks read it by hash prefix, and a listing's id is the
-- first 24 hex characters of its hash, so reads by id are prefix reads too.
-- The documents themselves go in rowid order, appended; only the small index
-- is written at random places, which is what keeps an import of a million
-- listings inside the page cache.
CREATE TABLE listings (
    hash BLOB NOT NULL UNIQUE,
    doc  TEXT NOT NULL
) STRICT;
-- Official contacts are few; this partial index finds them without a scan.
CREATE INDEX listings_official ON listings (json_extract(doc, '$.official')) WHERE json_extract(doc, '$.official') = 1;

-- Which listings each alert is a source of, so an update or retraction of
-- the alert can withdraw what it no longer names. Rows are only added; a row
-- whose listing no longer names the alert is skipped when read.
CREATE TABLE listing_alerts (
    alert TEXT NOT NULL,
    hash  BLOB NOT NULL,
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
