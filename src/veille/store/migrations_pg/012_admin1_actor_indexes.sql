-- The map's page for an admin1 and an actor (issue 11): its 1,000 newest incidents. From the
-- admin1 index of 007 they were found by walking that admin1's incidents newest first and
-- checking the actor of each (12,700 index entries for 1,000 matches of one actor in 13, a
-- third of them read from disk on a first request: p95 232 ms). With these indexes the page
-- reads two ordered runs, the incidents whose actor1 is the actor and those whose actor2 is
-- (queries._map_ids), each stopping at the page's last row: about 1,000 entries. The columns
-- are INCLUDEd too: an expression key does not give the planner its column back, and without
-- them the scan is no index-only one.
CREATE INDEX IF NOT EXISTS incidents_admin1_actor1_date ON incidents (lower(admin1),
    lower(actor1), date, id) INCLUDE (admin1, actor1);
CREATE INDEX IF NOT EXISTS incidents_admin1_actor2_date ON incidents (lower(admin1),
    lower(actor2), date, id) INCLUDE (admin1, actor1, actor2);
