"""Issue 12's last items: the women among the killed (extracted, then min-max per incident in the
store, API and downloads) and the district (``admin2``) of a town, from the gazetteer's WOF
county, in events, incidents and ACLED's ``admin2`` column. Real CLI, real files, real SQLite.

The sample texts are written for these tests."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from veille.api.web import VENDOR_FILES
from veille.cli import main
from veille.extract.casualties import extract_casualties
from veille.geo.geocoder import get_geocoder
from veille.model import Article, DocResult, Event
from veille.pipeline import article_from_text, extract_document
from veille.store import open_store
from veille.store.extras import enriched, ranges_from_events

FR_WOMEN = (
    "Le 4 mars 2024, une frappe aérienne a touché le village de Kafr Nabl, dans la province "
    "d'Idleb. Trois femmes et deux enfants ont été tués, selon l'OSDH."
)
EN_WOMEN = (
    "On 4 March 2024, an air strike hit the town of Kafr Nabl in Idlib province, killing six "
    "civilians, including four women, the Syrian Observatory said."
)
KAFR_NABL_DISTRICT = "Al Ma'ra"
"""WOF's county of Kafr Nabl (locality 890449847, county 1108779123)."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- women among the killed


def test_women_in_one_sentence_french_and_english() -> None:
    fr = extract_casualties("Trois femmes et deux enfants ont été tués dans la frappe.", "fr")
    assert (fr.killed, fr.children, fr.women) == (5, 2, 3)
    fr = extract_casualties("La frappe a tué six civils, dont quatre femmes.", "fr")
    assert (fr.killed, fr.civilians, fr.women) == (6, 6, 4)
    en = extract_casualties("The strike killed six civilians, including four women.", "en")
    assert (en.killed, en.civilians, en.women) == (6, 6, 4)
    en = extract_casualties("Two women and three men were killed.", "en")
    assert (en.killed, en.women) == (5, 2)
    assert extract_casualties("Cinq hommes ont été tués.", "fr").women is None


def test_women_extracted_through_the_cli_french(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "kafr-nabl.jsonl"
    doc.write_text(
        json.dumps({"id": "fr-women", "published": "2024-03-05", "text": FR_WOMEN}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "extract", str(doc), "-q", "--workers", "1", "-o", str(out_file))
    assert code == 0, err
    (result,) = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    events = result["events"]
    assert events, "the strike is an event"
    strike = events[0]
    assert strike["fatalities"] == 5
    assert strike["child_fatalities"] == 2
    assert strike["women_fatalities"] == 3
    assert strike["admin2"] == KAFR_NABL_DISTRICT


def test_women_extracted_english() -> None:
    result = extract_document(article_from_text(EN_WOMEN, doc_id="en-women", published="2024-03-05"))
    assert result.article.lang == "en"
    strike = result.events[0]
    assert (strike.fatalities, strike.civilian_fatalities, strike.women_fatalities) == (6, 6, 4)
    assert strike.to_dict()["women_fatalities"] == 4


def test_no_women_figure_without_a_women_count() -> None:
    text = "Le 4 mars 2024, une frappe aérienne a tué cinq civils à Kafr Nabl, dans la province d'Idleb."
    result = extract_document(article_from_text(text, doc_id="no-women", published="2024-03-05"))
    assert result.events and all(e.women_fatalities is None for e in result.events)


# ---------------------------------------------------------------- district (admin2)


def test_geocoder_gives_a_town_its_wof_county_and_a_region_none() -> None:
    gc = get_geocoder()
    town = gc.lookup("Kafr Nabl")
    assert town.status == "resolved" and town.admin1 == "Idlib"
    assert town.admin2 == KAFR_NABL_DISTRICT
    assert gc.admin2_of(town.gazetteer_id) == KAFR_NABL_DISTRICT
    region = gc.lookup("province d'Idleb")
    assert region.level == "admin1" and region.admin2 is None
    assert gc.admin2_of(region.gazetteer_id) is None
    assert gc.admin2_of(None) is None and gc.admin2_of("no-such-id") is None


def test_admin2_in_incidents_and_acled_export(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "kafr-nabl.txt"
    doc.write_text(FR_WOMEN + "\n", encoding="utf-8")
    db = str(tmp_path / "admin2.sqlite")
    code, _, err = run(capsys, "ingest", str(doc), "--db", db, "-q", "--workers", "1")
    assert code == 0, err
    code, out, err = run(capsys, "incidents", "--db", db, "--format", "json")
    assert code == 0, err
    incidents = [json.loads(line) for line in out.splitlines()]
    assert [i["admin2"] for i in incidents] == [KAFR_NABL_DISTRICT]
    code, out, err = run(capsys, "export", "--db", db, "--format", "acled-csv", "--include-undated")
    assert code == 0, err
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["admin1"] == "Idlib"
    assert row["admin2"] == KAFR_NABL_DISTRICT
    assert (row["women_fatalities_min"], row["women_fatalities_max"]) == ("3", "3")


# ---------------------------------------------------------------- incident min-max


def _event(women: int | None, fatalities: int) -> Event:
    return Event.from_dict({
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "location": "Kafr Nabl", "admin1": "Idlib", "admin2": KAFR_NABL_DISTRICT,
        "country": "Syria", "country_code": "SY", "date": "2024-03-04", "fatalities": fatalities,
        "women_fatalities": women, "evidence": "Une frappe.",
    })  # fmt: skip


def test_incident_min_max_women_in_store_cli_csv_and_geojson(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "women.sqlite")
    with open_store(db) as store:
        for k, (women, dead) in enumerate(((2, 5), (3, 6), (None, 7))):
            art = Article(id=f"w{k}", text=f"Rapport {k}.", source=f"Outlet {k}", lang="fr", published="2024-03-05")
            store.write_document(DocResult(article=art, events=[_event(women, dead)]))
        pending = store.pending_events()
        ids = [e["id"] for e in pending]
        assert [e["women_fatalities"] for e in pending] == [2, 3, None]
        assert [e["admin2"] for e in pending] == [KAFR_NABL_DISTRICT] * 3
        from veille.resolve.profile import build_profile

        profile = build_profile(pending)
        assert profile["admin2"] == KAFR_NABL_DISTRICT
        store.save_incidents([(None, ids, profile)])
        rows, _ = store.list_incidents(store_query())
        (row,) = list(enriched(store, rows))
    assert (row["women_fatalities_min"], row["women_fatalities_max"]) == (2, 3)
    assert row["admin2"] == KAFR_NABL_DISTRICT
    assert "2 women" in row["summary"]
    assert ranges_from_events(pending)["women_fatalities_max"] == 3

    # `veille incidents --format csv|geojson` carry the ranges and the summary, as the API's downloads
    code, out, err = run(capsys, "incidents", "--db", db, "--format", "csv")
    assert code == 0, err
    (line,) = list(csv.DictReader(io.StringIO(out)))
    assert (line["women_fatalities_min"], line["women_fatalities_max"]) == ("2", "3")
    assert (line["injured_min"], line["child_fatalities_min"]) == ("", "")
    assert line["admin2"] == KAFR_NABL_DISTRICT and line["summary"]
    code, out, err = run(capsys, "incidents", "--db", db, "--format", "geojson")
    assert code == 0, err
    (feature,) = json.loads(out)["features"]
    assert feature["properties"]["women_fatalities_max"] == 3
    assert feature["properties"]["summary"]


def store_query():  # type: ignore[no-untyped-def]
    from veille.store.base import IncidentQuery

    return IncidentQuery(limit=10)


def test_page_vendor_files_listed() -> None:
    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in VENDOR_FILES
    assert "vendor/world-atlas/countries-50m.json" in VENDOR_FILES
