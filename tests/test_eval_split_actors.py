"""The blind split is stable and about a quarter; actors compare through actor_aliases.tsv."""

from __future__ import annotations

import pytest

from veille.eval.actors import actor_set, canonical_actor, same_actor
from veille.eval.split import in_split, split_of


def test_split_is_a_stable_quarter() -> None:
    ids = [f"doc-{n}" for n in range(4000)]
    blind = [i for i in ids if split_of(i) == "blind"]
    assert 0.22 < len(blind) / len(ids) < 0.28
    assert [split_of(i) for i in ids[:50]] == [split_of(i) for i in ids[:50]]
    # a known id keeps its side forever: the split must never move under the corpus
    assert split_of("n-sy-005") == "tune"
    assert all(in_split(i, "all") for i in ids[:10])
    assert all(in_split(i, "blind") != in_split(i, "tune") for i in ids[:200])


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [
        ("Russia", "Russian forces", True),
        ("Syrian government", "Syrian army", True),
        ("Syrian government and Russia", "Russia and Syrian army", True),
        ("Islamic State", "ISIS", True),
        ("Unidentified", "Unidentified gunmen", True),
        ("Russia", "Ukraine", False),
        ("HTS and Rebels", "HTS", False),
        (None, None, True),
        ("Israel", None, False),
        ("Bab al-Tabbaneh gunmen", "bab al-tabbaneh gunmen", True),
    ],
)
def test_actor_comparison(gold: str | None, pred: str | None, same: bool) -> None:
    assert same_actor(gold, pred) is same


def test_canonical_labels() -> None:
    assert canonical_actor("IDF") == "Israel"
    assert canonical_actor("Some new militia") == "Some new militia"
    assert actor_set("") == frozenset()
