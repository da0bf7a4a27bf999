"""The packaged gazetteer file: it loads, its data is sound, and a bad file fails loudly."""

from __future__ import annotations

import lzma
import pickle
from pathlib import Path

import pytest
import yaml

from veille.errors import GazetteerError
from veille.geo import get_geocoder
from veille.geo.gazetteer import FORMAT, default_path, load_gazetteer

DATA = Path(default_path()).parent


@pytest.fixture(scope="module")
def gz():  # type: ignore[no-untyped-def]
    return get_geocoder().gz


def test_packaged_file_is_small_and_attributed() -> None:
    assert default_path().stat().st_size < 20_000_000
    attribution = (DATA / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for credit in (
        "Who's On First",
        "CC0",
        "GeoNames",
        "CC BY",
        "Yahoo! GeoPlanet",
        "quattroshapes",
    ):
        assert credit in attribution


def test_every_curated_admin1_is_a_region_of_the_gazetteer(gz) -> None:  # type: ignore[no-untyped-def]
    curated = yaml.safe_load((DATA / "admin1.yaml").read_text(encoding="utf-8"))
    ids = set(gz.ids)
    for cc, regions in curated.items():
        for wof_id, names in regions.items():
            assert str(wof_id) in ids, (cc, wof_id)
            assert names and all(isinstance(n, str) for n in names)


def test_admin1_names_in_gold_style(gz) -> None:  # type: ignore[no-untyped-def]
    gold = {
        ("SY", "Idlib"),
        ("SY", "Hama"),
        ("SY", "Aleppo"),
        ("SY", "Deir ez-Zor"),
        ("SY", "Rural Damascus"),
        ("IQ", "Baghdad"),
        ("IQ", "Salah al-Din"),
        ("ML", "Mopti"),
        ("NE", "Tillaberi"),
        ("NG", "Borno"),
        ("YE", "Taizz"),
        ("YE", "Al Jawf"),
        ("YE", "Saada"),
        ("UA", "Donetsk"),
        ("SD", "North Darfur"),
        ("AF", "Kunduz"),
        ("AF", "Badakhshan"),
        ("AF", "Zabul"),
        ("AF", "Faryab"),
        ("AF", "Kabul"),
        ("TD", "Lac"),
        ("CF", "Ouham-Pende"),
        ("PS", "West Bank"),
        ("MZ", "Cabo Delgado"),
        ("BF", "Boucle du Mouhoun"),
        ("BF", "Sahel"),
        ("LB", "Mount Lebanon"),
    }
    missing = {pair for pair in gold if gz.admin1_row(*pair) is None}
    assert not missing
    wof_countries = {
        "AF",
        "BF",
        "CD",
        "CF",
        "ET",
        "IL",
        "IQ",
        "JO",
        "LB",
        "LY",
        "ML",
        "MM",
        "MZ",
        "NE",
        "NG",
        "PS",
        "SD",
        "SO",
        "SS",
        "SY",
        "TD",
        "TR",
        "UA",
        "YE",
    }
    for (cc, name), _row in gz.admin1_index.items():
        if cc in wof_countries:
            assert name.isascii() and name.strip() == name, (cc, name)


def test_country_names_in_gold_style() -> None:
    gc = get_geocoder()
    assert gc.country_name("SY") == "Syria"
    assert gc.country_name("PS") == "Palestine"
    assert gc.country_name("CF") == "Central African Republic"
    assert gc.country_name("SO") == "Somalia"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="missing"):
        load_gazetteer(tmp_path / "nope.pkl.xz")


def test_corrupt_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pkl.xz"
    bad.write_bytes(b"not xz at all")
    with pytest.raises(GazetteerError, match="corrupt"):
        load_gazetteer(bad)


def test_file_with_foreign_objects_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "evil.pkl.xz"
    with lzma.open(bad, "wb") as fh:
        pickle.dump({"format": FORMAT, "fold_version": 0, "fields": Path("/")}, fh)
    with pytest.raises(GazetteerError, match="corrupt"):
        load_gazetteer(bad)


def test_stale_fold_version_is_refused(tmp_path: Path) -> None:
    stale = tmp_path / "stale.pkl.xz"
    with lzma.open(stale, "wb") as fh:
        pickle.dump({"format": FORMAT, "fold_version": -1, "fields": {}}, fh)
    with pytest.raises(GazetteerError, match="rebuild"):
        load_gazetteer(stale)
