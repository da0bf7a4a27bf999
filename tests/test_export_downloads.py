"""Downloads of exactly what the filters select: /api/incidents.csv, /api/incidents.geojson and
/api/export/acled.csv against the JSON answer of /api/incidents, on the real server."""

from __future__ import annotations

import csv
import io

import httpx
import pytest


def all_ids(base: str, params: dict[str, str]) -> list[int]:
    ids: list[int] = []
    while True:
        page = httpx.get(f"{base}/api/incidents", params={**params, "limit": 50, "offset": len(ids)}).json()
        ids += [r["id"] for r in page["items"]]
        if len(ids) >= page["total"]:
            return ids


@pytest.mark.parametrize("params", [{}, {"since": "2025-01-01"}, {"country": "Irak", "min_fatalities": "1"},
                                    {"bbox": "30,30,50,40", "type": "Explosions/Remote violence"}])  # fmt: skip
def test_csv_and_geojson_match_the_json_answer(api_server, params):
    expected = all_ids(api_server, params)
    got = httpx.get(f"{api_server}/api/incidents.csv", params=params, timeout=30)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert [int(r["id"]) for r in rows] == expected
    assert all(r["summary"] for r in rows)
    fc = httpx.get(f"{api_server}/api/incidents.geojson", params=params, timeout=30).json()
    assert fc["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in fc["features"]] == expected


def test_acled_download_and_json_fields(api_server, api_db):
    known = api_db[1]
    got = httpx.get(f"{api_server}/api/export/acled.csv", params={"since": "2025-01-01"})
    assert got.status_code == 200 and got.headers["x-veille-undated"] == "0"
    rows = {r["veille_incident_id"]: r for r in csv.DictReader(io.StringIO(got.text))}
    assert set(rows) == {str(k.id) for k in known.values()}
    assert rows[str(known["ariha"].id)]["iso3"] == "SYR"
    assert rows[str(known["ariha"].id)]["admin2"] == "Ariha"  # the district, when known
    assert rows[str(known["baqouba"].id)]["admin2"] == ""
    ariha_women = (rows[str(known["ariha"].id)]["women_fatalities_min"], rows[str(known["ariha"].id)]["women_fatalities_max"])
    assert ariha_women == ("2", "3")
    page = httpx.get(f"{api_server}/api/incidents", params={"since": "2025-01-01"}).json()
    baq = next(r for r in page["items"] if r["id"] == known["baqouba"].id)
    assert (baq["injured_min"], baq["injured_max"]) == (30, 30)
    ariha = next(r for r in page["items"] if r["id"] == known["ariha"].id)
    assert (ariha["women_fatalities_min"], ariha["women_fatalities_max"], ariha["admin2"]) == (2, 3, "Ariha")
    assert (baq["women_fatalities_min"], baq["women_fatalities_max"]) == (None, None)
    detail = httpx.get(f"{api_server}/api/incidents/{baq['id']}").json()
    assert detail["injured_max"] == 30
    assert detail["summary"] == rows[str(baq["id"])]["notes"]
    assert detail["summary"].startswith("On 7 May 2025, a suicide bomber of Islamic State struck in Baqouba")


def test_download_with_a_bad_filter_is_a_422(api_server):
    got = httpx.get(f"{api_server}/api/incidents.csv", params={"since": "2024-13-45"})
    assert got.status_code == 422 and got.json()["error"]["details"][0]["param"] == "since"


def test_countries_present_with_both_names(api_server):
    rows = httpx.get(f"{api_server}/api/countries").json()
    by_cc = {r["cc"]: r for r in rows}
    assert by_cc["IQ"]["name_fr"] == "Irak" and by_cc["IQ"]["name_en"] == "Iraq"
    assert by_cc["SY"]["name_fr"] == "Syrie" and by_cc["SY"]["incidents"] >= 1
    total = httpx.get(f"{api_server}/api/incidents", params={"limit": 1}).json()["total"]
    assert sum(r["incidents"] for r in rows) <= total
