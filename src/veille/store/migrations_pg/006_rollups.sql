-- API speed at a million incidents: the tables of SQLite's 006_rollups.sql (read that file for
-- what they hold), kept by statement-level triggers over transition tables, so a COPY of
-- 20,000 incidents updates the cube once, not 20,000 times.

CREATE TABLE IF NOT EXISTS table_counts (name TEXT PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS incident_cube (
    dim TEXT NOT NULL,
    value TEXT NOT NULL,
    day TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    incidents BIGINT NOT NULL,
    fatalities BIGINT NOT NULL,
    -- INCLUDE: sums are read from the index alone (updated rows scatter over the heap; reading
    -- the 40,000 rows of ten years from it took 0.5 s)
    PRIMARY KEY (dim, value, day, event_type, sub_event_type) INCLUDE (incidents, fatalities)
);

-- count_rows(name, condition): table_counts[name] follows the rows that meet the condition.
CREATE OR REPLACE FUNCTION count_rows() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    added text := format('(SELECT count(*) FROM new_rows WHERE %s)', TG_ARGV[1]);
    removed text := format('(SELECT count(*) FROM old_rows WHERE %s)', TG_ARGV[1]);
    delta text := CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN '-' || removed
                  ELSE added || ' - ' || removed END;
BEGIN
    EXECUTE format('UPDATE table_counts SET n = n + %s WHERE name = %L', delta, TG_ARGV[0]);
    RETURN NULL;
END $fn$;

-- The statements that add the incidents of a relation (with a sign column) to the rollups.
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
        CROSS JOIN LATERAL (VALUES ('', ''), ('cc', r.country_code),
            ('country', lower(r.country)), ('admin1', lower(r.admin1)), ('actor', lower(r.actor1)),
            ('actor', CASE WHEN lower(r.actor2) IS DISTINCT FROM lower(r.actor1)
                      THEN lower(r.actor2) END)) k(dim, value)
        WHERE k.value IS NOT NULL GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (dim, value, day, event_type, sub_event_type) DO UPDATE SET
            incidents = c.incidents + excluded.incidents,
            fatalities = c.fatalities + excluded.fatalities$q$, source)
] $fn$;

CREATE OR REPLACE FUNCTION incident_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    statement text;
BEGIN
    FOREACH statement IN ARRAY incident_rollup_sql(CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
        ELSE 'SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows' END)
    LOOP
        EXECUTE statement;
    END LOOP;
    RETURN NULL;
END $fn$;

-- What is already stored.
DELETE FROM table_counts;
DELETE FROM incident_cube;
INSERT INTO table_counts (name, n) VALUES ('incidents', 0), ('merged_incidents', 0),
    ('grade_weak', 0), ('grade_fair', 0), ('grade_contested', 0), ('disputed_figures', 0),
    ('disputed_attribution', 0);
INSERT INTO table_counts (name, n)
    SELECT 'articles', COUNT(*) FROM articles
    UNION ALL SELECT 'articles_skipped', COUNT(*) FROM articles WHERE skipped IS NOT NULL
    UNION ALL SELECT 'events', COUNT(*) FROM events
    UNION ALL SELECT 'tolls', COUNT(*) FROM tolls
    UNION ALL SELECT 'copy_links', COUNT(*) FROM article_copies;
DO $do$
DECLARE
    statement text;
BEGIN
    FOREACH statement IN ARRAY incident_rollup_sql('SELECT 1 AS sign, * FROM incidents') LOOP
        EXECUTE statement;
    END LOOP;
END $do$;

CREATE TRIGGER incidents_rollup_ai AFTER INSERT ON incidents REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incident_rollup();
CREATE TRIGGER incidents_rollup_ad AFTER DELETE ON incidents REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incident_rollup();
CREATE TRIGGER incidents_rollup_au AFTER UPDATE ON incidents
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incident_rollup();

-- Row counts: an INSERT and a DELETE trigger per counted table (and UPDATE for skipped).
DO $do$
DECLARE
    c record;
    op text;
BEGIN
    FOR c IN SELECT * FROM (VALUES ('articles', 'articles', 'true'),
            ('articles', 'articles_skipped', 'skipped IS NOT NULL'), ('events', 'events', 'true'),
            ('tolls', 'tolls', 'true'), ('article_copies', 'copy_links', 'true'))
            AS v(tbl, counter, cond) LOOP
        FOREACH op IN ARRAY CASE WHEN c.cond = 'true' THEN ARRAY['INSERT', 'DELETE']
                                 ELSE ARRAY['INSERT', 'DELETE', 'UPDATE'] END LOOP
            EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s '
                           'FOR EACH STATEMENT EXECUTE FUNCTION count_rows(%L, %L)',
                c.counter || '_count_' || lower(op), op, c.tbl,
                CASE op WHEN 'INSERT' THEN 'NEW TABLE AS new_rows'
                        WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
                        ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
                c.counter, c.cond);
        END LOOP;
    END LOOP;
END $do$;
