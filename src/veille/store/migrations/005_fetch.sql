-- Watching feeds (veille watch / fetch / reextract): feed state, so a restart resumes where it
-- stopped, and the provenance of every fetched page, with its raw HTML (zlib-compressed) so
-- extraction can be re-run later. A page row is written in the same transaction as its article.
-- Idempotent (IF NOT EXISTS), like 003 and 004, so re-applying it to a restored file is safe.

CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    name TEXT,
    lang TEXT,
    etag TEXT,
    last_modified TEXT,
    last_polled TEXT,
    last_status INTEGER,
    last_error TEXT
);

-- One row per feed entry handled; fingerprint changes when the entry's link, title or dates do,
-- and only then is its page fetched again.
CREATE TABLE IF NOT EXISTS feed_entries (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    url TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
);

-- One row per fetched URL (canonicalised: tracking parameters and fragment dropped).
-- outcome: stored (article_id is its article), duplicate (article_id is the article it repeats),
-- not-article, error (a permanent fault: 4xx, too large, redirect loop, robots.txt).
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    final_url TEXT,
    canonical_url TEXT,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    outcome TEXT NOT NULL,
    error TEXT,
    fetched_at TEXT NOT NULL,
    http_status INTEGER,
    published TEXT,
    published_from TEXT,
    title TEXT,
    site_name TEXT,
    lang TEXT,
    etag TEXT,
    last_modified TEXT,
    content_type TEXT,
    raw_size INTEGER,
    raw_html BLOB
);

CREATE INDEX IF NOT EXISTS pages_canonical ON pages (canonical_url);
CREATE INDEX IF NOT EXISTS pages_final ON pages (final_url);
CREATE INDEX IF NOT EXISTS pages_article ON pages (article_id);
