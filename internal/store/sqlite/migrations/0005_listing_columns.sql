-- The values the listing indexes sort on become plain columns that the store
-- writes beside the document. As expressions over doc (0002 and 0004) they
-- made every insert parse each document five times: a quarter of what an
-- import of a million listings spent writing. The table is rebuilt, keeping
-- rowids, because SQLite cannot turn a generated column into a stored one.
DROP INDEX listings_trend;
DROP INDEX listings_official;
CREATE TABLE listings_v5 (
    hash          BLOB NOT NULL UNIQUE,
    doc           TEXT NOT NULL,
    official      INTEGER NOT NULL,  -- 1 for an official contact
    trend_day     TEXT NOT NULL,     -- the UTC day first seen, YYYY-MM-DD
    trend_kind    TEXT NOT NULL,
    trend_counted INTEGER NOT NULL,  -- 1 unless official or delisted: what trend reports count
    trend_regions TEXT               -- the regions as a JSON array; NULL for none
) STRICT;
INSERT INTO listings_v5 (rowid, hash, doc, official, trend_day, trend_kind, trend_counted, trend_regions)
SELECT rowid, hash, doc, coalesce(json_extract(doc, '$.official'), 0), coalesce(trend_day, ''), coalesce(trend_kind, ''),
       coalesce(trend_counted, 0), trend_regions
FROM listings;
DROP TABLE listings;
ALTER TABLE listings_v5 RENAME TO listings;
CREATE INDEX listings_official ON listings (official) WHERE official = 1;
CREATE INDEX listings_trend ON listings (trend_day, trend_counted, trend_kind, trend_regions);
