"""Who the text credits for the facts: "selon l'OSDH", "a indiqué un responsable", "d'après".

Vocabulary: ``lang/<code>/claims.yaml``. Known organisations are normalised ("l'Observatoire
syrien des droits de l'Homme" -> "OSDH"); other sources are kept as written, trimmed. A pronoun
("a-t-il ajouté") or an anaphor ("l'ONG") refers back to the last source named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from veille.lexicon import load_yaml

MAX_SOURCE_WORDS = 6


@dataclass(frozen=True, slots=True)
class ClaimLexicon:
    cues: tuple[re.Pattern[str], ...]
    sources: tuple[tuple[str, re.Pattern[str]], ...]
    leading_articles: re.Pattern[str]
    name_end: re.Pattern[str]
    pronouns: frozenset[str]


@cache
def lexicon(lang: str) -> ClaimLexicon:
    data = load_yaml(lang, "claims.yaml")
    return ClaimLexicon(
        cues=tuple(re.compile(p, re.IGNORECASE) for p in data["cue_patterns"]),
        sources=tuple(
            (s["label"], re.compile("|".join(s["patterns"]), re.IGNORECASE)) for s in data["sources"]
        ),
        leading_articles=re.compile(
            "^(?:" + "|".join(re.escape(a) for a in data.get("leading_articles", [])) + ")", re.IGNORECASE
        ),
        name_end=re.compile(r"\s+(?:" + "|".join(data.get("name_ends_before", ["\x00"])) + r")\s+", re.IGNORECASE),
        pronouns=frozenset(p.lower() for p in data.get("pronouns", [])),
    )


def normalise_source(who: str, lang: str = "fr") -> str | None:
    """A canonical label for a known source, the trimmed phrase otherwise, None if empty."""
    lex = lexicon(lang)
    for label, pattern in lex.sources:
        if pattern.search(who):
            return label
    words = lex.leading_articles.sub("", who.strip())
    words = lex.name_end.split(words)[0]
    tokens = words.split()
    if not tokens or len(tokens) > MAX_SOURCE_WORDS:
        return None
    return " ".join(tokens)


@cache
def known_sources(lang: str) -> frozenset[str]:
    """Labels of the organisations the lexicon knows ("OSDH", "AFP")."""
    return frozenset(label for label, _ in lexicon(lang).sources)


def find_claims(sentence: str, previous: list[str], lang: str = "fr") -> list[str]:
    """Sources credited in a sentence; ``previous`` is the last list found, for pronouns."""
    lex = lexicon(lang)
    found: list[str] = []
    for cue in lex.cues:
        for m in cue.finditer(sentence):
            who = m.group("who")
            if who.lower().startswith("a-t-"):
                found.extend(previous)
                continue
            label = normalise_source(who, lang)
            if label and label.lower() in lex.pronouns:
                found.extend(previous)  # "selon lui": the source named before
            elif label:
                found.append(label)
    return list(dict.fromkeys(found))
