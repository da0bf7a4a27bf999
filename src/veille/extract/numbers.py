"""Numbers as news writes them: digits with thousands separators, number words, "une dizaine".

All vocabulary comes from ``lang/<code>/numbers.yaml``; this module only knows how number words
compose (units, tens, hundreds, thousands), which is the same shape in French and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from veille.lexicon import load_yaml

DEFAULT_SEPARATORS = ".\u00a0\u202f "


def digits_pattern(separators: str) -> str:
    """Digits with the language's thousands separators: "240.000" in French, "1,200" in English."""
    sep = re.escape(separators)
    return rf"\d{{1,3}}(?:[{sep}]\d{{3}})+(?![\d,.]\d)|\d+(?![\d,.]\d)"


@dataclass(frozen=True, slots=True)
class NumberVocabulary:
    """Compiled number vocabulary for one language."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    approximate: dict[str, int]
    vague: frozenset[str]
    pattern: re.Pattern[str]
    """Matches one number expression; groups: ``bound``, ``digits``, ``words``, ``approx``,
    ``vague``."""


@cache
def vocabulary(lang: str) -> NumberVocabulary:
    data = load_yaml(lang, "numbers.yaml")
    units = {k.lower(): int(v) for k, v in data["units"].items()}
    tens = {k.lower(): int(v) for k, v in data["tens"].items()}
    scales = {k.lower(): int(v) for k, v in data.get("scales", {}).items()}
    approximate = {k.lower(): int(v) for k, v in data["approximate"].items()}
    vague = frozenset(w.lower() for w in data["vague"])
    bounds = [re.escape(b) for b in data.get("lower_bound", [])]
    separators = data.get("thousands_separators", DEFAULT_SEPARATORS)
    articles = "|".join(data.get("approximate_articles", ["une?", "an?"]))
    partitives = "|".join(data.get("vague_articles", ["des", "de", "d'", "les\\s+"]))
    word_alt = "|".join(
        sorted((re.escape(w) for w in [*units, *tens, *scales]), key=len, reverse=True)
    )
    number_word = rf"(?:{word_alt})"
    words = rf"{number_word}(?:[\s-]+(?:(?:et|and)[\s-]+)?{number_word})*"
    approx_alt = "|".join(re.escape(w) + "s?" for w in approximate)
    vague_alt = "|".join(re.escape(w) for w in sorted(vague, key=len, reverse=True))
    bound = rf"(?:(?P<bound>{'|'.join(bounds)})\s+)?" if bounds else ""
    pattern = re.compile(
        rf"(?<![\w-]){bound}(?:"
        rf"(?P<approx>(?:{articles})\s+(?:{approx_alt}))"
        rf"|(?P<vague>(?:{partitives})?\s*(?:{vague_alt}))"
        rf"|(?P<digits>{digits_pattern(separators)})"
        rf"|(?P<words>{words})"
        rf")(?![\w])",
        re.IGNORECASE,
    )
    return NumberVocabulary(units, tens, scales, approximate, vague, pattern)


def parse_digits(text: str) -> int:
    """``"240.000"`` -> 240000, ``"3 157"`` -> 3157, ``"1,200"`` -> 1200."""
    return int(re.sub(r"[^\d]", "", text))


def parse_words(text: str, vocab: NumberVocabulary) -> int | None:
    """Compose number words: ``"dix-sept"`` -> 17, ``"quatre-vingt-dix"`` -> 90,
    ``"deux cents"`` -> 200, ``"trois mille"`` -> 3000. None when a word is unknown."""
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if not word or word in ("et", "and"):
            continue
        if word in vocab.units:
            current += vocab.units[word]
        elif word in vocab.tens:
            value = vocab.tens[word]
            # "quatre-vingt(s)": a unit before twenty multiplies it
            if value == 20 and 1 < current < 10:
                current *= 20
            else:
                current += value
        elif word.rstrip("s") in vocab.tens:
            current = current * 20 if 1 < current < 10 else current + vocab.tens[word.rstrip("s")]
        elif word in vocab.scales:
            scale = vocab.scales[word]
            if not seen and word.endswith("s"):
                return None  # "millions" alone is a vague quantity, not one million
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_match(match: re.Match[str], vocab: NumberVocabulary) -> int | None:
    """Value of a match of ``vocab.pattern``: an int, or None for a vague quantity."""
    if match.group("digits"):
        return parse_digits(match.group("digits"))
    if match.group("approx"):
        noun = match.group("approx").split()[-1].lower().rstrip("s")
        for key, value in vocab.approximate.items():
            if key.rstrip("s") == noun:
                return value
        return None
    if match.group("words"):
        return parse_words(match.group("words"), vocab)
    return None


def parse_number(text: str, lang: str = "fr") -> int | None:
    """Parse a whole string as one number expression (for tests and callers with a span)."""
    vocab = vocabulary(lang)
    m = vocab.pattern.fullmatch(text.strip())
    return parse_match(m, vocab) if m else None
