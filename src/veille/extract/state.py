"""What a document's text has established so far, as the assembler reads it in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from veille.extract.analysis import SentenceAnalysis
from veille.extract.dates import DayMention
from veille.extract.draft import Draft
from veille.extract.places import PlaceMention


@dataclass(slots=True)
class Discourse:
    """What the text has established so far."""

    last_place: PlaceMention | None = None
    last_admin1: PlaceMention | None = None
    last_town: PlaceMention | None = None
    first_place: PlaceMention | None = None
    last_drafts: list[Draft] = field(default_factory=list)
    last_claims: list[str] = field(default_factory=list)
    closed_by_toll: bool = False
    trigger_day: tuple[int, int, DayMention] | None = None  # (paragraph, sentence, day) of the last dated trigger
    pending: SentenceAnalysis | None = None  # a trigger that named no place ("une vague de frappes sur plusieurs villes")
    country: str | None = None
    last_group: str | None = None  # the last armed group named, for "le groupe", "un autre groupe"
    country_place: PlaceMention | None = None  # the document's main country, as named in it
    last_place_sentence: int = -99
