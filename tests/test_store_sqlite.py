"""The SQLite store on real database files: writes, idempotence, atomicity, bad databases."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from veille.errors import StoreError
from veille.model import Article, DocResult, Event, Toll
from veille.store import IncidentQuery, SQLiteStore, Store
from veille.store.connection import latest_version


def article(doc_id: str = "a1", text: str = "Texte synthétique: une frappe a tué trois civils à Ariha.",
            **kw: object) -> Article:  # fmt: skip
    return Article(id=doc_id, text=text, lang="fr", **kw)  # type: ignore[arg-type]


def event(location: str = "Ariha", fatalities: int | None = 3, **kw: object) -> Event:
    base = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                location=location, admin1="Idlib", country="Syria", country_code="SY",
                date="2019-07-22", actor1="Syrian government", fatalities=fatalities,
                claimed_by=["OSDH"], evidence="une frappe a tué trois civils à Ariha",
                evidence_start=20, evidence_end=56)  # fmt: skip
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def count(store: SQLiteStore, table: str) -> int:
    return store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


def test_new_database_is_wal_with_foreign_keys_and_migrated(db: Path) -> None:
    with SQLiteStore(str(db)) as store:
        assert isinstance(store, Store)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        version = store.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        assert version == latest_version()
    with SQLiteStore(str(db)) as again:  # re-opening applies nothing twice
        assert count(again, "schema_version") == latest_version()
    with SQLiteStore(str(db), readonly=True) as reader:  # reads through a shared memory map
        assert reader.conn.execute("PRAGMA mmap_size").fetchone()[0] > 0


def test_same_text_twice_adds_nothing(db: Path) -> None:
    doc = DocResult(article=article(), events=[event(), event("Maaret al-Noomane")],
                    tolls=[Toll(fatalities=300, period="en un mois")])  # fmt: skip
    with SQLiteStore(str(db)) as store:
        first = store.write_document(doc)
        second = store.write_document(doc)
        assert (first.added, first.events, first.tolls) == (1, 2, 1)
        assert (second.added, second.unchanged, second.events) == (0, 1, 0)
        assert (count(store, "articles"), count(store, "events"), count(store, "tolls")) == (1, 2, 1)
        stored = store.get_article("a1")
        assert stored is not None
        assert [e["location"] for e in stored["events"]] == ["Ariha", "Maaret al-Noomane"]
        assert stored["events"][0]["claimed_by"] == ["OSDH"]
        assert stored["events"][0]["evidence_start"] == 20


def test_changed_article_replaces_its_events_and_keeps_its_id(db: Path) -> None:
    with SQLiteStore(str(db)) as store:
        store.write_document(DocResult(article=article(), events=[event(), event("Hbit")]))
        old_id = store.get_article("a1")["id"]  # type: ignore[index]
        changed = article(text="Texte synthétique corrigé: la frappe sur Ariha a tué cinq civils.")
        counts = store.write_document(DocResult(article=changed, events=[event(fatalities=5)]))
        assert counts.replaced == 1 and counts.added == 0
        stored = store.get_article("a1")
        assert stored is not None and stored["id"] == old_id
        assert [(e["location"], e["fatalities"]) for e in stored["events"]] == [("Ariha", 5)]
        assert count(store, "events") == 1
        assert store.search("corrigé")[0]["doc_id"] == "a1"  # FTS follows the new text
        assert store.search("Texte synthétique: une frappe") == [] or all(
            h["doc_id"] == "a1" for h in store.search("Texte synthétique: une frappe")
        )


class ExplodingEvent(Event):
    """An event whose serialisation fails: simulates a crash in the middle of a write."""

    __slots__ = ()

    def to_dict(self):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt


def test_interrupt_inside_a_write_leaves_no_half_article(db: Path) -> None:
    with SQLiteStore(str(db)) as store:
        store.write_document(DocResult(article=article("kept", "Texte synthétique gardé."), events=[event()]))
        bad = DocResult(article=article("half", "Texte synthétique interrompu."),
                        events=[event(), ExplodingEvent(**event().to_dict())])  # fmt: skip
        with pytest.raises(KeyboardInterrupt):
            store.write_document(bad)
        assert [a["doc_id"] for a in store.list_articles()[0]] == ["kept"]
        assert count(store, "events") == 1
        assert store.search("interrompu") == []
        store.write_document(DocResult(article=article("after", "Texte synthétique suivant.")))
        assert store.list_articles()[1] == 2


def test_killed_process_mid_write_loses_nothing_committed(db: Path) -> None:
    script = textwrap.dedent(f"""
        import os, signal
        from veille.model import Article, DocResult, Event
        from veille.store import SQLiteStore

        class Killer(Event):
            __slots__ = ()
            def to_dict(self):
                os.kill(os.getpid(), signal.SIGKILL)

        ev = dict(event_type="Battles", sub_event_type="Armed clash", location="Boni")
        store = SQLiteStore({str(db)!r})
        for i in range(3):
            store.write_document(DocResult(article=Article(id=f"ok{{i}}", text=f"Texte synthétique {{i}}"),
                                           events=[Event(**ev)]))
        store.write_document(DocResult(article=Article(id="killed", text="Texte synthétique tué"),
                                       events=[Event(**ev), Killer(**ev)]))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr.decode()
    with SQLiteStore(str(db)) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(a["doc_id"] for a in store.list_articles()[0]) == ["ok0", "ok1", "ok2"]
        assert count(store, "events") == 3


def test_locked_database_gives_a_clear_error_and_keeps_data(db: Path) -> None:
    with SQLiteStore(str(db)) as store:
        store.write_document(DocResult(article=article(), events=[event()]))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"), SQLiteStore(str(db), timeout=0.2) as store:
            store.write_document(DocResult(article=article("b2", "Autre texte synthétique.")))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with SQLiteStore(str(db)) as store:
        assert [a["doc_id"] for a in store.list_articles()[0]] == ["a1"]


def test_write_lock_taken_by_another_writer_is_reported(db: Path) -> None:
    with (
        SQLiteStore(str(db)) as store,
        SQLiteStore(str(db), timeout=0.2) as other,
        store.transaction(),
        pytest.raises(StoreError, match="locked"),
    ):
        other.write_document(DocResult(article=article()))
    with SQLiteStore(str(db)) as store:
        assert store.list_articles()[1] == 0


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text-file", "broken-header"],
)
def test_corrupt_file_is_refused_and_left_untouched(db: Path, content: bytes) -> None:
    db.write_bytes(content)
    before = file_digest(db)
    for readonly in (False, True):
        with pytest.raises(StoreError, match="not a SQLite database or is corrupt"):
            SQLiteStore(str(db), readonly=readonly)
    assert file_digest(db) == before


def test_damaged_pages_are_reported_not_raised_as_sqlite_errors(db: Path) -> None:
    with SQLiteStore(str(db)) as store:
        for i in range(60):
            text = f"Texte synthétique numéro {i}. " + "Des frappes ont visé la ville. " * 40
            store.write_document(DocResult(article=article(f"d{i}", text), events=[event()]))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    for offset in range(4096 * 3, len(data) - 4096, 4096):  # smash every page after the schema
        data[offset : offset + 64] = b"\x07" * 64
    db.write_bytes(bytes(data))
    before = file_digest(db)
    with pytest.raises(StoreError, match=r"corrupt|not a SQLite"):  # noqa: SIM117
        with SQLiteStore(str(db), readonly=True) as store:
            store.list_articles(limit=1000)
            for i in range(60):
                store.get_article(f"d{i}")
            store.search("frappes")
    assert file_digest(db) == before


def test_foreign_sqlite_database_is_refused(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE users (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a veille database"):
        SQLiteStore(str(db))
    assert sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall() == [("users",)]


def test_read_only_store_refuses_writes_and_missing_file(db: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        SQLiteStore(str(db), readonly=True)
    SQLiteStore(str(db)).close()
    with SQLiteStore(str(db), readonly=True) as store, pytest.raises(StoreError, match="read-only"):
        store.write_document(DocResult(article=article()))


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable even for root (immutable attribute), or skip the test."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        path.parent.chmod(0o555)
        try:
            yield
        finally:
            path.parent.chmod(0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode:
        pytest.skip("cannot set the immutable attribute here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_file_gives_a_clear_error_and_keeps_data(db: Path) -> None:
    with SQLiteStore(str(db)) as store:
        store.write_document(DocResult(article=article()))
    before = file_digest(db)
    with read_only_file(db):
        with pytest.raises(StoreError, match="read-only"):
            SQLiteStore(str(db))
        assert file_digest(db) == before
        with SQLiteStore(str(db), readonly=True) as store:  # reading still works
            assert store.list_articles()[1] == 1


def test_queries_filter_paginate_and_search(db: Path) -> None:
    from veille.store.synthetic import fill_incidents

    with SQLiteStore(str(db)) as store:
        assert fill_incidents(store, 3000, seed=7, batch=1000, with_articles=50) == 3000
        everything, total = store.list_incidents(IncidentQuery(limit=10))
        assert total == 3000 and len(everything) == 10
        assert [r["date"] for r in everything] == sorted((r["date"] for r in everything), reverse=True)
        q = IncidentQuery(since="2016-01-01", until="2016-12-31", country="sy", limit=5000)
        rows, n = store.list_incidents(q)
        assert n == len(rows) > 0
        assert all(r["country_code"] == "SY" and "2016-01-01" <= r["date"] <= "2016-12-31" for r in rows)
        by_name, n2 = store.list_incidents(IncidentQuery(since="2016-01-01", until="2016-12-31",
                                                         country="Syria", limit=1))  # fmt: skip
        assert n2 == n and len(by_name) == 1
        page2, _ = store.list_incidents(IncidentQuery(limit=10, offset=10))
        assert not {r["id"] for r in page2} & {r["id"] for r in everything}
        deadly, _ = store.list_incidents(IncidentQuery(min_fatalities=20, limit=5000))
        assert deadly and all(r["fatalities_best"] >= 20 for r in deadly)
        box, _ = store.list_incidents(IncidentQuery(bbox=(35.0, 44.0, 40.0, 50.0), limit=5000))
        assert box and all(r["country"] == "Ukraine" for r in box)
        assert isinstance(box[0]["claimants"], list) and isinstance(box[0]["disputed_figures"], bool)
        found, _ = store.list_incidents(IncidentQuery(text="synthétique", limit=100))
        assert 0 < len(found) <= 50
        detail = store.get_incident(found[0]["id"])
        assert detail is not None and detail["events"] and detail["articles"] and detail["per_source"]
        assert store.get_incident(10**9) is None
        weeks = store.timeline(IncidentQuery(country="SY"), bucket="week")
        assert sum(w["incidents"] for w in weeks) == store.list_incidents(IncidentQuery(country="SY"))[1]
        with pytest.raises(ValueError):
            store.timeline(IncidentQuery(), bucket="hour")
        assert store.stats()["incidents"] == 3000
        assert store.search('"unbalanced (quote') == []


def test_large_date_country_query_uses_an_index(db: Path) -> None:
    with SQLiteStore(str(db)) as store:
        plan = store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE country_code = ? AND date >= ? "
            "AND date <= ? ORDER BY date DESC, id DESC LIMIT 100", ("SY", "2016-01-01", "2016-12-31"),
        ).fetchall()  # fmt: skip
        detail = " ".join(r[3] for r in plan)
        assert "USING INDEX incidents_country_code_date" in detail or "USING COVERING INDEX" in detail
        assert "TEMP B-TREE" not in detail


def test_streaming_keeps_list_order_across_pages_with_undated_incidents(db: Path) -> None:
    profile = dict(event_type="Battles", country="Mali", country_code="ML", admin1="Mopti",
                   n_reports=1, independent_sources=1, grade="weak")  # fmt: skip
    days = ["2020-01-02", None, "2020-01-01", "2020-01-02", None, "2019-12-31", "2020-01-01"]
    with SQLiteStore(str(db)) as store:
        store.save_incidents([(None, [], {**profile, "date": d}) for d in days])
        listed, total = store.list_incidents(IncidentQuery(limit=100))
        streamed = list(store.iter_incidents(IncidentQuery(), page=2))
        assert total == 7 and [r["id"] for r in streamed] == [r["id"] for r in listed]
        assert [r["date"] for r in streamed][:5] == ["2020-01-02", "2020-01-02", "2020-01-01",
                                                     "2020-01-01", "2019-12-31"]  # fmt: skip
        skipped = list(store.iter_incidents(IncidentQuery(offset=3), page=2))
        assert [r["id"] for r in skipped] == [r["id"] for r in listed[3:]]


def test_older_database_is_migrated_and_newer_one_refused(db: Path) -> None:
    SQLiteStore(str(db)).close()
    raw = sqlite3.connect(db)
    raw.execute("DROP INDEX incidents_admin1_nocase_date")
    raw.execute("DELETE FROM schema_version WHERE version >= 3")  # as if made by veille 0.1
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="schema version"):
        SQLiteStore(str(db), readonly=True)  # a reader never migrates
    with SQLiteStore(str(db)) as store:
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "incidents_admin1_nocase_date" in names and "incidents_country_span" in names
        assert store.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == latest_version()
    raw = sqlite3.connect(db)
    raw.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(str(db))
