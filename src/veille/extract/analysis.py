"""One pass over a sentence: everything the assembler needs, computed once.

This is the only place that calls the per-field extractors; the assembler then works on
:class:`SentenceAnalysis` objects and never re-reads text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from veille.extract.actors import ActorMention, assign_roles, find_actor_mentions
from veille.extract.casualties import Casualties, extract_casualties
from veille.extract.claims import find_claims, normalise_source
from veille.extract.claims import known_sources as KNOWN_SOURCES
from veille.extract.dates import DayMention, resolve_day
from veille.extract.places import (
    DATELINE,
    GAZETTEER_ONLY,
    PlaceMention,
    coordinated_lists,
    find_place_mentions,
    follows_preposition,
    is_initials,
    is_landmark,
    metonym_capitals,
    names_a_thing,
    names_people,
    stop_names,
    unmarked_names,
)
from veille.extract.sentences import Sentence
from veille.extract.triggers import TriggerHit, find_trigger, weapon_cues
from veille.model import Place

TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " "})


def matching_text(text: str) -> str:
    """Text for pattern matching: plain apostrophes and spaces, offsets unchanged."""
    return text.translate(TYPOGRAPHIC)


@dataclass(slots=True)
class SentenceAnalysis:
    sentence: Sentence
    casualties: Casualties
    trigger: TriggerHit | None
    day: DayMention
    claims: list[str]
    actors: list[ActorMention]
    places: list[PlaceMention]
    weapons: tuple[str, ...]
    reference: set[int] = field(default_factory=set)  # indexes of places used only as landmarks

    @property
    def text(self) -> str:
        """The sentence with typographic apostrophes made plain (same length, same offsets)."""
        return matching_text(self.sentence.text)

    @property
    def has_figure(self) -> bool:
        c = self.casualties
        return c.killed is not None or c.injured is not None or c.children is not None or c.civilians is not None


def analyse(
    sentence: Sentence,
    lang: str,
    published: str | None,
    doc_dates: list[dt.date],
    previous_day: DayMention | None,
    previous_claims: list[str],
    country: str | None,
) -> SentenceAnalysis:
    text = matching_text(sentence.text)
    casualties = extract_casualties(text, lang)
    numeric = casualties.killed is not None or casualties.injured is not None
    trigger = find_trigger(text, lang, has_figure=numeric)
    actors = find_actors(text, trigger, casualties, country, lang)
    sources = KNOWN_SOURCES(lang)
    found = find_place_mentions(text, lang)
    actors = without_metonyms(text, actors, found, lang)
    places = [
        p
        for p in found
        if not _inside_actor(p, actors, text) and (not p.name or normalise_source(p.name, lang) not in sources)
    ]
    reference = _references(text, places, lang)
    return SentenceAnalysis(
        sentence=sentence,
        casualties=casualties,
        trigger=trigger,
        day=resolve_day(text, published, lang, doc_dates, previous_day),
        claims=find_claims(text, previous_claims, lang),
        actors=actors,
        places=places,
        weapons=weapon_cues(text, lang),
        reference=reference,
    )


def without_metonyms(
    text: str, actors: list[ActorMention], places: list[PlaceMention], lang: str
) -> list[ActorMention]:
    """"à Kiev", "près de Damas": after a preposition a capital is the place, not the government."""
    capitals = metonym_capitals(lang)
    return [
        a
        for a in actors
        if not (
            text[a.start : a.end].lower() in capitals
            and follows_preposition(text, a.start, lang)
            and any(p.start <= a.start and a.end <= p.end and p.name for p in places)
        )
    ]


def find_actors(
    text: str, trigger: TriggerHit | None, casualties: Casualties, country: str | None, lang: str
) -> list[ActorMention]:
    """Actor mentions with their roles; ``country`` names generic forces ("l'armée")."""
    actors = find_actor_mentions(text, country, lang)
    if trigger:
        victims = [(m.start, m.end) for m in casualties.mentions if m.role in ("killed", "injured")]
        assign_roles(text, actors, trigger.start, lang, victims)
    return actors


def _references(text: str, places: list[PlaceMention], lang: str) -> set[int]:
    """Places named only as landmarks: "près de X", "entre X et Y", "au nord de X"; a name
    coordinated with a landmark ("entre Douentza et Hombori") is one too."""
    refs: set[int] = set()
    for i, p in enumerate(places):
        follows = i > 0 and (i - 1) in refs and len(text[places[i - 1].end : p.start].split()) <= 1
        if is_landmark(text, p, lang) or follows:
            refs.add(i)
    return refs


def add_unmarked_names(a: SentenceAnalysis) -> None:
    """Add the capitalised names no pattern or entity marked as candidate places (hint
    ``gazetteer``); :func:`drop_unknown_names` removes those the geocoder does not know. A name
    the model tagged as a person still counts: its tagger often takes villages for people."""
    taken = [(m.start, m.end) for m in a.places] + [(m.start, m.end) for m in a.actors]
    extra = unmarked_names(a.text, taken, a.sentence.lang)
    if extra:
        a.places = sorted(a.places + extra, key=lambda p: p.start)
        a.reference = _references(a.text, a.places, a.sentence.lang)


def drop_unknown_names(a: SentenceAnalysis) -> None:
    """Keep an unmarked name only where the geocoder resolved it in the document's context, or
    where the sentence lists it with villages the geocoder knows ("The attacked communities are
    Tse-Abi, Tse-Ginde, Tse-Peviv and Agenke"): it is named beside them, located with them."""
    for members in coordinated_lists(a.places, a.text, a.sentence.lang):
        known = [a.places[k].place for k in members if a.places[k].resolved]
        village = next((p for p in known if p is not None and p.level in ("locality", "neighbourhood")), None)
        if village is None:
            continue
        for k in members:
            m = a.places[k]
            if m.hint == GAZETTEER_ONLY and not m.resolved:
                m.hint = "list"
                m.place = Place.named_at(m.name, village)
    keep = [m for m in a.places if m.hint != GAZETTEER_ONLY or m.resolved]
    if len(keep) != len(a.places):
        a.places = keep
        a.reference = _references(a.text, keep, a.sentence.lang)


def _inside_actor(place: PlaceMention, actors: list[ActorMention], text: str) -> bool:
    """"Etat islamique", "Front al-Nosra", "la branche armée du Hamas": a place whose name is
    inside an actor mention is not a place."""
    start, end = _name_span(place, text)
    return any(a.start <= start and end <= a.end + 1 for a in actors if a.kind != "civilians")


def _name_span(place: PlaceMention, text: str) -> tuple[int, int]:
    """Where the place's name (not its prefix, "la base militaire des") is written."""
    at = text.find(place.name, place.start, place.end) if place.name else -1
    return (at, at + len(place.name)) if at >= 0 else (place.start, place.end)


def _named_entity(place: PlaceMention, text: str, ents: list[tuple[int, int, str]], labels: tuple[str, ...]) -> bool:
    start, end = _name_span(place, text)
    return any(label in labels and s <= start and end <= e + 1 for s, e, label in ents)


def drop_actor_names(a: SentenceAnalysis) -> None:
    """Once the actors are found with the document's country, a place named by one goes."""
    kept = [p for p in a.places if not _inside_actor(p, a.actors, a.text)]
    if len(kept) < len(a.places):
        a.places = kept
        a.reference = _references(a.text, kept, a.sentence.lang)


def add_entities(a: SentenceAnalysis, ents: list[tuple[int, int, str]]) -> None:
    """Use the model's named entities: a bare name tagged as a person or an organisation is not
    a place; a place entity the patterns missed ("une autre ville irakienne, Tikrit,") is added."""
    keep = []
    for m in a.places:
        clash = any(
            label in ("PER", "ORG") and s <= m.start and m.end <= e + 1 for s, e, label in ents
        )
        if clash and m.hint is None and not m.anaphor:
            # "près de Khan Cheikhoun" tagged as a person: a place only if the gazetteer knows it
            m.hint = GAZETTEER_ONLY
        if m.hint == "part" and _named_entity(m, a.text, ents, ("PER", "ORG")):
            continue  # "une base militaire des FACA", "un camp de l'Amisom": an organisation's
        if m.hint is None and any(label == "LOC" and s <= m.start and m.end <= e + 1 for s, e, label in ents):
            m.hint = "ner"  # the model agrees it is a place: keep it even if the gazetteer does not know it
        keep.append(m)
    dateline = DATELINE.match(a.text)
    for s, e, label in ents:
        if label != "LOC" or (dateline and s < dateline.end()):
            continue
        if normalise_source(a.text[s:e], a.sentence.lang) in KNOWN_SOURCES(a.sentence.lang):
            continue
        if any(m.start < e and s < m.end for m in keep):
            continue
        if any(act.start <= s and e <= act.end + 1 for act in a.actors):
            continue
        name = a.text[s:e].strip()
        if not name[:1].isupper() or name.lower() in stop_names(a.sentence.lang) or is_initials(name):
            continue
        if names_people(a.text, s, name, a.sentence.lang) or names_a_thing(a.text, s, a.sentence.lang):
            continue
        keep.append(PlaceMention(text=name, name=name, start=s, end=e, hint="ner"))
    keep.sort(key=lambda p: p.start)
    a.places = keep
    a.reference = _references(a.text, keep, a.sentence.lang)
