"""Aggregate casualty figures ("plus de 300 civils en un mois", "depuis 2014") are tolls, not
incidents. Vocabulary: ``lang/<code>/tolls.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from veille.lexicon import load_yaml


@dataclass(frozen=True, slots=True)
class TollLexicon:
    period: re.Pattern[str]
    campaign: re.Pattern[str]
    min_without_period: int


@cache
def lexicon(lang: str) -> TollLexicon:
    data = load_yaml(lang, "tolls.yaml")
    return TollLexicon(
        period=re.compile(
            r"(?<![\w-])(?:" + "|".join(data["period_cues"]) + r")(?![\w-])", re.IGNORECASE
        ),
        campaign=re.compile(
            r"(?<![\w-])(?:" + "|".join(data["campaign_words"]) + r")(?![\w-])", re.IGNORECASE
        ),
        min_without_period=int(data.get("toll_min_without_period", 1000)),
    )


def find_period(sentence: str, lang: str = "fr") -> str | None:
    """The period phrase of an aggregate figure, as written."""
    m = lexicon(lang).period.search(sentence)
    return m.group(0).strip(" ,") if m else None


def names_campaign(sentence: str, lang: str = "fr") -> bool:
    """The sentence speaks of a war, a campaign or operations rather than one incident."""
    return bool(lexicon(lang).campaign.search(sentence))


def is_toll(
    sentence: str,
    killed: int | None,
    has_day: bool,
    countries_named: int,
    lang: str = "fr",
    has_town: bool = False,
) -> bool:
    """Whether a sentence's figure is an aggregate toll rather than an incident's."""
    lex = lexicon(lang)
    if lex.period.search(sentence):
        return True
    if countries_named >= 2:
        return True
    if names_campaign(sentence, lang) and not has_day:
        return True
    return killed is not None and killed >= lex.min_without_period and not has_day and not has_town
