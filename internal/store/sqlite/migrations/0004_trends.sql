-- Trend reports are workflow documents like alerts: the JSON of the domain's
-- Report with the columns the queries sort and filter on beside it.
CREATE TABLE trends (
    id           TEXT PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    status       TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    published_at INTEGER,            -- first publication, Unix nanoseconds; NULL before
    doc          TEXT NOT NULL
) STRICT;
CREATE INDEX trends_by_status ON trends (status, id);
CREATE INDEX trends_public ON trends (published_at DESC, id DESC) WHERE published_at IS NOT NULL;

-- The aggregates of a report's period are GROUP BY queries over a range of
-- a covering index, so they read the period's index entries and nothing else:
-- no table row, no JSON document. The indexed values are virtual generated
-- columns (computed from doc, never stored in the table).
--
-- Listings by the day they were first seen (UTC, YYYY-MM-DD). Imports add
-- listings of today, so this index grows at its end.
ALTER TABLE listings ADD COLUMN trend_day TEXT GENERATED ALWAYS AS (substr(json_extract(doc, '$.firstSeen'), 1, 10)) VIRTUAL;
ALTER TABLE listings ADD COLUMN trend_kind TEXT GENERATED ALWAYS AS (json_extract(doc, '$.kind')) VIRTUAL;
ALTER TABLE listings ADD COLUMN trend_counted INTEGER GENERATED ALWAYS AS
    (json_extract(doc, '$.official') = 0 AND json_extract(doc, '$.status') <> 'delisted') VIRTUAL;
ALTER TABLE listings ADD COLUMN trend_regions TEXT GENERATED ALWAYS AS (json_extract(doc, '$.regions')) VIRTUAL;
CREATE INDEX listings_trend ON listings (trend_day, trend_counted, trend_kind, trend_regions);

-- Accepted reports by id (ids start with their creation time, so an id range
-- is a time range), with the two values the counts group by.
ALTER TABLE reports ADD COLUMN trend_typology TEXT GENERATED ALWAYS AS (json_extract(doc, '$.typology')) VIRTUAL;
ALTER TABLE reports ADD COLUMN trend_country TEXT GENERATED ALWAYS AS (json_extract(doc, '$.country')) VIRTUAL;
CREATE INDEX reports_trend ON reports (status, id, trend_typology, trend_country);
