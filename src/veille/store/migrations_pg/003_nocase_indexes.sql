-- Case-insensitive country and admin1 filters: SQLite's 003 builds NOCASE indexes; PostgreSQL
-- compares lower(column) = lower(?) and indexes the same expressions.

DROP INDEX IF EXISTS incidents_country_date;
DROP INDEX IF EXISTS incidents_admin1_date;
CREATE INDEX IF NOT EXISTS incidents_country_nocase_date ON incidents (lower(country), date, id);
CREATE INDEX IF NOT EXISTS incidents_admin1_nocase_date ON incidents (lower(admin1), date, id);
