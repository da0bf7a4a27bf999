-- SQLite's 011_area_toll_rollups.sql (read it for why) on PostgreSQL: the per-cell and per-toll
-- sums by week and month, kept by 006's statement-level triggers over transition tables, and
-- the index of the strips along a box's edges (by column of cells, then latitude).

CREATE TABLE IF NOT EXISTS incident_cells (
    grain TEXT NOT NULL,
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    day TEXT NOT NULL,
    event_type TEXT NOT NULL,
    incidents BIGINT NOT NULL,
    fatalities BIGINT NOT NULL,
    PRIMARY KEY (grain, x, y, day, event_type) INCLUDE (incidents, fatalities)
);
CREATE TABLE IF NOT EXISTS incident_tolls (
    grain TEXT NOT NULL,
    cc TEXT NOT NULL,
    deaths BIGINT NOT NULL,
    day TEXT NOT NULL,
    event_type TEXT NOT NULL,
    incidents BIGINT NOT NULL,
    fatalities BIGINT NOT NULL,
    PRIMARY KEY (grain, cc, deaths, day, event_type) INCLUDE (incidents, fatalities)
);

CREATE INDEX IF NOT EXISTS incidents_cell ON incidents ((floor(lon)::integer), lat)
    INCLUDE (lon, date, event_type, fatalities_best);

-- SQLite's strftime('%Y-W%W') of a YYYY-MM-DD day (week 01 starts on the year's first Monday).
CREATE OR REPLACE FUNCTION sqlite_week(day text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
    SELECT to_char(day::date, 'YYYY') || '-W' || lpad(((extract(doy FROM day::date)::int + 7
        - extract(isodow FROM day::date)::int) / 7)::text, 2, '0') $fn$;

-- The statements that add the incidents of a relation (with a sign column) to both tables; a
-- group whose rows cancel out (an update that moved nothing) writes nothing.
CREATE OR REPLACE FUNCTION incident_place_sql(source text) RETURNS text[] LANGUAGE sql
IMMUTABLE AS $fn$ SELECT ARRAY[
    format($q$INSERT INTO incident_cells AS c (grain, x, y, day, event_type, incidents, fatalities)
        SELECT g.grain || s.suffix, floor(r.lon * s.scale)::int, floor(r.lat * s.scale)::int,
               g.label, r.event_type, SUM(r.sign), SUM(r.sign * COALESCE(r.fatalities_best, 0))
        FROM (%s) r CROSS JOIN LATERAL (VALUES
            ('w', COALESCE(sqlite_week(r.date), '')), ('m', COALESCE(substr(r.date, 1, 7), '')))
            g(grain, label) CROSS JOIN (VALUES (1, ''), (2, '2')) s(scale, suffix)
        WHERE r.lon IS NOT NULL AND r.lat IS NOT NULL GROUP BY 1, 2, 3, 4, 5
        HAVING SUM(r.sign) <> 0 OR SUM(r.sign * COALESCE(r.fatalities_best, 0)) <> 0
        ON CONFLICT (grain, x, y, day, event_type) DO UPDATE SET
            incidents = c.incidents + excluded.incidents,
            fatalities = c.fatalities + excluded.fatalities$q$, source),
    format($q$INSERT INTO incident_tolls AS c (grain, cc, deaths, day, event_type, incidents,
            fatalities)
        SELECT g.grain, k.cc, r.fatalities_best, g.label, r.event_type, SUM(r.sign),
               SUM(r.sign * r.fatalities_best)
        FROM (%s) r CROSS JOIN LATERAL (VALUES
            ('w', COALESCE(sqlite_week(r.date), '')), ('m', COALESCE(substr(r.date, 1, 7), '')))
            g(grain, label)
        CROSS JOIN LATERAL (VALUES (''), (r.country_code)) k(cc)
        WHERE r.fatalities_best IS NOT NULL AND k.cc IS NOT NULL GROUP BY 1, 2, 3, 4, 5
        HAVING SUM(r.sign) <> 0 OR SUM(r.sign * r.fatalities_best) <> 0
        ON CONFLICT (grain, cc, deaths, day, event_type) DO UPDATE SET
            incidents = c.incidents + excluded.incidents,
            fatalities = c.fatalities + excluded.fatalities$q$, source)
] $fn$;

-- 006's statement triggers run every statement incident_rollup_sql returns: from now on the
-- cube's (006, 010, renamed incident_cube_sql) and these. Applied again (a version table older
-- than the schema), the rename only follows a new cube function.
DO $do$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'incident_rollup_sql'
                   AND pronamespace = current_schema()::regnamespace
                   AND prosrc LIKE '%incident_place_sql%') THEN
        DROP FUNCTION IF EXISTS incident_cube_sql(text);
        ALTER FUNCTION incident_rollup_sql(text) RENAME TO incident_cube_sql;
    END IF;
END $do$;
CREATE OR REPLACE FUNCTION incident_rollup_sql(source text) RETURNS text[] LANGUAGE sql
IMMUTABLE AS $fn$ SELECT incident_cube_sql(source) || incident_place_sql(source) $fn$;

-- What is already stored.
DELETE FROM incident_cells;
DELETE FROM incident_tolls;
DO $do$
DECLARE
    statement text;
BEGIN
    FOREACH statement IN ARRAY incident_place_sql('SELECT 1 AS sign, * FROM incidents') LOOP
        EXECUTE statement;
    END LOOP;
END $do$;
