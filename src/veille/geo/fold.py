"""Name folding: turn a place name as written into keys that match across spellings.

Two keys, both computed the same way at gazetteer build time and at lookup time:

- :func:`fold` removes what never distinguishes two places: accents, case, hyphens, apostrophes,
  Arabic articles (al-, el-, an-, ash-...) and the French/English transliteration habits
  (ou/u, ch/sh, dj/j, tch/ch, zh/j, doubled letters, a final -e, q/k, ph/f). "Maaret al-Noomane"
  and "Ma'arrat an-Nu'man" fold to "maret noman" and "marat numan".
- :func:`skeleton` keeps only the consonant frame of :func:`fold` ("mrtnmn" for both), a coarser
  key used as a second, cheaper-than-fuzzy pass.

Arabic and Cyrillic stay in their script: Arabic loses its short vowels, tatweel, alef variants
and the article ال; Cyrillic is lowercased (ё -> е).

The gazetteer file stores folded keys, so any change here must bump :data:`FOLD_VERSION` and the
gazetteer must be rebuilt (``scripts/build_gazetteer.py``); the loader refuses a mismatch.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

FOLD_VERSION = 4
"""Bump whenever :func:`fold` or :func:`skeleton` changes what they return."""

ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "an",
        "en",
        "ad",
        "ed",
        "ud",
        "ar",
        "er",
        "ur",
        "as",
        "es",
        "us",
        "ash",
        "esh",
        "at",
        "et",
        "ath",
        "adh",
        "az",
        "ez",
        "ag",
        "ak",
        "aj",
        "ay",
    ]
)
"""Arabic article forms (with sun-letter assimilation) as they appear in Latin transliteration,
once hyphens have become spaces. Removed only when another word follows."""

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
        "ʿ": "",
        "ʾ": "",
        "ʼ": "",
        "‘": "",
        "’": "",
        "`": "",
        "´": "",
        "'": "",
        "ʻ": "",
        "ё": "е",
        "ـ": "",  # Arabic tatweel
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
    }
)

# Ordered transliteration rules on one Latin word. Each maps French or English habits to one form.
# The third item is a substring without which the rule cannot match: rules whose trigger is absent
# are skipped (most are, on any one word), the rest apply in order as before.
_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p), r, t)
    for p, r, t in (
        (r"tch", "ch", "tch"),  # Tchernihiv / Chernihiv
        (r"dj", "j", "dj"),  # Djouba / Juba
        (r"dh", "d", "dh"),  # Dhamar / Damar
        (r"zh", "j", "zh"),  # Zaporizhia / Zaporijia
        (r"kh", "k", "kh"),  # Kharkiv / Karkiv (French drops h rarely; keep both on one side)
        (r"sch", "sh", "sch"),
        (r"ch", "sh", "ch"),  # Cheikh / Sheikh
        (r"ph", "f", "ph"),
        (r"ou(?=[aeiy])", "w", "ou"),  # Ouaddai / Waddai
        (r"ou", "u", "ou"),  # Mossoul / Mosul
        (r"ck", "k", "ck"),
        (r"q", "k", "q"),
        (r"c(?=[^eiy]|$)", "k", "c"),  # Tombouctou / Timbuktu
        (r"y", "i", "y"),
        (r"ee", "i", "ee"),
        (r"(.)\1+", r"\1", ""),  # doubled letters
        (r"(?<=....)e$", "", "e"),  # final -e of 5+ letter words: Jenine / Jenin (not Bole / Bol)
        (r"(?<=..[aeiou])h$", "", "h"),  # final -ah/-eh: Lataminah / Latamina
    )
)

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_LATIN = re.compile(r"^[a-z0-9]+$")
_VOWELS = re.compile(r"[aeiouh]")
_SPACE = re.compile(r"\s+")
MAX_INPUT = 200
"""Longer inputs are cut: no place name is that long, and folding must stay cheap."""


def _strip_marks(text: str) -> str:
    if text.isascii():  # nothing to decompose (most names): skip the per-character pass
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    if not _LATIN.match(word):
        if word.startswith("ال") and len(word) > 3:  # Arabic article
            return word[2:]
        return word
    for pattern, repl, trigger in _RULES:
        if trigger in word:  # "" (always) for the doubled-letters rule
            word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The matching key of a name: lowercase words without accents, articles or
    transliteration variants, joined by single spaces. Empty for a name with no letters."""
    text = _strip_marks(name[:MAX_INPUT]).lower().translate(_SPECIAL)
    words = [w for w in _NON_WORD.sub(" ", text).replace("_", " ").split() if w]
    if len(words) > 1:
        kept = [w for i, w in enumerate(words) if not (w in ARTICLES and i < len(words) - 1)]
        words = kept or words
    return " ".join(_fold_word(w) for w in words)


@lru_cache(maxsize=65536)
def skeleton(folded: str) -> str:
    """The consonant frame of a folded key, words joined, first letter kept:
    "hbit" and "habit" -> "hbt"; "deir ezor" and "deir zor" -> "drzr".
    Non-Latin keys are returned without spaces."""
    joined = folded.replace(" ", "")
    if not _LATIN.match(joined):
        return joined
    return re.sub(r"(.)\1+", r"\1", joined[0] + _VOWELS.sub("", joined[1:]))


def is_latin(folded: str) -> bool:
    """True when every word of a folded key is plain a-z/0-9."""
    return all(_LATIN.match(w) for w in folded.split())


def normalise_spaces(text: str) -> str:
    """Collapse runs of white space to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()
