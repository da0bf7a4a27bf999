-- Full-text search (SQLite FTS5; a PostgreSQL backend uses tsvector columns instead).
-- External-content tables kept in sync by triggers; accents folded so "Idleb" finds "Idleb".

CREATE VIRTUAL TABLE articles_fts USING fts5(
    text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO articles_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE events_fts USING fts5(
    evidence, content='events', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, evidence) VALUES (new.id, new.evidence);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, evidence) VALUES ('delete', old.id, old.evidence);
END;
