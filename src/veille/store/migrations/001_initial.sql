-- veille schema, version 1. Portable SQL (SQLite and PostgreSQL): integer keys, TEXT dates
-- (YYYY-MM-DD), JSON lists stored as TEXT, booleans as 0/1 integers.

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT,
    url TEXT,
    published TEXT,
    lang TEXT,
    origin TEXT,
    body_start INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    skipped TEXT,
    n_events INTEGER NOT NULL DEFAULT 0,
    copies_checked INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    location TEXT,
    admin1 TEXT,
    country TEXT,
    country_code TEXT,
    date TEXT,
    actor1 TEXT,
    actor2 TEXT,
    fatalities INTEGER,
    civilian_fatalities INTEGER,
    child_fatalities INTEGER,
    injured INTEGER,
    claimed_by TEXT NOT NULL DEFAULT '[]',
    evidence TEXT NOT NULL DEFAULT '',
    evidence_start INTEGER,
    evidence_end INTEGER,
    lat REAL,
    lon REAL,
    geo_precision INTEGER,
    gazetteer_id TEXT,
    UNIQUE (article_id, ordinal)
);

CREATE TABLE tolls (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    fatalities INTEGER,
    civilian_fatalities INTEGER,
    injured INTEGER,
    period TEXT,
    area TEXT,
    claimed_by TEXT NOT NULL DEFAULT '[]',
    evidence TEXT NOT NULL DEFAULT '',
    UNIQUE (article_id, ordinal)
);

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    date TEXT,
    date_max TEXT,
    date_estimated INTEGER NOT NULL DEFAULT 0,
    location TEXT,
    admin1 TEXT,
    country TEXT,
    country_code TEXT,
    lat REAL,
    lon REAL,
    geo_precision INTEGER,
    event_type TEXT NOT NULL,
    sub_event_type TEXT,
    actor1 TEXT,
    actor2 TEXT,
    fatalities_best INTEGER,
    fatalities_min INTEGER,
    fatalities_max INTEGER,
    civilian_fatalities INTEGER,
    n_reports INTEGER NOT NULL DEFAULT 0,
    n_articles INTEGER NOT NULL DEFAULT 0,
    independent_sources INTEGER NOT NULL DEFAULT 0,
    claimants TEXT NOT NULL DEFAULT '[]',
    sources TEXT NOT NULL DEFAULT '[]',
    disputed_figures INTEGER NOT NULL DEFAULT 0,
    disputed_attribution INTEGER NOT NULL DEFAULT 0,
    grade TEXT NOT NULL DEFAULT 'weak',
    -- internal: union of the reports' date windows, used to find merge candidates
    span_start TEXT,
    span_end TEXT
);

CREATE TABLE incident_events (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL UNIQUE REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, event_id)
);

-- Which article reuses text of which: article_id reuses source_article_id.
CREATE TABLE article_copies (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source_article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    share REAL NOT NULL,
    source_share REAL NOT NULL,
    similarity REAL NOT NULL,
    paragraphs INTEGER NOT NULL,
    PRIMARY KEY (article_id, source_article_id)
);

-- MinHash LSH bands of each paragraph, so candidate copies are found by an indexed lookup.
CREATE TABLE paragraph_bands (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL
);

CREATE INDEX events_article ON events (article_id);
CREATE INDEX tolls_article ON tolls (article_id);
CREATE INDEX incident_events_event ON incident_events (event_id);
CREATE INDEX article_copies_source ON article_copies (source_article_id);
CREATE INDEX paragraph_bands_lookup ON paragraph_bands (band, bucket);
CREATE INDEX paragraph_bands_article ON paragraph_bands (article_id);
CREATE INDEX articles_published ON articles (published);
-- list_incidents: newest first, filtered by date range and country or admin1.
CREATE INDEX incidents_date ON incidents (date, id);
CREATE INDEX incidents_country_code_date ON incidents (country_code, date, id);
CREATE INDEX incidents_country_date ON incidents (country, date, id);
CREATE INDEX incidents_admin1_date ON incidents (admin1, date, id);
-- incremental resolution looks up open incidents by block.
CREATE INDEX incidents_block ON incidents (country, admin1, span_start);
