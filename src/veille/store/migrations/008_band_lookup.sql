-- Copy detection looks up all of an article's band keys in one query and needs only the article
-- of each matching row: with article_id in the key that lookup never reads the table itself.
-- The old (band, bucket) index is a prefix of this one, so it goes.
CREATE INDEX IF NOT EXISTS paragraph_bands_lookup_article ON paragraph_bands (band, bucket, article_id);
DROP INDEX IF EXISTS paragraph_bands_lookup;
