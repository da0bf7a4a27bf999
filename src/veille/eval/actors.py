"""Actor labels compared as the annotation guide says: through ``actor_aliases.tsv``.

A state and its army are one actor ("Russia" = "Russian forces"); a joint label ("Syrian
government and Russia") is the set of its canonical labels, so word order does not matter.
The table ships with veille (``data/actor_aliases.tsv``, a copy of the spec's file); the
extractor's outputs and the gold are both mapped through it before comparing.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

ALIASES_PATH = Path(__file__).with_name("data") / "actor_aliases.tsv"
_JOINT = re.compile(r"\s+(?:and|et)\s+|\s*[,;/&]\s*")


def _fold(label: str) -> str:
    return " ".join(label.casefold().replace("’", "'").split())


@cache
def alias_table(path: Path = ALIASES_PATH) -> dict[str, str]:
    """Folded label -> canonical label, from a TSV of ``canonical<TAB>alias|alias``."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, _, aliases = line.partition("\t")
        canonical = canonical.strip()
        table[_fold(canonical)] = canonical
        for alias in aliases.split("|"):
            if alias.strip():
                table[_fold(alias)] = canonical
    return table


def canonical_actor(label: str) -> str:
    """The canonical label of one actor (itself when the table does not know it)."""
    return alias_table().get(_fold(label), label.strip())


def actor_set(label: str | None) -> frozenset[str]:
    """A label as the set of canonical actors it names; empty for null."""
    if not label or not label.strip():
        return frozenset()
    whole = alias_table().get(_fold(label))
    if whole is not None:  # a label that itself contains "and" but is one actor
        return frozenset({whole})
    parts = [p for p in _JOINT.split(label) if p.strip()]
    return frozenset(_fold(canonical_actor(p)) for p in parts)


def same_actor(gold: str | None, pred: str | None) -> bool:
    """Equal after alias mapping, joint labels as sets (null equals only null)."""
    return actor_set(gold) == actor_set(pred)
