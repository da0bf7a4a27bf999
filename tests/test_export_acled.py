"""``veille export``: ACLED columns (codes, region, actor classes, summary as notes), undated
incidents left out with a count on stderr or kept flagged; CSV and GeoJSON with the summary and
the injured range. A real SQLite file written through the store's API, the real CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from api_support import build_api_db
from veille.cli import main
from veille.model import Article, DocResult, Event
from veille.store import open_store
from veille.store.formats import ACLED_COLUMNS


@pytest.fixture(scope="module")
def export_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The API test database plus one undated incident in Syria."""
    path = tmp_path_factory.mktemp("export") / "export.sqlite"
    known = build_api_db(path)
    with open_store(str(path)) as store:
        ev = Event.from_dict({"event_type": "Battles", "sub_event_type": "Armed clash",
                              "location": "Saraqib", "admin1": "Idlib", "country": "Syria",
                              "country_code": "SY", "fatalities": 3, "evidence": "Trois morts."})  # fmt: skip
        art = Article(id="undated-1", text="Trois morts.", source="Test", lang="fr")
        store.write_document(DocResult(article=art, events=[ev]))
        eid = next(e["id"] for e in store.pending_events() if e["article_doc_id"] == "undated-1")
        profile = {"event_type": "Battles", "sub_event_type": "Armed clash", "location": "Saraqib",
                   "admin1": "Idlib", "country": "Syria", "country_code": "SY", "date": None,
                   "fatalities_best": 3, "n_reports": 1, "n_articles": 1,
                   "independent_sources": 1, "grade": "weak"}  # fmt: skip
        store.save_incidents([(None, [eid], profile)])
    return path, known


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def acled_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, [dict(zip(header, r, strict=True)) for r in reader]


def test_acled_columns_are_filled(export_db, capsys):
    path, known = export_db
    code, out, err = export(capsys, "--db", str(path), "--country", "Syrie")
    assert code == 0
    header, rows = acled_rows(out)
    assert header[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    ariha = next(r for r in rows if r["veille_incident_id"] == str(known["ariha"].id))
    assert ariha["event_id_cnty"] == f"SYR{known['ariha'].id}"
    assert ariha["event_id_no_cnty"] == str(known["ariha"].id)
    assert (ariha["iso"], ariha["iso3"], ariha["region"]) == ("760", "SYR", "Middle East")
    assert (ariha["inter1"], ariha["inter2"]) == ("State forces", "Civilians")
    assert ariha["interaction"] == "State forces-Civilians"
    assert ariha["notes"].startswith("On 12 March 2025, Syrian government air or drone strikes hit Ariha (Idlib); 8 civilians killed")
    assert ariha["evidence"].startswith("Au moins huit civils")  # provenance kept apart
    assert all(r["event_date"] for r in rows)
    assert "left out 1 incident(s) without a valid day" in err


def test_acled_classes_and_scale_elsewhere(export_db, capsys):
    path, known = export_db
    _, out, _ = export(capsys, "--db", str(path), "--since", "2025-01-01")
    _, rows = acled_rows(out)
    by_id = {r["veille_incident_id"]: r for r in rows}
    mali = by_id[str(known["boulkessi"].id)]
    assert (mali["iso"], mali["region"], mali["inter1"]) == ("466", "Western Africa", "Rebel group")
    assert mali["notes"].endswith("responsibility is disputed.")
    kram = by_id[str(known["kramatorsk"].id)]
    # Russia's forces in Ukraine are an external force there; Ukraine is in ACLED's Europe.
    assert (kram["inter1"], kram["interaction"], kram["region"]) == ("External/Other forces", "External/Other forces only", "Europe")
    baq = by_id[str(known["baqouba"].id)]
    assert (baq["injured_min"], baq["injured_max"]) == ("30", "30")
    assert "12 killed and 30 injured" in baq["notes"]


def test_undated_kept_flagged_on_request(export_db, capsys):
    path, _ = export_db
    _, out, err = export(capsys, "--db", str(path), "--country", "SY", "--include-undated")
    _, rows = acled_rows(out)
    undated = [r for r in rows if r["date_status"] == "undated"]
    assert len(undated) == 1 and undated[0]["event_date"] == "" and undated[0]["year"] == ""
    assert undated[0]["notes"].startswith("On an unknown date, armed clashes broke out in Saraqib")
    assert "left out" not in err


def test_csv_and_geojson_formats_carry_summary_and_ranges(export_db, capsys, tmp_path):
    path, known = export_db
    code, out, _ = export(capsys, "--db", str(path), "--format", "csv", "--since", "2025-01-01")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 4
    baq = next(r for r in rows if r["id"] == str(known["baqouba"].id))
    assert baq["injured_max"] == "30" and baq["summary"].startswith("On 7 May 2025")
    target = tmp_path / "out.geojson"
    code, _, err = export(capsys, "--db", str(path), "--format", "geojson", "--since", "2025-01-01", "-o", str(target))
    fc = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0 and "wrote 4 incidents" in err
    assert {f["properties"]["id"] for f in fc["features"]} == {k.id for k in known.values()}
    assert all(f["properties"]["summary"] for f in fc["features"])


def test_time_precision_follows_the_date_span():
    from veille.store.formats import time_precision

    assert time_precision({"date": "2025-03-12", "date_max": "2025-03-12"}) == 1
    assert time_precision({"date": "2025-03-12", "date_max": "2025-03-12", "date_estimated": True}) == 2
    assert time_precision({"date": "2025-03-12", "date_max": "2025-03-15"}) == 2
    assert time_precision({"date": "2025-03-01", "date_max": "2025-03-25"}) == 3
