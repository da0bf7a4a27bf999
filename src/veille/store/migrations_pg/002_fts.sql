-- Full-text search (PostgreSQL): what 002_fts.sql does with FTS5 in SQLite. The server keeps a
-- tsvector of each article's text and each event's evidence (generated columns, GIN-indexed).
-- The configuration veille_fts folds case and accents (unaccent, a contrib extension shipped
-- with Debian's postgresql package) and neither stems nor drops stop words, as FTS5's
-- unicode61 remove_diacritics 2 tokenizer does, so "Idleb" finds "Idleb" and "idlèb".

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION veille_fts (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION veille_fts
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, simple;

ALTER TABLE articles ADD COLUMN text_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('veille_fts', text)) STORED;
ALTER TABLE events ADD COLUMN evidence_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('veille_fts', evidence)) STORED;
CREATE INDEX articles_fts ON articles USING gin (text_tsv);
CREATE INDEX events_fts ON events USING gin (evidence_tsv);
