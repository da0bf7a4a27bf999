-- API speed at a million incidents (issue 11): the two page states the cube of 006/010 cannot
-- answer, summed at write time per week ('w') and per month ('m') and event type (no sub-type,
-- and no day: the page's totals and weekly timelines read a few thousand rows instead of
-- grouping up to 65,000 incidents, 130-300 ms).
--
-- incident_cells: incidents with a position, per cell of one degree (grains 'w' and 'm':
--   x = floor(lon), y = floor(lat)) and of half a degree ('w2' and 'm2': x = floor(lon * 2),
--   y = floor(lat * 2)). A visible-area (box) filter sums the one-degree cells wholly inside the
--   box, the half-degree cells wholly inside it around them, and counts only the incidents of
--   the narrow strips along its edges, from the index incidents_cell.
-- incident_tolls: incidents with a best death toll, per exact toll, for each country code and
--   for all ('' as cc). A minimum toll, alone or with a country code, is a range of tolls.
-- Undated incidents are counted under day '' (totals include them, timelines skip them).
-- (PostgreSQL: migrations_pg/011_area_toll_rollups.sql keeps the same tables.)

CREATE TABLE IF NOT EXISTS incident_cells (
    grain TEXT NOT NULL,
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    day TEXT NOT NULL,
    event_type TEXT NOT NULL,
    incidents INTEGER NOT NULL,
    fatalities INTEGER NOT NULL,
    PRIMARY KEY (grain, x, y, day, event_type)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS incident_tolls (
    grain TEXT NOT NULL,
    cc TEXT NOT NULL,
    deaths INTEGER NOT NULL,
    day TEXT NOT NULL,
    event_type TEXT NOT NULL,
    incidents INTEGER NOT NULL,
    fatalities INTEGER NOT NULL,
    PRIMARY KEY (grain, cc, deaths, day, event_type)
) WITHOUT ROWID;

-- The strips along a box's edges, by column of cells and range of latitudes: each strip is read
-- exactly (the (lon, lat) index of 007 reads every incident of a strip's longitudes, whatever
-- their latitude: 14,000 entries for the 3,300 incidents of a box's southern strip). floor(v)
-- is written CAST(v AS INTEGER) - (v < CAST(v AS INTEGER)) (SQLite's math functions are a
-- compile-time option); queries spell it the same way (Dialect.cell), so the index serves them.
CREATE INDEX IF NOT EXISTS incidents_cell ON incidents (
    CAST(lon AS INTEGER) - (lon < CAST(lon AS INTEGER)), lat, lon, date, event_type,
    fatalities_best);

-- What is already stored.
DELETE FROM incident_cells;
INSERT INTO incident_cells (grain, x, y, day, event_type, incidents, fatalities)
    SELECT g.grain, CAST(i.lon * g.scale AS INTEGER) - (i.lon * g.scale < CAST(i.lon * g.scale AS INTEGER)),
           CAST(i.lat * g.scale AS INTEGER) - (i.lat * g.scale < CAST(i.lat * g.scale AS INTEGER)),
           CASE substr(g.grain, 1, 1) WHEN 'w' THEN COALESCE(strftime('%Y-W%W', i.date), '')
                ELSE COALESCE(substr(i.date, 1, 7), '') END,
           i.event_type, COUNT(*), SUM(COALESCE(i.fatalities_best, 0))
    FROM (SELECT 'w' AS grain, 1 AS scale UNION ALL SELECT 'm', 1 UNION ALL SELECT 'w2', 2
          UNION ALL SELECT 'm2', 2) g, incidents i
    WHERE i.lon IS NOT NULL AND i.lat IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5;
DELETE FROM incident_tolls;
INSERT INTO incident_tolls (grain, cc, deaths, day, event_type, incidents, fatalities)
    SELECT g.grain, c.cc, i.fatalities_best,
           CASE g.grain WHEN 'w' THEN COALESCE(strftime('%Y-W%W', i.date), '')
                ELSE COALESCE(substr(i.date, 1, 7), '') END,
           i.event_type, COUNT(*), SUM(i.fatalities_best)
    FROM (SELECT 'w' AS grain UNION ALL SELECT 'm') g, incidents i
    JOIN (SELECT id, '' AS cc FROM incidents
          UNION ALL SELECT id, country_code FROM incidents WHERE country_code IS NOT NULL) c
        ON c.id = i.id
    WHERE i.fatalities_best IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5;

-- Kept by triggers: each incident written adds itself (sign 1), each one removed takes itself
-- away (-1), an update that moves it does both; the arithmetic is written once, in the INSTEAD
-- OF trigger of the view incident_place_delta (006's incident_delta carries no position).
CREATE VIEW IF NOT EXISTS incident_place_delta AS
    SELECT 0 AS sign, date, event_type, country_code, lon, lat, fatalities_best
    FROM incidents WHERE 0;
CREATE TRIGGER IF NOT EXISTS incident_place_delta_apply INSTEAD OF INSERT ON incident_place_delta
BEGIN
    INSERT INTO incident_cells (grain, x, y, day, event_type, incidents, fatalities)
        SELECT CASE scale WHEN 1 THEN grain ELSE grain || scale END,
               CAST(new.lon * scale AS INTEGER) - (new.lon * scale < CAST(new.lon * scale AS INTEGER)),
               CAST(new.lat * scale AS INTEGER) - (new.lat * scale < CAST(new.lat * scale AS INTEGER)),
               label, new.event_type, new.sign, new.sign * COALESCE(new.fatalities_best, 0)
        FROM (SELECT 'w' AS grain, COALESCE(strftime('%Y-W%W', new.date), '') AS label
              UNION ALL SELECT 'm', COALESCE(substr(new.date, 1, 7), '')),
             (SELECT 1 AS scale UNION ALL SELECT 2)
        WHERE new.lon IS NOT NULL AND new.lat IS NOT NULL
        ON CONFLICT (grain, x, y, day, event_type) DO UPDATE SET
            incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
    INSERT INTO incident_tolls (grain, cc, deaths, day, event_type, incidents, fatalities)
        SELECT grain, cc, new.fatalities_best, label, new.event_type, new.sign,
               new.sign * new.fatalities_best
        FROM (SELECT 'w' AS grain, COALESCE(strftime('%Y-W%W', new.date), '') AS label
              UNION ALL SELECT 'm', COALESCE(substr(new.date, 1, 7), '')),
             (SELECT '' AS cc UNION ALL SELECT new.country_code)
        WHERE new.fatalities_best IS NOT NULL AND cc IS NOT NULL
        ON CONFLICT (grain, cc, deaths, day, event_type) DO UPDATE SET
            incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
CREATE TRIGGER IF NOT EXISTS incidents_places_ai AFTER INSERT ON incidents BEGIN
    INSERT INTO incident_place_delta SELECT 1, new.date, new.event_type, new.country_code,
        new.lon, new.lat, new.fatalities_best;
END;
CREATE TRIGGER IF NOT EXISTS incidents_places_ad AFTER DELETE ON incidents BEGIN
    INSERT INTO incident_place_delta SELECT -1, old.date, old.event_type, old.country_code,
        old.lon, old.lat, old.fatalities_best;
END;
-- Resolution rewrites an incident's row when a report joins it: only a change of what these
-- tables key on or sum moves it.
CREATE TRIGGER IF NOT EXISTS incidents_places_au AFTER UPDATE ON incidents
WHEN old.date IS NOT new.date OR old.event_type IS NOT new.event_type
    OR old.country_code IS NOT new.country_code OR old.lon IS NOT new.lon
    OR old.lat IS NOT new.lat OR old.fatalities_best IS NOT new.fatalities_best
BEGIN
    INSERT INTO incident_place_delta SELECT -1, old.date, old.event_type, old.country_code,
        old.lon, old.lat, old.fatalities_best;
    INSERT INTO incident_place_delta SELECT 1, new.date, new.event_type, new.country_code,
        new.lon, new.lat, new.fatalities_best;
END;
