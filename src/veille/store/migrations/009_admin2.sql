-- The district (ACLED's admin2) of an event's and an incident's place: a town's Who's On First
-- county, from the gazetteer; and the women among an event's dead, whose min-max over an
-- incident's reports is read like the injured and the children (store/extras.py). Portable SQL:
-- PostgreSQL runs it with its own column types. Rows stored before stay NULL (unknown).
ALTER TABLE events ADD COLUMN admin2 TEXT;
ALTER TABLE events ADD COLUMN women_fatalities INTEGER;
ALTER TABLE incidents ADD COLUMN admin2 TEXT;
