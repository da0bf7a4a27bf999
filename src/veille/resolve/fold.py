"""Text folding shared by copy detection and incident merging: accents, case, punctuation,
and for place names the French/English transliteration differences news spelling shows."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from veille.resolve.rules import PLACE_ARTICLES, PLACE_PREFIXES, REGION_WORDS

_APOSTROPHES = re.compile(r"[’'`´ʼ]")
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_DOUBLE = re.compile(r"([a-z])\1+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_text(text: str) -> str:
    """Lower case, no accents, punctuation and apostrophes to spaces, spaces collapsed."""
    t = strip_accents(text.lower())
    t = _APOSTROPHES.sub(" ", t)
    t = _NON_WORD.sub(" ", t)
    return _SPACES.sub(" ", t).strip()


def place_words(name: str) -> list[str]:
    """Folded words of a place name without prefixes ("province de", "la ville de") and
    Arabic articles (al-, el-, an-...)."""
    t = " " + fold_text(name) + " "
    changed = True
    while changed:
        changed = False
        for prefix in PLACE_PREFIXES:
            if t.startswith(" " + prefix + " "):
                t = t[len(prefix) + 1 :]
                changed = True
    return [w for w in t.split() if w not in PLACE_ARTICLES]


@lru_cache(maxsize=1 << 16)
def place_key(name: str | None) -> str:
    """Comparable key for a place name: "Maaret al-Noomane" and "Maarat al Numan" meet."""
    if not name:
        return ""
    out = []
    for w in place_words(name):
        w = w.replace("ou", "u").replace("sh", "ch").replace("kh", "k").replace("dh", "d")
        w = w.replace("y", "i").replace("ee", "i").replace("oo", "u")
        w = _DOUBLE.sub(r"\1", w)
        if len(w) > 3 and w.endswith("e"):
            w = w[:-1]
        out.append(w)
    return " ".join(out)


@lru_cache(maxsize=1 << 16)
def names_region(name: str | None) -> bool:
    """True when a place name is written as a region ("province d'Idleb", "région de Mopti")."""
    if not name:
        return False
    first = fold_text(name).split(" ", 1)[0]
    return first in REGION_WORDS
