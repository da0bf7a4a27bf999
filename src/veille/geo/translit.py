"""Loose keys for transliterated names: the geocoder's last, country-restricted pass.

:func:`veille.geo.fold.fold` already makes "Maaret al-Noomane" and "Ma'arrat an-Nu'man" close;
reporters go further: articles glued on ("Elharir"), generic heads spelt many ways ("Tall"/"Tell",
"Khirbat"/"Kherbet", "ʿAyn"/"Ein"), another vowel first ("Umm"/"Om"). :func:`loose_keys` maps a
folded key to the consonant frames such spellings share: head words normalised, vowels dropped,
doubled letters single. w and y written for vowels ("Tuwayni"/"Tueini") are left to the
geocoder's edit-distance pass on frames.
The language data is ``data/translit.yaml``; the gazetteer file is not affected (the loose
index is built from its keys on first use), so changing the data needs no rebuild.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from veille.errors import GazetteerError

DATA_PACKAGE = "veille.geo.data"
TRANSLIT_FILE = "translit.yaml"
MIN_LOOSE = 2
"""Loose frames shorter than this match too many places to be worth a look."""
MIN_LETTERS = 4
"""Keys of fewer letters get no loose frame: "Bab" and "Bob" are different places."""
_DOUBLE = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Translit:
    """The data of ``translit.yaml``."""

    glued: tuple[str, ...]  # longest first
    glued_min_rest: int
    heads: dict[str, str]  # folded variant -> normal form
    drop: frozenset[str]  # letters the frame drops


@lru_cache(maxsize=1)
def translit_data() -> Translit:
    """Load and check ``data/translit.yaml`` once per process."""
    path = resources.files(DATA_PACKAGE) / TRANSLIT_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        heads = {
            str(v): str(norm) for norm, forms in data["heads"].items() for v in [norm, *forms]
        }
        glued = tuple(sorted((str(a) for a in data["glued_articles"]), key=len, reverse=True))
        return Translit(glued, int(data["glued_min_rest"]), heads, frozenset(str(data["vowels"])))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GazetteerError(f"{TRANSLIT_FILE}: unreadable transliteration data: {exc}") from None


def unglued(folded: str, data: Translit | None = None) -> str | None:
    """The key without an article glued to its first word ("elharir" -> "harir"), or None when
    it has none: the article must be followed by a consonant and leave enough letters."""
    if data is None:
        return _unglued(folded)
    return _strip_glued(folded, data)


@lru_cache(maxsize=65536)
def _unglued(folded: str) -> str | None:
    return _strip_glued(folded, translit_data())


def _strip_glued(folded: str, data: Translit) -> str | None:
    first, _, rest = folded.partition(" ")
    for art in data.glued:
        if not first.startswith(art):  # most names: no slicing
            continue
        tail = first[len(art) :]
        if len(tail) >= data.glued_min_rest and tail[0] not in "aeiou" and tail.isalpha():
            return f"{tail} {rest}".strip()
    return None


@lru_cache(maxsize=65536)
def frame(folded: str) -> str:
    """The loose consonant frame of one folded key: head words normalised, the first letter
    kept (any vowel as "a": "Umm"/"Om", "Ain"/"Ein"), later vowels dropped, doubled letters
    single. "tel abiad", "tall abyad" -> "tlbd"; "om batna", "umm batna" -> "ambtn"."""
    data = translit_data()
    joined = "".join(data.heads.get(w, w) for w in folded.split())
    if not joined:
        return ""
    first = "a" if joined[0] in data.drop else joined[0]
    rest = "".join(ch for ch in joined[1:] if ch not in data.drop)
    return _DOUBLE.sub(r"\1", first + rest)


def loose_keys(folded: str) -> tuple[str, ...]:
    """The loose frames of a folded key: its own and, with a glued article, the frame without
    it. Frames shorter than MIN_LOOSE letters, or of non-Latin keys, are left out."""
    letters = folded.replace(" ", "")
    if not letters.isascii() or len(letters) < MIN_LETTERS:
        return ()
    out = [frame(folded)]
    bare = unglued(folded)
    if bare:
        out.append(frame(bare))
    return tuple(dict.fromkeys(f for f in out if len(f) >= MIN_LOOSE))
