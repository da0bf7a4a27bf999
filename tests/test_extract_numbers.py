"""Number expressions as French news writes them."""

import pytest

from veille.extract.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("240.000", 240000),
        ("3 157", 3157),
        ("15.899", 15899),
        ("dix-sept", 17),
        ("vingt et un", 21),
        ("quatre-vingt-dix", 90),
        ("soixante-dix", 70),
        ("deux cents", 200),
        ("trois mille", 3000),
        ("un", 1),
        ("une", 1),
        ("une dizaine", 10),
        ("une douzaine", 12),
        ("une vingtaine", 20),
        ("une centaine", 100),
        ("au moins 66", 66),
        ("plus de dix", 10),
    ],
)
def test_numbers(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["des dizaines", "plusieurs", "de nombreux", "des centaines", "millions"])
def test_vague_quantities_give_no_figure(text: str) -> None:
    assert parse_number(text) is None
