"""The geocoder on the packaged gazetteer (no mocks): spellings, context, bad input, API."""

from __future__ import annotations

import json

import pytest

from veille.cli import main
from veille.geo import GeoContext, distance_km, fold, get_geocoder


@pytest.fixture(scope="module")
def gc():  # type: ignore[no-untyped-def]
    return get_geocoder()


# Reference coordinates checked against GeoNames / Who's On First records.
REFERENCE = [
    ("Alep", 36.2021, 37.1343, "Aleppo", "SY"),
    ("Lattaquié", 35.5317, 35.7901, "Latakia", "SY"),
    ("Maaret al-Noomane", 35.6438, 36.6709, "Idlib", "SY"),
    ("Latamné", 35.3214, 36.6229, "Hama", "SY"),
    ("Hbit", 35.4386, 36.5383, "Idlib", "SY"),
    ("Mossoul", 36.3350, 43.1189, "Nineveh", "IQ"),
    ("Tombouctou", 16.7735, -3.0074, "Timbuktu", "ML"),
    ("Bakhmout", 48.5956, 38.0003, "Donetsk", "UA"),
    ("Kaboul", 34.5281, 69.1723, "Kabul", "AF"),
    ("Bagdad", 33.3406, 44.4009, "Baghdad", "IQ"),
    ("El-Fasher", 13.6279, 25.3494, "North Darfur", "SD"),
    ("Jénine", 32.4604, 35.2999, "West Bank", "PS"),
]


@pytest.mark.parametrize(("name", "lat", "lon", "admin1", "cc"), REFERENCE)
def test_french_spellings_resolve_within_10_km(gc, name, lat, lon, admin1, cc) -> None:  # type: ignore[no-untyped-def]
    ctx = GeoContext(countries={cc}, admin1s={(cc, admin1)})  # as a document naming its region
    place = gc.lookup(name, ctx)
    assert place.status == "resolved", place
    assert place.country_code == cc
    assert place.admin1 == admin1
    assert distance_km(place.lat, place.lon, lat, lon) < 10, place


def test_bakhmout_is_not_siversk(gc) -> None:  # type: ignore[no-untyped-def]
    place = gc.lookup("Bakhmout")
    siversk = (48.8667, 38.1000)
    assert distance_km(place.lat, place.lon, *siversk) > 20
    siversk_place = gc.lookup("Siversk", GeoContext(countries={"UA"}))
    assert distance_km(siversk_place.lat, siversk_place.lon, *siversk) < 10


def test_region_and_country_levels(gc) -> None:  # type: ignore[no-untyped-def]
    p = gc.lookup("province d'Idleb")
    assert (p.level, p.admin1, p.country, p.country_code, p.precision) == (
        "admin1",
        "Idlib",
        "Syria",
        "SY",
        3,
    )
    p = gc.lookup("Syrie")
    assert (p.level, p.admin1, p.country, p.precision) == ("country", None, "Syria", 3)
    p = gc.lookup("extrême sud-est de la province d'Idleb")
    assert (p.admin1, p.precision) == ("Idlib", 2)
    p = gc.lookup("Deir Ezzor")
    assert p.admin1 == "Deir ez-Zor"


@pytest.mark.parametrize(
    ("name", "cc"), [("إدلب", "SY"), ("Бахмут", "UA"), ("Донецьк", "UA"), ("الموصل", "IQ")]
)
def test_arabic_and_cyrillic_names(gc, name, cc) -> None:  # type: ignore[no-untyped-def]
    place = gc.lookup(name)
    assert place.status == "resolved" and place.country_code == cc, place


@pytest.mark.parametrize(
    "name",
    [
        "zzzz",
        "Observatoire",
        "Donald Trump",
        "Casques blancs",
        "",
        "   ",
        "x" * 50_000,
        "東京都庁",
        "🙂",
        "Qwxzvbnmk",
    ],
)
def test_unknown_and_odd_names_say_unknown(gc, name) -> None:  # type: ignore[no-untyped-def]
    place = gc.lookup(name)
    assert place.status == "unknown"
    assert place.lat is None and place.admin1 is None


def test_context_decides_between_namesakes(gc) -> None:  # type: ignore[no-untyped-def]
    chad = gc.lookup("Kaya", GeoContext(countries={"TD"}, admin1s={("TD", "Lac")}))
    burkina = gc.lookup("Kaya", GeoContext(countries={"BF"}))
    assert chad.country_code == "TD" and chad.admin1 == "Lac"
    assert burkina.country_code == "BF"
    mann = gc.lookup("Mann", GeoContext(countries={"CF"}))
    assert (mann.status, mann.admin1, mann.canonical) == ("resolved", "Ouham-Pende", "Mann")


def test_country_of_text_token(gc) -> None:  # type: ignore[no-untyped-def]
    assert gc.country_of_text_token("syriennes") == "SY"
    assert gc.country_of_text_token("Syrie") == "SY"
    assert gc.country_of_text_token("afghane") == "AF"
    assert gc.country_of_text_token("RDC") == "CD"
    assert gc.country_of_text_token("maison") is None


def test_dev_gold_admin1(gc, dev_gold_path) -> None:  # type: ignore[no-untyped-def]
    """Gold locations looked up in their document's context: admin1 and country agree.
    Issue 3 asks for 0.90; measured 0.91 (64/70)."""
    ok = total = 0
    for line in dev_gold_path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        ctx = gc.context_from_text(doc["text"])
        for event in doc["events"]:
            place = gc.lookup(event["location"], ctx)
            total += 1
            ok += fold(place.admin1 or "") == fold(event["admin1"] or "") and (
                place.country == event["country"]
            )
    assert total >= 60
    assert ok / total >= 0.90, f"admin1 accuracy {ok}/{total}"


def test_cli_geocode(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["geocode", "Alep", "--country", "SY"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["admin1"] == "Aleppo" and out["geo_precision"] == 1


def test_cli_geocode_jsonl(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import io

    lines = '{"name": "Kaboul", "country": "AF"}\n{"name": "zzzz"}\n'
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["geocode", "-"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["status"] for r in rows] == ["resolved", "unknown"]
    assert rows[0]["country_code"] == "AF"
