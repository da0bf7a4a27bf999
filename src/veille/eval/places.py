"""Place-name folding for scoring: when do a gold and a predicted location name the same place?

The guide says two locations agree when they are the same place "after normalising accents,
case and transliteration", or when they share ``admin1`` and either side is located only at
that level. The folding here is deliberately simple and predictable; it is a scoring rule, not
a geocoder.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’ʼ‘`´"
_DASHES = "-‐‑‒–—"

REGION_WORDS = (
    "province",
    "region",
    "gouvernorat",
    "etat",
    "oblast",
    "wilaya",
    "prefecture",
    "departement",
)
"""Words that name a first-level region: "province de X" is located at admin1 level."""

PLACE_WORDS = (*REGION_WORDS, "ville", "localite", "village", "commune", "district", "cite")
"""Words stripped from the front of a name before comparing places ("ville de Hama" = "Hama")."""

_ARTICLE = r"(?:(?:la|le|les|l) )?"
_OF = r"(?:de la|du|des|de|d)"
_PREFIX_RE = re.compile(rf"^{_ARTICLE}(?:{'|'.join(PLACE_WORDS)}) {_OF} ")
_REGION_RE = re.compile(rf"(?:^|\b{_OF} ){_ARTICLE}(?:{'|'.join(REGION_WORDS)}) {_OF} \S")
_NAME_ARTICLE_RE = re.compile(r"\b(?:al|el|as|ash|ad|ar|az|an|at) (?=\S)")
_DOUBLE_RE = re.compile(r"(\w)\1+")
_TRANSLIT = (("tch", "ch"), ("sch", "sh"), ("ch", "sh"), ("dj", "j"), ("ou", "u"), ("y", "i"))


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def basic_fold(text: str) -> str:
    """Accents and case removed, apostrophes and hyphens become spaces, spaces squeezed."""
    out = strip_accents(text).casefold()
    for ch in _APOSTROPHES + _DASHES:
        out = out.replace(ch, " ")
    out = re.sub(r"[^\w ]+", " ", out)
    return " ".join(out.split())


@lru_cache(maxsize=4096)
def place_key(name: str | None) -> str:
    """The comparison key of a place name: folded, without "province de"/"ville de"-style
    prefixes, Arabic articles (al-, el-), with simple transliteration (ou/u, ch/sh, y/i) and
    doubled letters collapsed. ``"la province d'Idleb"`` and ``"Idleb"`` give the same key."""
    if not name:
        return ""
    out = basic_fold(name)
    out = _PREFIX_RE.sub("", out)
    out = _NAME_ARTICLE_RE.sub("", out)
    for src, dst in _TRANSLIT:
        out = out.replace(src, dst)
    return _DOUBLE_RE.sub(r"\1", out.replace(" ", ""))


@lru_cache(maxsize=4096)
def skeleton(name: str | None) -> str:
    """A looser key (consonants only) used to recognise a region's own name across languages:
    "Idleb"/"Idlib", "Alep"/"Aleppo", "Bagdad"/"Baghdad", "Taëz"/"Taizz"."""
    key = place_key(name)
    key = re.sub(r"[aeiouh]", "", key)
    return _DOUBLE_RE.sub(r"\1", key)


def admin1_key(name: str | None) -> str:
    return place_key(name)


def is_region_name(location: str | None) -> bool:
    """True when the name itself says it is a first-level region: "province de X",
    "région d'X", "gouvernorat de X", "Etat de X", also at the end of a longer phrase
    ("périphérie de la province d'Idleb")."""
    if not location:
        return False
    return bool(_REGION_RE.search(basic_fold(location)))


def located_at_admin1(location: str | None, admin1: str | None, geo_precision: object) -> bool:
    """Is this event located only at admin1 level?"""
    if geo_precision == 3:
        return True
    if is_region_name(location):
        return True
    if location and admin1:
        a, b = skeleton(location), skeleton(admin1)
        if a and a == b:
            return True
    return False


def same_place(a: str | None, b: str | None) -> bool:
    ka, kb = place_key(a), place_key(b)
    return bool(ka) and ka == kb


def same_admin1(a: str | None, b: str | None) -> bool:
    ka, kb = admin1_key(a), admin1_key(b)
    return bool(ka) and ka == kb
