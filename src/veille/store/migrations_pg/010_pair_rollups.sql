-- SQLite's 010_pair_rollups.sql (read it for why) on PostgreSQL: the index on a country's death
-- tolls (the date and type INCLUDEd), and the cube's pair dimensions, per week and per
-- month, kept by 006's statement triggers through a new incident_rollup_sql.

CREATE INDEX IF NOT EXISTS incidents_code_deaths ON incidents (country_code, fatalities_best)
    INCLUDE (date, event_type);

CREATE OR REPLACE FUNCTION incident_rollup_sql(source text) RETURNS text[] LANGUAGE sql
IMMUTABLE AS $fn$ SELECT ARRAY[
    format($q$UPDATE table_counts t SET n = t.n + d.n FROM (
        SELECT k.name, SUM(r.sign * k.hit)::bigint AS n FROM (%s) r CROSS JOIN LATERAL (VALUES
            ('incidents', 1), ('merged_incidents', (r.n_articles > 1)::int),
            ('grade_weak', (r.grade = 'weak')::int), ('grade_fair', (r.grade = 'fair')::int),
            ('grade_contested', (r.grade = 'contested')::int),
            ('disputed_figures', (r.disputed_figures <> 0)::int),
            ('disputed_attribution', (r.disputed_attribution <> 0)::int)) k(name, hit)
        GROUP BY k.name) d WHERE t.name = d.name$q$, source),
    format($q$INSERT INTO incident_cube AS c
            (dim, value, day, event_type, sub_event_type, incidents, fatalities)
        SELECT g.grain || k.dim, k.value, g.label, r.event_type, COALESCE(r.sub_event_type, ''),
               SUM(r.sign), SUM(r.sign * COALESCE(r.fatalities_best, 0))
        FROM (%s) r CROSS JOIN LATERAL (VALUES ('', COALESCE(r.date, '')),
            ('w:', COALESCE(to_char(r.date::date, 'YYYY') || '-W' || lpad(((extract(doy FROM
                r.date::date)::int + 7 - extract(isodow FROM r.date::date)::int) / 7)::text, 2,
                '0'), '')),  -- SQLite's strftime('%%Y-W%%W')
            ('m:', COALESCE(substr(r.date, 1, 7), ''))) g(grain, label)
        CROSS JOIN LATERAL (VALUES ('', '', false), ('cc', r.country_code, false),
            ('country', lower(r.country), false), ('admin1', lower(r.admin1), false),
            ('actor', lower(r.actor1), false),
            ('actor', CASE WHEN lower(r.actor2) IS DISTINCT FROM lower(r.actor1)
                      THEN lower(r.actor2) END, false),
            ('cc/admin1', lower(r.country_code || chr(31) || r.admin1), true),
            ('cc/actor', lower(r.country_code || chr(31) || r.actor1), true),
            ('cc/actor', CASE WHEN lower(r.actor2) IS DISTINCT FROM lower(r.actor1)
                         THEN lower(r.country_code || chr(31) || r.actor2) END, true),
            ('admin1/actor', lower(r.admin1 || chr(31) || r.actor1), true),
            ('admin1/actor', CASE WHEN lower(r.actor2) IS DISTINCT FROM lower(r.actor1)
                             THEN lower(r.admin1 || chr(31) || r.actor2) END, true)) k(dim, value, pair)
        WHERE k.value IS NOT NULL AND NOT (k.pair AND g.grain = '') GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (dim, value, day, event_type, sub_event_type) DO UPDATE SET
            incidents = c.incidents + excluded.incidents,
            fatalities = c.fatalities + excluded.fatalities$q$, source)
] $fn$;

-- The pairs of what is already stored.
DELETE FROM incident_cube WHERE substr(dim, 3) IN ('cc/admin1', 'cc/actor', 'admin1/actor');
INSERT INTO incident_cube (dim, value, day, event_type, sub_event_type, incidents, fatalities)
    SELECT g.grain || k.dim, k.value, g.label, r.event_type, COALESCE(r.sub_event_type, ''),
           COUNT(*), SUM(COALESCE(r.fatalities_best, 0))
    FROM incidents r CROSS JOIN LATERAL (VALUES ('w:', COALESCE(to_char(r.date::date, 'YYYY') || '-W'
        || lpad(((extract(doy FROM r.date::date)::int + 7 - extract(isodow FROM r.date::date)::int)
        / 7)::text, 2, '0'), '')),  -- SQLite's strftime('%Y-W%W')
        ('m:', COALESCE(substr(r.date, 1, 7), ''))) g(grain, label)
    CROSS JOIN LATERAL (VALUES ('cc/admin1', lower(r.country_code || chr(31) || r.admin1)),
        ('cc/actor', lower(r.country_code || chr(31) || r.actor1)),
        ('cc/actor', CASE WHEN lower(r.actor2) IS DISTINCT FROM lower(r.actor1)
                     THEN lower(r.country_code || chr(31) || r.actor2) END),
        ('admin1/actor', lower(r.admin1 || chr(31) || r.actor1)),
        ('admin1/actor', CASE WHEN lower(r.actor2) IS DISTINCT FROM lower(r.actor1)
                         THEN lower(r.admin1 || chr(31) || r.actor2) END)) k(dim, value)
    WHERE k.value IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
