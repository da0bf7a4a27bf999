"""Place folding used by the scorer: which spellings name the same place."""

from __future__ import annotations

import pytest

from veille.eval.places import (
    is_region_name,
    located_at_admin1,
    place_key,
    same_admin1,
    same_place,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Idleb", "idleb"),
        ("province d'Idleb", "Idleb"),
        ("province d’Idleb", "la province d'Idleb"),
        ("ville de Hama", "Hama"),
        ("région de Mopti", "Mopti"),
        ("gouvernorat de Taëz", "Taez"),
        ("Latamné", "Latamne"),
        ("Maaret al-Noomane", "Maaret Noomane"),
        ("El-Fasher", "Fasher"),
        ("Khan Cheikhoun", "Khan Sheikhoun"),
        ("Tchernihivka", "Chernihivka"),
        ("Drouzhkivka", "Druzhkivka"),
        ("Deir ez-Zor", "Deir Ezzor"),
        ("Iassinovataïa", "Iassinovataia"),
    ],
)
def test_same_place(a: str, b: str) -> None:
    assert same_place(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hama", "Homs"),
        ("Mansoura", "Daret Ezza"),
        ("Kaboul", "Kandahar"),
        ("Idleb", None),
        (None, None),
        ("", ""),
    ],
)
def test_different_places(a: str | None, b: str | None) -> None:
    assert not same_place(a, b)


def test_place_key_is_stable_and_compact() -> None:
    assert place_key("  La  Province   d'IDLEB ") == place_key("Idleb") == "idleb"
    assert place_key(None) == ""


@pytest.mark.parametrize(
    "name",
    [
        "province de Hama",
        "province d'Idleb",
        "région de Mopti",
        "gouvernorat de Taëz",
        "Etat de Borno",
        "État du Kordofan-Sud",
        "périphérie de la province d'Idleb",
    ],
)
def test_region_names(name: str) -> None:
    assert is_region_name(name)


@pytest.mark.parametrize("name", ["Hama", "ville de Hama", "Provinceville", "sud du Liban", None])
def test_not_region_names(name: str | None) -> None:
    assert not is_region_name(name)


def test_located_at_admin1() -> None:
    # the location is the region's own name, in another spelling
    assert located_at_admin1("Idleb", "Idlib", None)
    assert located_at_admin1("Alep", "Aleppo", None)
    assert located_at_admin1("Donetsk", "Donetsk", None)
    # a region prefix, or geo_precision 3
    assert located_at_admin1("province de Hama", "Hama", None)
    assert located_at_admin1("Hbit", "Idlib", 3)
    # a town inside the region is not
    assert not located_at_admin1("Latamné", "Hama", None)
    assert not located_at_admin1("Hbit", "Idlib", 1)
    assert not located_at_admin1("Kaboul", None, None)


def test_same_admin1_folds() -> None:
    assert same_admin1("Deir ez-Zor", "deir ez zor")
    assert same_admin1("Salah al-Din", "Salah Din")
    assert not same_admin1("Idlib", "Hama")
    assert not same_admin1(None, None)
