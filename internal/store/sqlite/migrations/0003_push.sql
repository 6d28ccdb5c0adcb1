-- Push subscriptions, keyed by the SHA-256 of the endpoint. Each falls in one
-- of push.Shards shards, so that one fan-out is split into tasks that several
-- workers (and, on Redis, several nodes) share; a task pages its shard by id.
CREATE TABLE push_subscriptions (
    id       TEXT PRIMARY KEY,
    shard    INTEGER NOT NULL,
    endpoint TEXT NOT NULL UNIQUE,
    doc      TEXT NOT NULL
) STRICT;
CREATE INDEX push_subscriptions_by_shard ON push_subscriptions (shard, id);

-- A fan-out job: one notification with its payloads in every language. Kept
-- after it is done (done_at set) so that enqueuing the same job again is a
-- no-op; old ones are pruned.
CREATE TABLE push_jobs (
    id         TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    done_at    INTEGER,
    doc        TEXT NOT NULL
) STRICT;

-- The job's unfinished work: one row a shard, deleted when the shard is done.
-- cursor is the last subscription id sent to; a worker holds the task until
-- lease_until and renews it while it works, so a crashed worker's task is
-- taken over where its last checkpoint left it.
CREATE TABLE push_tasks (
    job         TEXT NOT NULL REFERENCES push_jobs (id),
    shard       INTEGER NOT NULL,
    cursor      TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',
    lease_until INTEGER NOT NULL DEFAULT 0,
    claims      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job, shard)
) STRICT, WITHOUT ROWID;
CREATE INDEX push_tasks_by_lease ON push_tasks (lease_until);
