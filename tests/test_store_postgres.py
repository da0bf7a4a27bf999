"""The store on both backends (issue 11): SQLite files and a real PostgreSQL server.

Each test runs once per backend (the ``backend_db`` fixture: a new SQLite file, then a new
PostgreSQL schema on ``$VEILLE_TEST_PG``); the PostgreSQL cases skip with the reason when no
server is reachable. Parity tests fill both backends with the same data and compare answers.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, timedelta

import pytest

from test_store_sqlite import ExplodingEvent, article, count, event
from veille.errors import StoreError
from veille.model import Article, DocResult, Toll
from veille.resolve.incremental import run_all
from veille.store import IncidentQuery, SQLiteStore, Store, open_store
from veille.store.connection import latest_version
from veille.store.synthetic import fill_incidents


def reports(n: int = 12) -> list[DocResult]:
    """``n`` articles: pairs of outlets reporting the same strike, so resolution merges them."""
    docs = []
    for i in range(n):
        k = i // 2  # incidents a week apart, 150 km apart: nothing merges across them
        town, day = f"Synth Town {k}", (date(2020, 1, 1) + timedelta(days=7 * k)).isoformat()
        text = f"Texte synthétique {i}: une frappe aérienne a tué {4 + i % 2} civils à {town}."
        docs.append(DocResult(
            article=Article(id=f"r{i}", text=text, lang="fr", source=f"outlet-{i % 2}",
                            published=day),
            events=[event(town, fatalities=4 + i % 2, date=day, lat=30.0 + k % 8 * 1.5,
                          lon=36.0, geo_precision=1, evidence=text[20:], evidence_start=20,
                          evidence_end=len(text))],
        ))  # fmt: skip
    return docs


def test_open_store_picks_the_backend_from_the_target(backend_db: str, monkeypatch) -> None:
    with open_store(backend_db) as store:
        assert isinstance(store, Store)
        assert store.dialect.name == ("postgresql" if "://" in backend_db else "sqlite")
        version = store.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        assert version == latest_version()
    with SQLiteStore(backend_db) as again:  # the commands' constructor dispatches the same way
        assert type(again) is type(store)
        assert count(again, "schema_version") == latest_version()  # nothing applied twice
    monkeypatch.setenv("VEILLE_DB", backend_db)
    with open_store() as from_env:
        assert type(from_env) is type(store)


def test_same_text_twice_adds_nothing_and_a_change_replaces(backend_db: str) -> None:
    doc = DocResult(article=article(), events=[event(), event("Maaret al-Noomane")],
                    tolls=[Toll(fatalities=300, period="en un mois")])  # fmt: skip
    with open_store(backend_db) as store:
        first, second = store.write_document(doc), store.write_document(doc)
        assert (first.added, first.events, first.tolls) == (1, 2, 1)
        assert (second.added, second.unchanged, second.events) == (0, 1, 0)
        stored = store.get_article("a1")
        assert stored is not None and stored["events"][0]["claimed_by"] == ["OSDH"]
        assert [e["location"] for e in stored["events"]] == ["Ariha", "Maaret al-Noomane"]
        assert stored["tolls"][0]["fatalities"] == 300
        changed = article(text="Texte synthétique corrigé: la frappe sur Ariha a tué cinq civils.")
        counts = store.write_document(DocResult(article=changed, events=[event(fatalities=5)]))
        assert counts.replaced == 1
        again = store.get_article(str(stored["id"]))
        assert again is not None and again["id"] == stored["id"]
        assert [(e["location"], e["fatalities"]) for e in again["events"]] == [("Ariha", 5)]
        assert store.search("corrigé")[0]["doc_id"] == "a1"  # the index follows the new text
        assert store.search("CORRIGE")[0]["doc_id"] == "a1"  # case and accents folded
        assert store.search("frappe OR inexistant")[0]["doc_id"] == "a1"
        assert store.search("frappe inexistant") == []
        assert store.search('"unbalanced (quote') == []
        assert (count(store, "events"), count(store, "tolls")) == (1, 0)


def test_interrupted_write_leaves_no_half_article(backend_db: str) -> None:
    with open_store(backend_db) as store:
        store.write_document(DocResult(article=article("kept", "Texte synthétique gardé."), events=[event()]))
        bad = DocResult(article=article("half", "Texte synthétique interrompu."),
                        events=[event(), ExplodingEvent(**event().to_dict())])  # fmt: skip
        with pytest.raises(KeyboardInterrupt):
            store.write_document(bad)
        assert [a["doc_id"] for a in store.list_articles()[0]] == ["kept"]
        assert count(store, "events") == 1 and store.search("interrompu") == []
        store.write_document(DocResult(article=article("after", "Texte synthétique suivant.")))
        assert store.list_articles()[1] == 2


def test_read_only_store_refuses_writes(backend_db: str) -> None:
    with pytest.raises(StoreError, match=r"no .*database"):
        open_store(backend_db, readonly=True)  # a reader never creates the schema
    open_store(backend_db).close()
    with open_store(backend_db, readonly=True) as store, pytest.raises(StoreError, match="read-only"):
        store.write_document(DocResult(article=article()))


def test_newer_schema_is_refused(backend_db: str) -> None:
    with open_store(backend_db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')")
    with pytest.raises(StoreError, match="newer"):
        open_store(backend_db)
    with pytest.raises(StoreError, match="schema version 999"):
        open_store(backend_db, readonly=True)


def test_resolution_merges_the_same_incidents(backend_db: str) -> None:
    with open_store(backend_db) as store:
        for doc in reports():
            store.write_document(doc)
        run_all(store)
        rows, total = store.list_incidents(IncidentQuery(limit=100))
        assert total == 6 and all(r["n_reports"] == 2 for r in rows)
        assert {r["fatalities_best"] for r in rows} == {4}
        linked = count(store, "incident_events")
        assert linked == count(store, "events") == 12
        assert run_all(store) is not None and count(store, "incidents") == 6  # idempotent


def test_copy_candidates_come_from_one_query_on_both_backends(backend_db: str, monkeypatch) -> None:
    big = 2**63 - 1  # buckets are signed 64-bit integers
    keys = [(1, 10), (2, -big), (3, big), (4, 40), (5, 50)]
    with open_store(backend_db) as store:
        for doc in reports(4):
            store.write_document(doc)
        ids = [a["id"] for a in store.pending_copy_articles()]
        store.save_copies(ids[1], [(0, 1, 10), (1, 1, 10), (0, 2, -big)], [])  # a key twice: once
        store.save_copies(ids[2], [(0, 1, 10), (0, 2, -big), (0, 3, big)], [])
        store.save_copies(ids[3], [(0, 4, 40), (0, 9, 90)], [])
        assert store.band_candidates(keys, exclude=ids[0]) == [ids[2], ids[1], ids[3]]
        assert store.band_candidates(keys, exclude=ids[2], limit=1) == [ids[1]]
        assert store.band_candidates([], exclude=ids[0]) == []
        monkeypatch.setattr("veille.store.pending.BAND_KEYS_PER_QUERY", 2)  # chunks add up
        assert store.band_candidates(keys, exclude=ids[0]) == [ids[2], ids[1], ids[3]]


def test_a_bucket_shared_by_very_many_articles_does_not_make_them_all_candidates(
    backend_db: str,
) -> None:
    """A band bucket that many articles share (a template sentence, a credit line) is like a
    stop word: only its newest postings are read, and sharing it alone makes no candidate;
    sharing two buckets (a copied paragraph shares many) or one rare bucket does."""
    from veille.store.pending import BUCKET_POSTINGS_READ

    common, rare, other = (7, 123), (8, 456), (9, 789)
    n = 3 * BUCKET_POSTINGS_READ
    with open_store(backend_db) as store:
        for doc in reports(n + 1):
            store.write_document(doc)
        ids = [a["id"] for a in store.pending_copy_articles()]
        for aid in ids[:n]:  # every article has the common bucket
            store.save_copies(aid, [(0, *common)], [])
        store.save_copies(ids[2], [(0, *common), (1, *rare)], [])  # one rare bucket more
        store.save_copies(ids[n - 1], [(0, *common), (0, *other)], [])  # two popular buckets
        for aid in ids[n - 2 - BUCKET_POSTINGS_READ : n - 1]:
            store.save_copies(aid, [(0, *common), (0, *other)], [])
        newest = ids[n - 1 - BUCKET_POSTINGS_READ : n]  # newest postings of `other` and `common`
        me = ids[n]
        assert store.band_candidates([common], exclude=me) == []
        assert store.band_candidates([common, rare], exclude=me) == [ids[2]]
        got = store.band_candidates([common, other], exclude=me)
        assert got and set(got) <= set(newest) and len(got) <= BUCKET_POSTINGS_READ


def test_postings_not_stored_yet_count_as_stored_ones(backend_db: str) -> None:
    """Copy detection looks up a whole batch before writing it: the postings of the batch's
    earlier articles (``recent``) give the candidates they would give once stored, popular
    buckets included (their newest postings are then the batch's)."""
    from veille.store.pending import BUCKET_POSTINGS_READ

    common, rare, other = (7, 123), (8, 456), (9, 789)
    n = 3 * BUCKET_POSTINGS_READ
    rows = {aid: [(0, *common)] for aid in range(n)}
    rows[2] = [(0, *common), (1, *rare)]
    for k in range(n - 2 - BUCKET_POSTINGS_READ, n):
        rows[k] = [(0, *common), (0, *other), (1, *other)]  # `other` in two paragraphs
    queries = [[common], [common, rare], [common, other], [rare, other]]
    for split in (0, 5, n - 3, n):  # the first `split` articles stored, the rest recent
        with open_store(backend_db) as store:
            if split == 0:
                for doc in reports(n + 1):
                    store.write_document(doc)
            ids = [a["id"] for a in store.pending_copy_articles()]
            stored = [(ids[k], rows[k], []) for k in range(split)]
            store.save_copy_batch(stored)
            recent: dict[tuple[int, int], list[int]] = {}
            for k in range(split, n):
                for _, b, key in rows[k]:
                    recent.setdefault((b, key), []).append(ids[k])
            got = [store.band_candidates(q, exclude=ids[-1], recent=recent) for q in queries]
            if split == 0:
                want = got
            assert got == want, split
            # back to nothing stored, for the next split
            with store.transaction() as conn:
                conn.execute("DELETE FROM paragraph_bands")
                conn.execute("UPDATE articles SET copies_checked = 0")
    assert want[0] == [] and want[1] == [ids[2]] and len(want[2]) <= BUCKET_POSTINGS_READ


def test_map_rows_are_the_list_narrowed_on_both_backends(backend_db: str, monkeypatch) -> None:
    """The map's answer (JSON built by the database) lists the incidents the list does, for
    every way a box is served: from the (lon, lat) index, or by scanning the date index."""
    import json

    from veille.store import queries

    with open_store(backend_db) as store:
        fill_incidents(store, 600, seed=3)
        cases = [IncidentQuery(limit=100), IncidentQuery(country="SY", limit=50),
                 IncidentQuery(bbox=(-180.0, -90.0, 180.0, 90.0), limit=100),
                 IncidentQuery(bbox=(30.0, 30.0, 40.0, 40.0), limit=40),
                 IncidentQuery(bbox=(30.0, 30.0, 40.0, 40.0), event_type="Battles", limit=20),
                 IncidentQuery(bbox=(0.0, 0.0, 0.1, 0.1), limit=10)]  # fmt: skip
        for few, tiers in [(5000, (20_000, 200_000)), (1, (50, 1000)), (1, (10, 20))]:
            monkeypatch.setattr(queries, "MAP_FEW", few)
            monkeypatch.setattr(queries, "MAP_SCAN_TIERS", tiers)
            for q in cases:
                rows, total = store.list_incidents(q)
                text, more = store.map_incidents(q)
                got = json.loads(text)
                assert [r[0] for r in got] == [r["id"] for r in rows], (q, few, tiers)
                assert more == (total > q.limit)
                fields = queries.MAP_FIELDS
                for values, row in zip(got, rows, strict=True):
                    mine = dict(zip(fields, values, strict=True))
                    assert mine["lat"] == row["lat"] and mine["grade"] == row["grade"]
                    assert bool(mine["disputed_figures"]) == row["disputed_figures"]


def test_box_scan_tiers_read_the_same_incidents_in_both_forms(backend_db: str) -> None:
    """PostgreSQL's tier of the date index for a box (a subquery ``FETCH FIRST ... WITH
    TIES``) finds what the tier's first date found (SQLite's form, run on the same database):
    the same ids for tiers ending inside a day, at the last dated incident or past it (then
    the tier is skipped, as the old form found nothing), with undated incidents in the box."""
    from veille.store import queries

    with open_store(backend_db) as store:
        fill_incidents(store, 400, seed=4)
        with store.transaction() as conn:
            conn.execute("UPDATE incidents SET date = NULL, date_max = NULL WHERE id % 50 = 0")
        conn = store.conn
        dialect = queries.dialect_of(conn)
        dated = conn.execute("SELECT count(*) FROM incidents WHERE date IS NOT NULL").fetchone()[0]
        if dialect.name == "postgresql":
            assert queries._dated_incidents(conn) == dated == 392
        cases = [IncidentQuery(bbox=(30.0, 30.0, 40.0, 40.0)),
                 IncidentQuery(bbox=(30.0, 30.0, 40.0, 40.0), event_type="Battles", country="SY"),
                 IncidentQuery(bbox=(-180.0, -90.0, 180.0, 90.0), min_fatalities=3),
                 IncidentQuery(bbox=(-180.0, -90.0, 180.0, 90.0), country="Syria", actor="HTS")]  # fmt: skip
        for q in cases:
            for rows in (1, 7, 60, dated, dated + 1):
                for want in (1, 5, 1000):
                    old, old_params = queries._tier_by_first_date(q, dialect, rows, want)
                    new, new_params = queries._tier_scan(q, dialect, rows, want)
                    expected = [int(r[0]) for r in conn.execute(old, old_params)]
                    if rows > dated:
                        assert expected == []
                        continue
                    got = [int(r[0]) for r in conn.execute(new, new_params)]
                    assert got == expected, (q, rows, want)


def test_map_of_an_admin1_and_an_actor_is_the_list_on_both_backends(backend_db: str) -> None:
    """PostgreSQL finds an admin1 + actor map as two runs (actor1, then actor2 but not
    actor1) merged: the same incidents as the list's OR, an incident whose two actors are the
    one asked for counted once, one without actor1 found by its actor2."""
    import json

    with open_store(backend_db) as store:
        fill_incidents(store, 800, seed=5)
        with store.transaction() as conn:
            conn.execute("UPDATE incidents SET actor1 = 'Civilians' WHERE id % 7 = 0")
            conn.execute("UPDATE incidents SET actor1 = NULL WHERE id % 11 = 0")
        for admin1, actor, limit in [("idlib", "HTS", 30), ("Idlib", "civilians", 40),
                                     ("IDLIB", "civilians", 1000), ("Gao", "Rebels", 5),
                                     ("nowhere", "HTS", 10)]:  # fmt: skip
            q = IncidentQuery(admin1=admin1, actor=actor, limit=limit)
            rows, total = store.list_incidents(q)
            text, more = store.map_incidents(q)
            assert [r[0] for r in json.loads(text)] == [r["id"] for r in rows], q
            assert more == (total > limit)


QUERIES = [
    IncidentQuery(limit=20),
    IncidentQuery(since="2016-01-01", until="2016-12-31", country="sy", limit=500),
    IncidentQuery(country="Syria", limit=20, offset=40),
    IncidentQuery(admin1="idlib", actor="hts", limit=500),
    IncidentQuery(event_type="battles", min_fatalities=8, limit=50),
    IncidentQuery(event_type="Air/drone strike", country="UA", limit=500),
    IncidentQuery(actor="CIVILIANS", until="2015-06-30", limit=500),
    IncidentQuery(bbox=(35.0, 44.0, 40.0, 50.0), limit=500),
    IncidentQuery(text="synthétique", limit=100),
    IncidentQuery(text="Synthetique OR absent", country="iq", limit=100),
    IncidentQuery(text="absent", limit=100),
]


def test_both_backends_answer_every_query_alike(tmp_path, pg_url: str) -> None:
    answers = []
    for target in (str(tmp_path / "parity.sqlite"), pg_url):
        with open_store(target) as store:
            assert fill_incidents(store, 3000, seed=7, batch=1000, with_articles=50) == 3000
            answers.append({
                "lists": [store.list_incidents(q) for q in QUERIES],
                "streamed": [r["id"] for r in store.iter_incidents(IncidentQuery(country="ML"), page=7)],
                "timelines": [store.timeline(q, bucket) for q in QUERIES[:8]
                              for bucket in ("day", "week", "month")],
                "stats": store.stats(),
                "details": [store.get_incident(i) for i in (1, 17, 50, 51, 10**9)],
                "articles": store.list_articles(limit=10, offset=5),
                "article": store.get_article("synthetic-3"),
                "search": [h["doc_id"] for h in store.search("Syria OR Ukraine", limit=100)],
            })  # fmt: skip
    sqlite_answers, pg_answers = answers
    for key in sqlite_answers:
        if key == "search":  # the two engines rank differently; the hits are the same
            assert sorted(sqlite_answers[key]) == sorted(pg_answers[key]) != []
        else:
            assert sqlite_answers[key] == pg_answers[key], key
    assert all(n > 0 for _, n in sqlite_answers["lists"][:-1])


def test_week_labels_match_sqlite_over_many_years(tmp_path, pg_url: str) -> None:
    profile = dict(event_type="Battles", country="Mali", country_code="ML", admin1="Mopti",
                   n_reports=1, independent_sources=1, grade="weak", lat=14.5, lon=-4.2,
                   fatalities_best=3)  # fmt: skip
    days = [f"{y}-{m:02d}-{d:02d}" for y in range(2015, 2027) for m in (1, 12) for d in range(1, 32, 2)]
    weeks = []
    # the cube (006), the cells and the tolls (011) label their weeks in SQL, and so do a box's
    # strips (013: this box's western strip, narrower than an eighth of a degree, holds them)
    labelled = (IncidentQuery(), IncidentQuery(bbox=(-10.0, 10.0, 0.0, 20.0)),
                IncidentQuery(min_fatalities=1), IncidentQuery(bbox=(-4.21, 10.0, 0.0, 20.0)))  # fmt: skip
    for target in (str(tmp_path / "weeks.sqlite"), pg_url):
        with open_store(target) as store:
            store.save_incidents([(None, [], {**profile, "date": d}) for d in days])
            weeks.append([store.timeline(q, bucket="week") for q in labelled])
    assert weeks[0] == weeks[1] and all(len(w) > 100 for w in weeks[0])
    assert weeks[0][0] == weeks[0][1] == weeks[0][2] == weeks[0][3]
    with sqlite3.connect(":memory:") as conn:  # the labels are SQLite's strftime('%Y-W%W')
        want = {conn.execute("SELECT strftime('%Y-W%W', ?)", (d,)).fetchone()[0] for d in days}
    assert {w["period"] for w in weeks[0][0]} == want


def test_a_bad_or_unreachable_url_is_one_clear_line_without_the_password() -> None:
    url = "postgresql://veille:s3cret@127.0.0.1:1/nowhere"
    with pytest.raises(StoreError) as err:
        open_store(url)
    assert "cannot connect to PostgreSQL" in str(err.value) and "s3cret" not in str(err.value)
    assert "postgresql://veille:***@127.0.0.1:1/nowhere" in str(err.value)
    done = subprocess.run(
        [sys.executable, "-m", "veille.api", "--db", "postgresql://u:pw@bad host:x/db", "--port", "0"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.startswith("veille: error: ")
    assert len(done.stderr.strip().splitlines()) == 1 and ":pw@" not in done.stderr


CONCURRENT_WRITER = textwrap.dedent("""
    import sys
    from test_store_postgres import reports
    from veille.resolve.incremental import run_all
    from veille.store import open_store

    with open_store(sys.argv[1]) as store:
        docs = reports(40)
        for doc in (docs if sys.argv[2] == "0" else docs[::-1]):
            store.write_document(doc)
            if int(doc.article.id[1:]) % 10 == 0:
                run_all(store)
        run_all(store)
""")


def test_concurrent_ingest_from_several_processes_is_safe(pg_url: str, tmp_path) -> None:
    """Two writers store the same 40 articles (in opposite orders) and resolve as they go:
    every article is stored once, every event belongs to exactly one incident."""
    open_store(pg_url).close()  # migrate first, so both writers start on the same schema
    env_path = str(__import__("pathlib").Path(__file__).parent)
    procs = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, pg_url, str(k)],
                         cwd=env_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for k in range(2)
    ]  # fmt: skip
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with open_store(pg_url, readonly=True) as store:
        assert count(store, "articles") == 40 and count(store, "events") == 40
        assert count(store, "incident_events") == 40
        rows, total = store.list_incidents(IncidentQuery(limit=100))
        assert total == 20 and all(r["n_reports"] == 2 for r in rows)


def test_feed_state_and_fetched_pages(backend_db: str) -> None:
    from veille.store import fetched

    with open_store(backend_db) as store:
        feed = fetched.ensure_feed(store, "https://example.invalid/rss", "Test", None)
        again = fetched.ensure_feed(store, "https://example.invalid/rss", None, "fr")
        assert again.id == feed.id
        assert [(f["name"], f["lang"]) for f in fetched.iter_feeds(store)] == [("Test", "fr")]
        page = fetched.PageRecord(url="https://example.invalid/a", outcome="stored",
                                  final_url="https://example.invalid/b", feed_id=feed.id,
                                  raw_html=b"<html>texte</html>")  # fmt: skip
        entry = fetched.EntryMark(feed.id, "k1", page.url, "fp1")
        counts = fetched.save_page(store, page, DocResult(article=article()), entry)
        assert counts.added == 1
        assert fetched.entry_fingerprint(store, feed.id, "k1") == "fp1"
        found = fetched.find_page(store, "https://example.invalid/b")
        assert found is not None and found["article_id"] == store.get_article("a1")["id"]  # type: ignore[index]
        record, doc_id = fetched.load_page(store, found["id"])
        assert record.raw_html == b"<html>texte</html>" and doc_id == "a1"


WORLD = (-180.0, -90.0, 180.0, 90.0)  # the same incidents: with other filters, counted from the table


def test_rollups_follow_every_write_and_match_the_incidents(backend_db: str) -> None:
    """Totals and timelines read from the rollups of migrations 006 and 010 equal those counted
    from the incidents, after inserts, resolution updates, replaced articles and deletions."""
    from dataclasses import replace

    from veille.store import queries

    with open_store(backend_db) as store:
        fill_incidents(store, 1500, seed=3, batch=400, with_articles=30)
        for doc in reports(16):
            store.write_document(doc)
        run_all(store)
        changed = reports(16)[3]
        changed.article.text += " Bilan révisé."
        changed.events[0].fatalities = 9
        store.write_document(changed)  # unlinks and deletes its incident
        run_all(store)  # and resolution writes it again
        with store.transaction() as conn:
            conn.execute("DELETE FROM incidents WHERE id IN (SELECT id FROM incidents WHERE id % 7 = 0)")
            conn.execute("UPDATE incidents SET actor2 = 'HTS', date = NULL WHERE id % 11 = 0")
        cubed = [q for q in [*QUERIES, IncidentQuery(until="2018-01-01"), IncidentQuery(actor="hts")]
                 if queries.cube_where(q) is not None]  # fmt: skip
        assert len(cubed) == 7
        pairs = [IncidentQuery(admin1="idlib", actor="hts"), IncidentQuery(country="sy", actor="HTS"),
                 IncidentQuery(country="SY", admin1="Idlib", event_type="battles")]  # fmt: skip
        # migration 010: two of country, admin1 and actor from the cube, per week and month
        assert all(queries.cube_where(q) is None and queries.cube_where(q, grain="w:") for q in pairs)
        for q in [*cubed, *pairs]:
            boxed = replace(q, bbox=WORLD)
            assert store.list_incidents(q)[1] == store.list_incidents(boxed)[1] > 0, q
            for bucket in ("day", "week", "month"):
                assert store.timeline(q, bucket) == store.timeline(boxed, bucket), (q, bucket)
        direct = {table: count(store, table) for table in ("articles", "events", "tolls", "incidents")}
        stats = store.stats()
        assert {k: stats[k] for k in direct} == direct
        graded = store.conn.execute("SELECT grade, COUNT(*) FROM incidents GROUP BY grade").fetchall()
        assert {g: n for g, n in graded} == {g: n for g, n in stats["grades"].items() if n}


def awkward_places(store: Store) -> None:
    """Incidents where the cells of migrations 011 and 013 could go wrong: on whole, half, quarter
    and eighth degrees (a cell's edge), at negative longitudes and latitudes (floor is not
    truncation), without a position, a toll, a date or a country code."""
    with store.transaction() as conn:
        conn.execute("UPDATE incidents SET lon = -lon, lat = -lat WHERE id % 3 = 0")
        conn.execute("UPDATE incidents SET lon = CAST(lon AS INTEGER) WHERE id % 5 = 0")
        conn.execute("UPDATE incidents SET lat = CAST(lat AS INTEGER) WHERE id % 4 = 0")
        conn.execute("UPDATE incidents SET lon = CAST(lon * 2 AS INTEGER) / 2.0 WHERE id % 7 = 1")
        conn.execute("UPDATE incidents SET lat = CAST(lat * 2 AS INTEGER) / 2.0 WHERE id % 6 = 1")
        conn.execute("UPDATE incidents SET lon = CAST(lon * 8 AS INTEGER) / 8.0 WHERE id % 9 = 2")
        conn.execute("UPDATE incidents SET lat = CAST(lat * 4 AS INTEGER) / 4.0 WHERE id % 10 = 3")
        conn.execute("UPDATE incidents SET lat = CAST(lat * 8 AS INTEGER) / 8.0 WHERE id % 11 = 4")
        conn.execute("UPDATE incidents SET lon = NULL WHERE id % 23 = 0")
        conn.execute("UPDATE incidents SET date = NULL WHERE id % 19 = 0")
        conn.execute("UPDATE incidents SET country_code = NULL WHERE id % 29 = 0")
        conn.execute("UPDATE incidents SET fatalities_best = NULL WHERE id % 31 = 0")


def area_and_toll_queries(seed: int = 1) -> list[IncidentQuery]:
    """Boxes (random, on whole and half degrees, around the synthetic regions, the world; some
    holding no whole cell, then counted from the incidents) and minimum
    tolls (alone, with a country code): the page states migration 011 answers."""
    import random

    from veille.store.synthetic import REGIONS

    rng = random.Random(seed)
    boxes = [WORLD, (36.0, 35.0, 38.0, 37.0), (-38.0, -37.0, -34.0, -33.0), (-1.0, -1.0, 1.0, 1.0),
             (36.5, 35.5, 37.5, 36.0), (-0.3, -0.2, 0.3, 0.4)]
    for _ in range(24):
        x, y = rng.uniform(-75, 70), rng.uniform(-55, 50)
        w, h = rng.uniform(1, 10), rng.uniform(1, 10)
        boxes.append((x, y, x + w, y + h))
        boxes.append((float(round(x)), float(round(y)), float(round(x + w)), float(round(y + h))))
        boxes.append((round(x * 2) / 2, round(y * 2) / 2, round((x + w) * 2) / 2, round(y * 2) / 2 + 0.5))
        boxes.append((round(x * 8) / 8, round(y * 4) / 4, round((x + w) * 4) / 4, round((y + h) * 8) / 8))
        _, _, admin1s = REGIONS[rng.randrange(len(REGIONS))]
        _, lat, lon = admin1s[0]  # a small box in a region: cells of the finer grids only, or none
        x, y = lon + rng.uniform(-0.8, 0.4), lat + rng.uniform(-0.8, 0.4)
        boxes.append((x, y, x + rng.uniform(0.1, 1.2), y + rng.uniform(0.1, 1.2)))
    for _, _, admin1s in REGIONS:
        for _, lat, lon in admin1s[:1]:
            boxes += [(lon - 2, lat - 2, lon + 2, lat + 2), (-lon - 2, -lat - 2, -lon + 2, -lat + 2),
                      (lon - 0.3, lat - 0.45, lon + 0.35, lat + 0.2)]
    tolls = [IncidentQuery(min_fatalities=k, country=c)
             for k in (0, 3, 10, 40, 1000) for c in (None, "SY", "ml")]  # fmt: skip
    return [IncidentQuery(bbox=b) for b in boxes] + tolls


def assert_rollups_match_incidents(store: Store, qs: list[IncidentQuery]) -> None:
    """Totals and timelines from migration 011's sums equal those counted from the incidents,
    and a box's page of the table is the direct query's."""
    from dataclasses import replace

    from veille.store import facets, queries

    conn, dialect = store.conn, store.dialect
    answered = 0
    for q in qs:
        assert facets.count_sources(q, dialect) is not None or q.bbox is not None, q
        answered += facets.count_sources(q, dialect) is not None
        total = queries.count_incidents(conn, q)
        assert total == queries.count_incidents(conn, q, rollups=False), q
        assert store.list_incidents(q)[1] == total
        for bucket in ("week", "month"):
            assert queries.timeline(conn, q, bucket) == queries.timeline(conn, q, bucket, rollups=False), (q, bucket)
        if q.bbox is not None and total:
            where, params = queries.where_clause(q, dialect)
            for offset in (0, 3):
                page = replace(q, limit=5, offset=offset)
                direct = conn.execute(f"SELECT id FROM incidents {where} ORDER BY date DESC, id DESC "
                                      "LIMIT 5 OFFSET ?", [*params, offset]).fetchall()  # fmt: skip
                assert [r["id"] for r in store.list_incidents(page)[0]] == [r[0] for r in direct], q
    assert answered >= len(qs) * 3 // 4  # most boxes hold a whole cell


def test_area_and_toll_rollups_follow_every_write(backend_db: str) -> None:
    """Migration 011's per-cell and per-toll sums follow inserts, resolution's writes, moved,
    re-dated and deleted incidents, and equal the incidents counted directly."""
    with open_store(backend_db) as store:
        fill_incidents(store, 2500, seed=4, batch=600, with_articles=20)
        for doc in reports(12):
            store.write_document(doc)
        run_all(store)
        awkward_places(store)
        with store.transaction() as conn:
            conn.execute("DELETE FROM incidents WHERE id IN (SELECT id FROM incidents WHERE id % 13 = 0)")
            conn.execute("UPDATE incidents SET fatalities_best = 12, lat = lat + 0.5 WHERE id % 17 = 0")
            conn.execute("UPDATE incidents SET n_reports = n_reports + 1 WHERE id % 2 = 0")
        assert_rollups_match_incidents(store, area_and_toll_queries())
        assert count(store, "incident_cells") > 0 and count(store, "incident_tolls") > 0


@pytest.mark.parametrize("before", [10, 12])
def test_migrations_011_and_013_sum_the_incidents_already_stored(
    backend_db: str, monkeypatch, before: int
) -> None:
    """A database made before migration 011 (schema version 10) or 013 (version 12) that holds
    incidents is upgraded: the sums count what is stored, once, and follow new writes
    afterwards; applied again over a version table older than the schema, nothing is counted
    twice."""
    from veille.store import connection
    from veille.store.pg import connection as pg_connection

    module = pg_connection if "://" in backend_db else connection
    shipped = module.migrations
    monkeypatch.setattr(module, "migrations", lambda: shipped()[:before])
    with open_store(backend_db) as store:  # as veille made it before migration 011 or 013
        fill_incidents(store, 2000, seed=6, batch=700)
        awkward_places(store)
        assert store.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == before
    monkeypatch.undo()
    qs = area_and_toll_queries(seed=2)
    with open_store(backend_db) as store:  # migrates
        assert_rollups_match_incidents(store, qs)
        fill_incidents(store, 500, seed=8, batch=500)  # new incidents, through the triggers
        assert_rollups_match_incidents(store, qs)
    with open_store(backend_db) as store:  # nothing applied twice
        assert count(store, "schema_version") == latest_version()
        assert_rollups_match_incidents(store, qs)
        with store.transaction() as conn:  # a version table older than the schema
            conn.execute("DELETE FROM schema_version WHERE version > ?", (before,))
    with open_store(backend_db) as store:  # applied again: nothing counted twice
        assert count(store, "schema_version") == latest_version()
        fill_incidents(store, 300, seed=10, batch=300)
        assert_rollups_match_incidents(store, qs)


def test_migration_010_counts_the_pairs_of_incidents_already_stored(backend_db: str) -> None:
    """Migration 010 over a database that already holds incidents (an upgrade) fills the cube's
    pair rows as its triggers fill them for new incidents."""
    from dataclasses import replace

    from veille.store import queries

    with open_store(backend_db) as store:
        fill_incidents(store, 3000, seed=5, batch=1000)
        with store.transaction() as conn:  # as before migration 010
            conn.execute("DELETE FROM incident_cube WHERE dim LIKE '%/%'")
            conn.execute("DELETE FROM schema_version WHERE version >= 10")  # 011 applied again
    with open_store(backend_db) as store:  # migrates again
        for q in (IncidentQuery(admin1="Idlib", actor="HTS"), IncidentQuery(country="SY", actor="hts"),
                  IncidentQuery(country="sy", admin1="idlib")):  # fmt: skip
            assert queries.cube_where(q, grain="m:") is not None
            boxed = replace(q, bbox=WORLD)  # counted from the incidents
            assert store.list_incidents(q)[1] == store.list_incidents(boxed)[1] > 0, q
            assert store.timeline(q, "week") == store.timeline(boxed, "week"), q
