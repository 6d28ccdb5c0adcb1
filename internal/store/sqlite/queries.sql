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
-- The columns after doc are what listingColumns derives from the listing.
INSERT INTO listings (hash, doc, official, trend_day, trend_kind, trend_counted, trend_regions) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (hash) DO UPDATE SET doc = excluded.doc, official = excluded.official, trend_day = excluded.trend_day,
    trend_kind = excluded.trend_kind, trend_counted = excluded.trend_counted, trend_regions = excluded.trend_regions;

-- name: listing-exists
SELECT 1 FROM listings WHERE hash = ?;

-- name: listing-alerts-add
INSERT OR IGNORE INTO listing_alerts (alert, hash) VALUES (?, ?);

-- name: listing-by-hash
SELECT doc FROM listings WHERE hash = ?;

-- name: listings-by-hashes
-- Many hashes in one statement (a batch of checks, an import's batch): a JSON
-- array of hex hashes, each looked up in the hash index (CROSS JOIN keeps
-- the array as the outer loop).
SELECT l.doc FROM json_each(?) AS j CROSS JOIN listings AS l ON l.hash = unhex(j.value);

-- name: listing-by-id
SELECT doc FROM listings WHERE hash >= ? AND hash < ?;

-- name: listings-by-prefix
SELECT doc FROM listings WHERE hash >= ? AND hash < ?;

-- name: listings-official
SELECT doc FROM listings WHERE official = 1;

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

-- Web Push: subscriptions, and fan-out jobs split into one task per shard.

-- name: push-sub-exists
SELECT 1 FROM push_subscriptions WHERE id = ?;

-- name: push-sub-upsert
INSERT INTO push_subscriptions (id, shard, endpoint, doc) VALUES (?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET doc = excluded.doc;

-- name: push-sub-delete
DELETE FROM push_subscriptions WHERE id = ?;

-- name: push-sub-page
SELECT id, doc FROM push_subscriptions WHERE shard = ? AND id > ? ORDER BY id LIMIT ?;

-- name: push-sub-count
SELECT count(*) FROM push_subscriptions;

-- name: push-job-insert
INSERT INTO push_jobs (id, created_at, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING;

-- name: push-job-by-id
SELECT doc FROM push_jobs WHERE id = ? AND done_at IS NULL;

-- name: push-job-done
UPDATE push_jobs SET done_at = ?, doc = '' WHERE id = ?;

-- name: push-task-insert
INSERT INTO push_tasks (job, shard) VALUES (?, ?);

-- name: push-task-claim
UPDATE push_tasks SET owner = ?1, lease_until = ?2, claims = claims + 1
WHERE (job, shard) = (SELECT job, shard FROM push_tasks WHERE lease_until < ?3 ORDER BY lease_until, job, shard LIMIT 1)
RETURNING job, shard, cursor, claims;

-- name: push-task-checkpoint
UPDATE push_tasks SET cursor = ?1, lease_until = ?2
WHERE job = ?3 AND shard = ?4 AND owner = ?5 AND claims = ?6;

-- name: push-task-release
UPDATE push_tasks SET owner = '', lease_until = 0
WHERE job = ?1 AND shard = ?2 AND owner = ?3 AND claims = ?4;

-- name: push-task-finish
DELETE FROM push_tasks WHERE job = ?1 AND shard = ?2 AND owner = ?3 AND claims = ?4;

-- name: push-tasks-of-job
SELECT count(*) FROM push_tasks WHERE job = ?;

-- name: push-tasks-pending
SELECT count(*) FROM push_tasks;

-- name: trend-insert
INSERT INTO trends (id, slug, status, revision, published_at, doc) VALUES (?, ?, ?, ?, ?, ?);

-- name: trend-update
UPDATE trends SET status = ?, revision = ?, published_at = ?, doc = ? WHERE id = ? AND revision = ?;

-- name: trend-exists
SELECT 1 FROM trends WHERE id = ?;

-- name: trend-by-id
SELECT doc FROM trends WHERE id = ?;

-- name: trend-by-slug
SELECT doc FROM trends WHERE slug = ?;

-- name: trends-list
SELECT doc FROM trends
WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR id < ?2)
ORDER BY id DESC LIMIT ?3;

-- name: trends-public-first
SELECT doc FROM trends WHERE published_at IS NOT NULL
ORDER BY published_at DESC, id DESC LIMIT ?;

-- name: trends-public-after
SELECT doc FROM trends WHERE published_at IS NOT NULL
  AND (published_at < ?1 OR (published_at = ?1 AND id < ?2))
ORDER BY published_at DESC, id DESC LIMIT ?3;

-- Aggregates of a trend report's period: [?1, ?2) in Unix nanoseconds, days
-- or ids, matching the index each one reads.

-- name: trend-count-alerts
SELECT t.value, coalesce(json_extract(a.doc, '$.severity'), ''), count(*)
FROM alerts a, json_each(a.doc, '$.typologies') t
WHERE a.published_at >= ?1 AND a.published_at < ?2 AND a.status <> 'retracted'
GROUP BY 1, 2 ORDER BY 1, 2;

-- name: trend-count-listings
SELECT coalesce(l.trend_kind, ''), coalesce(r.value, ''), count(*)
FROM listings l INDEXED BY listings_trend LEFT JOIN json_each(l.trend_regions) r
WHERE l.trend_day >= ?1 AND l.trend_day < ?2 AND l.trend_counted = 1
GROUP BY 1, 2 ORDER BY 1, 2;

-- name: trend-count-reports
SELECT trend_typology, trend_country, count(*)
FROM reports INDEXED BY reports_trend
WHERE status = 'accepted' AND id >= ?1 AND id < ?2
GROUP BY 1, 2 ORDER BY 1, 2;
