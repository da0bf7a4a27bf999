-- API speed at a million incidents (issue 11): what the web page asks for on every load is kept
-- up to date by triggers at write time instead of being counted per request.
--
-- table_counts: row counts and incident tallies for /api/stats (counting them took 0.5-1 s).
-- incident_cube: incidents and the sum of their best fatality figures per day, event type and
--   sub-type, for all incidents (dim '') and for each value of one filter: 'cc' (ISO code),
--   'country', 'admin1', 'actor' (actor1, and actor2 when it differs), names lower-cased as the
--   filters compare them. A timeline or a total whose filters are dates, type and at most one of
--   those reads a few thousand cube rows instead of up to a million incidents. Each incident is
--   also counted under its week ('w:' before the dim, day holding the week's label) and its
--   month ('m:'), so a timeline or a total over all dates reads 7 or 30 times fewer rows.
-- (PostgreSQL: migrations_pg/006_rollups.sql keeps the same tables with statement triggers.)

CREATE TABLE IF NOT EXISTS table_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS incident_cube (
    dim TEXT NOT NULL,
    value TEXT NOT NULL,
    day TEXT NOT NULL,             -- '' for an undated incident
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,  -- '' when none
    incidents INTEGER NOT NULL,
    fatalities INTEGER NOT NULL,
    PRIMARY KEY (dim, value, day, event_type, sub_event_type)
) WITHOUT ROWID;

DELETE FROM table_counts;
INSERT INTO table_counts (name, n)
    SELECT 'articles', COUNT(*) FROM articles
    UNION ALL SELECT 'articles_skipped', COUNT(*) FROM articles WHERE skipped IS NOT NULL
    UNION ALL SELECT 'events', COUNT(*) FROM events
    UNION ALL SELECT 'tolls', COUNT(*) FROM tolls
    UNION ALL SELECT 'copy_links', COUNT(*) FROM article_copies
    UNION ALL SELECT 'incidents', COUNT(*) FROM incidents
    UNION ALL SELECT 'merged_incidents', COUNT(*) FROM incidents WHERE n_articles > 1
    UNION ALL SELECT 'grade_weak', COUNT(*) FROM incidents WHERE grade = 'weak'
    UNION ALL SELECT 'grade_fair', COUNT(*) FROM incidents WHERE grade = 'fair'
    UNION ALL SELECT 'grade_contested', COUNT(*) FROM incidents WHERE grade = 'contested'
    UNION ALL SELECT 'disputed_figures', COUNT(*) FROM incidents WHERE disputed_figures <> 0
    UNION ALL SELECT 'disputed_attribution', COUNT(*) FROM incidents WHERE disputed_attribution <> 0;

DELETE FROM incident_cube;
INSERT INTO incident_cube (dim, value, day, event_type, sub_event_type, incidents, fatalities)
    SELECT g.grain || d.dim, d.value, CASE g.grain WHEN '' THEN COALESCE(i.date, '')
               WHEN 'w:' THEN COALESCE(strftime('%Y-W%W', i.date), '')
               ELSE COALESCE(substr(i.date, 1, 7), '') END,
           i.event_type, COALESCE(i.sub_event_type, ''), COUNT(*), SUM(COALESCE(i.fatalities_best, 0))
    FROM (SELECT '' AS grain UNION ALL SELECT 'w:' UNION ALL SELECT 'm:') g, incidents i JOIN (
        SELECT id, '' AS dim, '' AS value FROM incidents
        UNION ALL SELECT id, 'cc', country_code FROM incidents
        UNION ALL SELECT id, 'country', lower(country) FROM incidents
        UNION ALL SELECT id, 'admin1', lower(admin1) FROM incidents
        UNION ALL SELECT id, 'actor', lower(actor1) FROM incidents
        UNION ALL SELECT id, 'actor', lower(actor2) FROM incidents
            WHERE lower(actor2) IS NOT lower(actor1)
    ) d ON d.id = i.id
    WHERE d.value IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5;

-- Row counts.
CREATE TRIGGER IF NOT EXISTS articles_count_ai AFTER INSERT ON articles BEGIN
    UPDATE table_counts SET n = n + 1 WHERE name = 'articles';
    UPDATE table_counts SET n = n + 1 WHERE name = 'articles_skipped' AND new.skipped IS NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS articles_count_ad AFTER DELETE ON articles BEGIN
    UPDATE table_counts SET n = n - 1 WHERE name = 'articles';
    UPDATE table_counts SET n = n - 1 WHERE name = 'articles_skipped' AND old.skipped IS NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS articles_count_au AFTER UPDATE OF skipped ON articles BEGIN
    UPDATE table_counts SET n = n + (new.skipped IS NOT NULL) - (old.skipped IS NOT NULL)
        WHERE name = 'articles_skipped';
END;
CREATE TRIGGER IF NOT EXISTS events_count_ai AFTER INSERT ON events BEGIN
    UPDATE table_counts SET n = n + 1 WHERE name = 'events';
END;
CREATE TRIGGER IF NOT EXISTS events_count_ad AFTER DELETE ON events BEGIN
    UPDATE table_counts SET n = n - 1 WHERE name = 'events';
END;
CREATE TRIGGER IF NOT EXISTS tolls_count_ai AFTER INSERT ON tolls BEGIN
    UPDATE table_counts SET n = n + 1 WHERE name = 'tolls';
END;
CREATE TRIGGER IF NOT EXISTS tolls_count_ad AFTER DELETE ON tolls BEGIN
    UPDATE table_counts SET n = n - 1 WHERE name = 'tolls';
END;
CREATE TRIGGER IF NOT EXISTS copies_count_ai AFTER INSERT ON article_copies BEGIN
    UPDATE table_counts SET n = n + 1 WHERE name = 'copy_links';
END;
CREATE TRIGGER IF NOT EXISTS copies_count_ad AFTER DELETE ON article_copies BEGIN
    UPDATE table_counts SET n = n - 1 WHERE name = 'copy_links';
END;

-- Incident tallies and the cube. Each incident row written adds itself (sign 1), each one removed
-- takes itself away (sign -1), an update does both; the arithmetic is written once, in the
-- INSTEAD OF trigger of the view incident_delta that the three triggers on incidents insert into.
CREATE VIEW IF NOT EXISTS incident_delta AS
    SELECT 0 AS sign, date, event_type, sub_event_type, country_code, country, admin1, actor1,
           actor2, fatalities_best, n_articles, grade, disputed_figures, disputed_attribution
    FROM incidents WHERE 0;
CREATE TRIGGER IF NOT EXISTS incident_delta_apply INSTEAD OF INSERT ON incident_delta BEGIN
    UPDATE table_counts SET n = n + new.sign * CASE name
        WHEN 'incidents' THEN 1 WHEN 'merged_incidents' THEN new.n_articles > 1
        WHEN 'grade_weak' THEN new.grade = 'weak' WHEN 'grade_fair' THEN new.grade = 'fair'
        WHEN 'grade_contested' THEN new.grade = 'contested'
        WHEN 'disputed_figures' THEN new.disputed_figures <> 0
        WHEN 'disputed_attribution' THEN new.disputed_attribution <> 0 ELSE 0 END;
    INSERT INTO incident_cube (dim, value, day, event_type, sub_event_type, incidents, fatalities)
        SELECT grain || dim, value, label, new.event_type, COALESCE(new.sub_event_type, ''),
               new.sign, new.sign * COALESCE(new.fatalities_best, 0)
        FROM (SELECT '' AS grain, COALESCE(new.date, '') AS label
              UNION ALL SELECT 'w:', COALESCE(strftime('%Y-W%W', new.date), '')
              UNION ALL SELECT 'm:', COALESCE(substr(new.date, 1, 7), '')),
             (SELECT '' AS dim, '' AS value UNION ALL SELECT 'cc', new.country_code
              UNION ALL SELECT 'country', lower(new.country)
              UNION ALL SELECT 'admin1', lower(new.admin1)
              UNION ALL SELECT 'actor', lower(new.actor1)
              UNION ALL SELECT 'actor', lower(new.actor2)
                  WHERE lower(new.actor2) IS NOT lower(new.actor1))
        WHERE value IS NOT NULL
        ON CONFLICT (dim, value, day, event_type, sub_event_type) DO UPDATE SET
            incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
CREATE TRIGGER IF NOT EXISTS incidents_rollup_ai AFTER INSERT ON incidents BEGIN
    INSERT INTO incident_delta SELECT 1, new.date, new.event_type, new.sub_event_type,
        new.country_code, new.country, new.admin1, new.actor1, new.actor2, new.fatalities_best,
        new.n_articles, new.grade, new.disputed_figures, new.disputed_attribution;
END;
CREATE TRIGGER IF NOT EXISTS incidents_rollup_ad AFTER DELETE ON incidents BEGIN
    INSERT INTO incident_delta SELECT -1, old.date, old.event_type, old.sub_event_type,
        old.country_code, old.country, old.admin1, old.actor1, old.actor2, old.fatalities_best,
        old.n_articles, old.grade, old.disputed_figures, old.disputed_attribution;
END;
CREATE TRIGGER IF NOT EXISTS incidents_rollup_au AFTER UPDATE ON incidents BEGIN
    INSERT INTO incident_delta SELECT -1, old.date, old.event_type, old.sub_event_type,
        old.country_code, old.country, old.admin1, old.actor1, old.actor2, old.fatalities_best,
        old.n_articles, old.grade, old.disputed_figures, old.disputed_attribution;
    INSERT INTO incident_delta SELECT 1, new.date, new.event_type, new.sub_event_type,
        new.country_code, new.country, new.admin1, new.actor1, new.actor2, new.fatalities_best,
        new.n_articles, new.grade, new.disputed_figures, new.disputed_attribution;
END;
