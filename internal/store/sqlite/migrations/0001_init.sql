-- Alerts are stored as JSON documents (the domain's Alert) with the columns
-- the queries sort and filter on pulled out beside them.
CREATE TABLE alerts (
    id           TEXT PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    status       TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    published_at INTEGER,            -- first publication, Unix nanoseconds; NULL before
    doc          TEXT NOT NULL
) STRICT;
CREATE INDEX alerts_by_status ON alerts (status, id);
CREATE INDEX alerts_public ON alerts (published_at DESC, id DESC) WHERE published_at IS NOT NULL;

CREATE TABLE tokens (
    id         TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,  -- SHA-256 of the secret; the secret is never stored
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    agency     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;

-- Append-only: nothing in Beacon updates or deletes these rows.
CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    from_version INTEGER NOT NULL,
    to_version   INTEGER NOT NULL,
    reason       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_subject ON audit (subject, seq);
