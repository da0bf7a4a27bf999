-- API speed at a million incidents (issue 11): a box's weekly timeline with less to group
-- one by one along its edges. Migration 011 sums the incidents per cell of one degree and of half
-- a degree; a box's timeline grouped the incidents of the strips along its edges narrower than
-- half a degree per day (up to 7,000-10,000 for a box whose edges cut another province), read from
-- an index by column of one-degree cells (which reads the whole degree's incidents of the column
-- for a strip a few hundredths of a degree wide).
--
-- incident_cells gains grains 'w4' and 'w8': incidents per week and event type per cell of a
--   quarter and an eighth of a degree (x = floor(lon * 4), y = floor(lat * 4), and the same times
--   8). Weeks only: the page's timeline is weekly; a month's timeline keeps the half-degree cells,
--   and totals read the month rows of the one- and half-degree cells and the week rows of these.
--   A box's weekly timeline sums whole cells of 1, 1/2, 1/4 and 1/8 degree and groups only the
--   incidents of strips narrower than an eighth of a degree.
-- incidents_cell8 replaces 011's incidents_cell: the strips are read by column of eighth-degree
--   cells (floor(lon * 8), spelled as Dialect.cell spells it), then latitude, so a strip reads
--   its own incidents and no others.
-- (PostgreSQL: migrations_pg/013_fine_cells.sql.)

CREATE INDEX IF NOT EXISTS incidents_cell8 ON incidents (
    CAST(lon * 8 AS INTEGER) - (lon * 8 < CAST(lon * 8 AS INTEGER)), lat, lon, date, event_type,
    fatalities_best);
DROP INDEX IF EXISTS incidents_cell;

-- What is already stored (applied again over a version table older than the schema: the same).
DELETE FROM incident_cells WHERE grain IN ('w4', 'w8');
INSERT INTO incident_cells (grain, x, y, day, event_type, incidents, fatalities)
    SELECT 'w' || g.scale,
           CAST(i.lon * g.scale AS INTEGER) - (i.lon * g.scale < CAST(i.lon * g.scale AS INTEGER)),
           CAST(i.lat * g.scale AS INTEGER) - (i.lat * g.scale < CAST(i.lat * g.scale AS INTEGER)),
           COALESCE(strftime('%Y-W%W', i.date), ''), i.event_type, COUNT(*),
           SUM(COALESCE(i.fatalities_best, 0))
    FROM (SELECT 4 AS scale UNION ALL SELECT 8) g, incidents i
    WHERE i.lon IS NOT NULL AND i.lat IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5;

-- 011's trigger, with the two finer grids for weeks.
DROP TRIGGER IF EXISTS incident_place_delta_apply;
CREATE TRIGGER incident_place_delta_apply INSTEAD OF INSERT ON incident_place_delta
BEGIN
    INSERT INTO incident_cells (grain, x, y, day, event_type, incidents, fatalities)
        SELECT CASE scale WHEN 1 THEN grain ELSE grain || scale END,
               CAST(new.lon * scale AS INTEGER) - (new.lon * scale < CAST(new.lon * scale AS INTEGER)),
               CAST(new.lat * scale AS INTEGER) - (new.lat * scale < CAST(new.lat * scale AS INTEGER)),
               label, new.event_type, new.sign, new.sign * COALESCE(new.fatalities_best, 0)
        FROM (SELECT 'w' AS grain, COALESCE(strftime('%Y-W%W', new.date), '') AS label
              UNION ALL SELECT 'm', COALESCE(substr(new.date, 1, 7), '')),
             (SELECT 1 AS scale UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT 8)
        WHERE new.lon IS NOT NULL AND new.lat IS NOT NULL AND (grain = 'w' OR scale <= 2)
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
