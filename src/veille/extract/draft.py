"""An event under construction, with what the within-document merge needs to know."""

from __future__ import annotations

from dataclasses import dataclass, field

from veille.model import Event, Place


@dataclass(slots=True)
class Draft:
    """An event being built, with what the merge step needs to know about it."""

    event: Event
    sentence: int
    paragraph: int
    day_key: str | None
    place: Place | None
    multi: bool = False  # one of several places of one sentence
    distinct: bool = False  # "d'autres raids": never the incident reported before
    own_figures: bool = False
    inherited_place: bool = False
    headline: bool = False
    generic: bool = False  # typed from a generic "attaque": later method sentences refine it  # made from the title line, which restates the main incident
    sentences: list[int] = field(default_factory=list)
