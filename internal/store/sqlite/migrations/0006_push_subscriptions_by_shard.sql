-- Subscriptions are stored in the order a fan-out reads them: by shard, then
-- id. In rowid order, each subscription of a page was a jump to another
-- table page, and reading subscriptions cost a sixth of a fan-out's CPU;
-- now a page of them is a run of neighbouring rows.
CREATE TABLE push_subscriptions_v6 (
    shard    INTEGER NOT NULL,
    id       TEXT NOT NULL UNIQUE,
    endpoint TEXT NOT NULL UNIQUE,
    doc      TEXT NOT NULL,
    PRIMARY KEY (shard, id)
) STRICT, WITHOUT ROWID;
INSERT INTO push_subscriptions_v6 (shard, id, endpoint, doc) SELECT shard, id, endpoint, doc FROM push_subscriptions;
DROP TABLE push_subscriptions;
ALTER TABLE push_subscriptions_v6 RENAME TO push_subscriptions;
