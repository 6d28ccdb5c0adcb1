-- Named queries, loaded at start-up: a query the code asks for that is not
-- here stops Open, so a typo fails the boot and the tests, never a request.

-- name: alert-insert
INSERT INTO alerts (id, slug, status, revision, published_at, doc) VALUES (?, ?, ?, ?, ?, ?);

-- name: alert-update
UPDATE alerts SET status = ?, revision = ?, published_at = ?, doc = ? WHERE id = ? AND revision = ?;

-- name: alert-exists
SELECT 1 FROM alerts WHERE id = ?;

-- name: alert-by-id
SELECT doc FROM alerts WHERE id = ?;

-- name: alert-by-slug
SELECT doc FROM alerts WHERE slug = ?;

-- name: alerts-list
SELECT doc FROM alerts
WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR id < ?2)
ORDER BY id DESC LIMIT ?3;

-- name: alerts-public-first
SELECT doc FROM alerts WHERE published_at IS NOT NULL
ORDER BY published_at DESC, id DESC LIMIT ?;

-- name: alerts-public-after
SELECT doc FROM alerts WHERE published_at IS NOT NULL
  AND (published_at < ?1 OR (published_at = ?1 AND id < ?2))
ORDER BY published_at DESC, id DESC LIMIT ?3;

-- name: token-insert
INSERT INTO tokens (id, hash, name, role, agency, created_at) VALUES (?, ?, ?, ?, ?, ?);

-- name: token-by-hash
SELECT id, hash, name, role, agency, created_at, revoked_at FROM tokens WHERE hash = ?;

-- name: tokens-list
SELECT id, hash, name, role, agency, created_at, revoked_at FROM tokens ORDER BY id;

-- name: token-revoke
UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL;

-- name: token-exists
SELECT 1 FROM tokens WHERE id = ?;

-- name: audit-insert
INSERT INTO audit (at, actor, actor_name, action, subject, from_status, to_status, from_version, to_version, reason)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: audit-list
SELECT seq, at, actor, actor_name, action, subject, from_status, to_status, from_version, to_version, reason FROM audit
WHERE (?1 = '' OR subject = ?1) AND (?2 = 0 OR seq < ?2)
ORDER BY seq DESC LIMIT ?3;

-- name: listing-upsert
INSERT INTO listings (hash, doc) VALUES (?, ?)
ON CONFLICT (hash) DO UPDATE SET doc = excluded.doc;

-- name: listing-exists
SELECT 1 FROM listings WHERE hash = ?;

-- name: listing-alerts-add
INSERT OR IGNORE INTO listing_alerts (alert, hash) VALUES (?, ?);

-- name: listing-by-hash
SELECT doc FROM listings WHERE hash = ?;

-- name: listing-by-id
SELECT doc FROM listings WHERE hash >= ? AND hash < ?;

-- name: listings-by-prefix
SELECT doc FROM listings WHERE hash >= ? AND hash < ?;

-- name: listings-official
SELECT doc FROM listings WHERE json_extract(doc, '$.official') = 1;

-- name: listings-by-alert
SELECT l.doc FROM listing_alerts a JOIN listings l ON l.hash = a.hash WHERE a.alert = ?;

-- name: report-insert
INSERT INTO reports (id, status, doc) VALUES (?, ?, ?);

-- name: report-by-id
SELECT doc FROM reports WHERE id = ?;

-- name: report-decide
UPDATE reports SET status = ?, doc = ? WHERE id = ? AND status = 'pending';

-- name: reports-list
SELECT doc FROM reports WHERE status = ?1 AND (?2 = '' OR id < ?2) ORDER BY id DESC LIMIT ?3;

-- name: lookup-count-add
INSERT INTO lookup_counts (day, kind, verdict, n) VALUES (?, ?, ?, ?)
ON CONFLICT (day, kind, verdict) DO UPDATE SET n = n + excluded.n;

-- name: lookup-counts
SELECT day, kind, verdict, n FROM lookup_counts WHERE day >= ? AND day <= ? ORDER BY day, kind, verdict;

-- name: secret-create
INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?);

-- name: secret-get
SELECT value FROM secrets WHERE name = ?;
