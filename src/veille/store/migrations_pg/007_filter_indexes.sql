-- The covering indexes of SQLite's 007_filter_indexes.sql (read it for why), with PostgreSQL's
-- lower(...) keys and INCLUDE columns (index-only scans once VACUUM has set the visibility map).
-- An expression key does not give the planner its column back: admin1 is included as well.

DROP INDEX IF EXISTS incidents_date;
CREATE INDEX IF NOT EXISTS incidents_date ON incidents (date, id) INCLUDE (country_code, admin1,
    actor1, actor2, event_type, sub_event_type, fatalities_best, lon, lat);
DROP INDEX IF EXISTS incidents_country_code_date;
CREATE INDEX IF NOT EXISTS incidents_country_code_date ON incidents (country_code, date, id)
    INCLUDE (admin1, actor1, actor2, event_type, sub_event_type, fatalities_best, lon, lat);
DROP INDEX IF EXISTS incidents_admin1_nocase_date;
CREATE INDEX IF NOT EXISTS incidents_admin1_nocase_date ON incidents (lower(admin1), date, id)
    INCLUDE (admin1, country_code, actor1, actor2, event_type, sub_event_type, fatalities_best,
             lon, lat);
CREATE INDEX IF NOT EXISTS incidents_lon ON incidents (lon, lat) INCLUDE (date, id, country_code,
    admin1, actor1, actor2, event_type, sub_event_type, fatalities_best);
