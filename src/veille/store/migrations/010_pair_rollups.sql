-- API speed at a million incidents (issue 11), the filters the cube of 006 could not answer.
--
-- Pairs of filters: the cube also counts each incident under 'cc/admin1', 'cc/actor' and
-- 'admin1/actor' (actor1, and actor2 when it differs), value lower(first || char(31) || second),
-- per week ('w:') and per month ('m:') only: the page's timeline and total without dates read
-- a few thousand cube rows instead of grouping every incident of an admin1 (110-230 ms p95).
-- Per day (a window of dates) the pairs are left to the indexes, which the dates narrow.
--
-- A minimum death toll with a country: a narrow index whose range on the toll holds only the
-- matching incidents, with what a total and a timeline read (the covering country index read
-- all of the country's, 100,000 wide entries for 30,000 matches).

CREATE INDEX IF NOT EXISTS incidents_code_deaths ON incidents (country_code, fatalities_best,
    date, event_type);

DELETE FROM incident_cube WHERE substr(dim, 3) IN ('cc/admin1', 'cc/actor', 'admin1/actor');
INSERT INTO incident_cube (dim, value, day, event_type, sub_event_type, incidents, fatalities)
    SELECT g.grain || d.dim, d.value, CASE g.grain
               WHEN 'w:' THEN COALESCE(strftime('%Y-W%W', i.date), '')
               ELSE COALESCE(substr(i.date, 1, 7), '') END,
           i.event_type, COALESCE(i.sub_event_type, ''), COUNT(*), SUM(COALESCE(i.fatalities_best, 0))
    FROM (SELECT 'w:' AS grain UNION ALL SELECT 'm:') g, incidents i JOIN (
        SELECT id, 'cc/admin1' AS dim, lower(country_code || char(31) || admin1) AS value
            FROM incidents
        UNION ALL SELECT id, 'cc/actor', lower(country_code || char(31) || actor1) FROM incidents
        UNION ALL SELECT id, 'cc/actor', lower(country_code || char(31) || actor2) FROM incidents
            WHERE lower(actor2) IS NOT lower(actor1)
        UNION ALL SELECT id, 'admin1/actor', lower(admin1 || char(31) || actor1) FROM incidents
        UNION ALL SELECT id, 'admin1/actor', lower(admin1 || char(31) || actor2) FROM incidents
            WHERE lower(actor2) IS NOT lower(actor1)
    ) d ON d.id = i.id
    WHERE d.value IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5;

-- 006's trigger, with the pairs (the 'pair' rows: not per day).
DROP TRIGGER IF EXISTS incident_delta_apply;
CREATE TRIGGER incident_delta_apply INSTEAD OF INSERT ON incident_delta BEGIN
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
             (SELECT '' AS dim, '' AS value, 0 AS pair UNION ALL SELECT 'cc', new.country_code, 0
              UNION ALL SELECT 'country', lower(new.country), 0
              UNION ALL SELECT 'admin1', lower(new.admin1), 0
              UNION ALL SELECT 'actor', lower(new.actor1), 0
              UNION ALL SELECT 'actor', lower(new.actor2), 0
                  WHERE lower(new.actor2) IS NOT lower(new.actor1)
              UNION ALL SELECT 'cc/admin1', lower(new.country_code || char(31) || new.admin1), 1
              UNION ALL SELECT 'cc/actor', lower(new.country_code || char(31) || new.actor1), 1
              UNION ALL SELECT 'cc/actor', lower(new.country_code || char(31) || new.actor2), 1
                  WHERE lower(new.actor2) IS NOT lower(new.actor1)
              UNION ALL SELECT 'admin1/actor', lower(new.admin1 || char(31) || new.actor1), 1
              UNION ALL SELECT 'admin1/actor', lower(new.admin1 || char(31) || new.actor2), 1
                  WHERE lower(new.actor2) IS NOT lower(new.actor1))
        WHERE value IS NOT NULL AND NOT (pair AND grain = '')
        ON CONFLICT (dim, value, day, event_type, sub_event_type) DO UPDATE SET
            incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
