"""Issue 12, incidents: an updated toll is not a dispute, civilians never exceed the best figure,
a province-level report of another day stays apart, undated copies are one incident."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from veille.model import Article, DocResult, Event
from veille.resolve.incremental import run_all
from veille.resolve.merge import compatible, report_from_row
from veille.store import IncidentQuery, SQLiteStore

STRIKE = {
    "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
    "location": "Ariha", "admin1": "Idlib", "country": "Syria", "country_code": "SY",
    "actor1": "Syrian government", "actor2": "Civilians", "lat": 35.81, "lon": 36.61,
    "geo_precision": 1,
}  # fmt: skip


def doc(doc_id: str, published: str | None, text: str, evidence: str, **event: Any) -> DocResult:
    start = text.index(evidence)
    ev = Event.from_dict({**STRIKE, "date": None, **event, "evidence": evidence,
                          "evidence_start": start, "evidence_end": start + len(evidence)})  # fmt: skip
    article = Article(
        id=doc_id, text=text, published=published, source=doc_id.split("-")[0], lang="fr"
    )
    return DocResult(article=article, events=[ev])


def incidents(tmp_path: Path, docs: list[DocResult]) -> list[dict[str, Any]]:
    with SQLiteStore(str(tmp_path / "r.sqlite")) as store:
        for d in docs:
            store.write_document(d)
        run_all(store)
        rows, _ = store.list_incidents(IncidentQuery(limit=100))
    return rows


def test_a_later_toll_that_replaces_an_earlier_one_is_an_update(tmp_path: Path) -> None:
    first = "Quatre personnes ont été tuées mardi dans une frappe aérienne sur Ariha."
    later = (
        "Six civils ont été tués mardi dans une frappe aérienne sur Ariha, selon la Défense "
        "civile. Le précédent bilan faisait état de quatre morts."
    )
    (inc,) = incidents(tmp_path, [
        doc("agenceA-1", "2025-03-11", first, first, date="2025-03-11", fatalities=4),
        doc("journalB-1", "2025-03-12", later, later.split(" Le ")[0], date="2025-03-11",
            fatalities=6, civilian_fatalities=6),
    ])  # fmt: skip
    assert inc["n_reports"] == 2
    assert (inc["fatalities_best"], inc["fatalities_min"], inc["fatalities_max"]) == (6, 4, 6)
    assert inc["disputed_figures"] is False or inc["disputed_figures"] == 0
    assert inc["civilian_fatalities"] == 6


def test_civilians_never_exceed_the_best_figure(tmp_path: Path) -> None:
    a = "Quatre personnes ont été tuées mardi dans une frappe aérienne sur Ariha."
    b = "Six civils ont péri mardi dans le bombardement d'Ariha, selon l'OSDH."
    (inc,) = incidents(tmp_path, [
        doc("agenceA-1", "2025-03-12", a, a, date="2025-03-11", fatalities=4),
        doc("journalB-1", "2025-03-12", b, b, date="2025-03-11", fatalities=6, civilian_fatalities=6),
    ])  # fmt: skip
    assert inc["fatalities_best"] == 4 and inc["disputed_figures"]  # no update cue: a dispute
    assert inc["civilian_fatalities"] == 4


def row(event_id: int, article_id: int, **kw: Any) -> dict[str, Any]:
    return {"id": event_id, "article_id": article_id, **STRIKE, "date": "2025-03-11",
            "published": "2025-03-12", **kw}  # fmt: skip


def test_province_level_report_of_another_day_does_not_join_a_town() -> None:
    town = report_from_row(row(1, 1))
    province = {"location": "province d'Idleb", "geo_precision": 3, "lat": None, "lon": None}
    assert compatible(town, report_from_row(row(2, 2, **province))) > 0  # same day: may merge
    assert compatible(town, report_from_row(row(2, 2, date="2025-03-12", **province))) == 0
    assert compatible(town, report_from_row(row(2, 2, date="2025-03-12"))) > 0  # town: slack stays


def test_undated_copies_of_one_dispatch_are_one_incident(tmp_path: Path) -> None:
    evidence = (
        "Huit civils ont été tués dans une frappe aérienne sur la ville d'Ariha, selon l'OSDH."
    )
    docs = [
        doc(
            f"site{i}-1",
            None,
            f"{head}\n\n{evidence}",
            evidence,
            fatalities=8,
            civilian_fatalities=8,
        )
        for i, head in enumerate(["Syrie", "Monde", "Dernière minute"])
    ]
    other = "Trois soldats ont été tués dans une frappe sur Ariha."
    docs.append(doc("site9-1", None, other, other, fatalities=3))
    rows = incidents(tmp_path, docs)
    assert sorted(r["n_reports"] for r in rows) == [1, 3]
