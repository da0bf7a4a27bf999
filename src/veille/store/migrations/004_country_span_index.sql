-- Incremental resolution loads a country's incidents for a period (all admin1 blocks at once,
-- so reports whose admin1 is unknown can still meet the rest), by ISO code or else by name.

DROP INDEX IF EXISTS incidents_block;
CREATE INDEX IF NOT EXISTS incidents_code_span ON incidents (country_code, span_start);
CREATE INDEX IF NOT EXISTS incidents_country_span ON incidents (country, span_start);
