"""Where an event is: the places a sentence names, landmarks, anaphors ("la province"), and the
place to fall back on when a sentence names none."""

from __future__ import annotations

from dataclasses import replace

from veille.extract.analysis import SentenceAnalysis
from veille.extract.geocode import LEVEL_RANK, rank, usable
from veille.extract.places import PlaceMention, has_region_article, holds_beside
from veille.extract.state import Discourse
from veille.model import Event, Place


def named_places(a: SentenceAnalysis) -> list[PlaceMention]:
    return [m for k, m in enumerate(a.places) if usable(m) and k not in a.reference and not regional(a, m)]


def regional(a: SentenceAnalysis, m: PlaceMention) -> bool:
    """An unknown name with an article ("le Sahel", "la Bekaa") is a region the gazetteer does
    not know, not a town: it cannot locate an event."""
    if m.place is None or m.place.status != "named" or m.hint not in (None, "ner"):
        return False
    return has_region_article(a.text, m, a.sentence.lang)


def remember_places(a: SentenceAnalysis, state: Discourse) -> None:
    """Track the places named so far; the finest place of a sentence is remembered last."""
    for m in sorted(named_places(a), key=lambda x: -rank(x.place)):
        assert m.place is not None
        if m.place.level == "country":
            continue
        if state.first_place is None:
            state.first_place = m
        state.last_place = m
        state.last_place_sentence = a.sentence.index
        if m.place.level == "admin1":
            state.last_admin1 = m
        else:
            state.last_town = m


def event_places(a: SentenceAnalysis, state: Discourse) -> tuple[list[PlaceMention], bool]:
    """The places a trigger sentence's events are at, and whether they were inherited."""
    named = named_places(a)
    if any(m.place and m.place.status == "resolved" and rank(m.place) <= LEVEL_RANK["admin2"] for m in named):
        # the model's guesses only count when the gazetteer found nothing as fine: a village it
        # lacks, named beside its region ("à Njitapon, un hameau de la région de l'Ouest"), stays
        named = [m for m in named if not (m.hint == "ner" and m.place and m.place.status == "named")]
    finest = min((rank(m.place) for m in named), default=9)
    keep: list[PlaceMention] = []
    for m in named:
        place = m.place
        assert place is not None
        if place.level == "country" and finest < 4:
            continue  # "dans le nord-ouest de la Syrie": context for a finer place
        if place.level == "admin1" and any(
            rank(o.place) < 3 and o.place and o.place.admin1 == place.admin1 for o in named
        ):
            continue  # "la province d'Alep ... à Mansoura": the region contains the town
        if (place.level == "admin2" or m.hint == "admin2") and any(
            o is not m and rank(o.place) < 2 and o.hint != "admin2" for o in named
        ):
            continue  # "le territoire de Rutshuru" around the town named: context
        if place.level == "locality" and any(
            o is not m and o.hint == "part" and o.text[:1].isupper() and o.place and o.place.admin1 == place.admin1
            for o in named
        ):
            continue  # "le quartier de Lido, à Mogadiscio": the quarter is the finer place
        if holds_beside(a.places, m, a.text):
            continue  # "in Gumhang, Tinoc town": the village is the place, its town context
        if any(same_place(m.place, k.place) for k in keep):
            continue
        keep.append(m)
    refs = [m for k, m in enumerate(a.places) if usable(m) and k in a.reference and m.place]
    if refs and all(rank(m.place) >= 3 for m in keep):
        # "près de Mann" beats the region or country it is in: ACLED's "near a town"
        inside = [r for r in refs if all(within(r.place, k.place) for k in keep)]
        if inside:
            keep = [landmark(inside[0])]
    if not keep and refs:
        keep = [landmark(refs[0])]
    anaphors = [m for m in a.places if m.anaphor]
    if keep and anaphors and any(c.place_text for c in a.casualties.mentions):
        # "... de la province, tuant six civils dont quatre à X": the rest is at the wider area
        wider = antecedent(anaphors[0].anaphor, state)
        if wider and wider.place and all(not same_place(wider.place, k.place) for k in keep):
            keep.append(wider)
    if keep:
        return keep, False
    if anaphors:
        target = antecedent(anaphors[0].anaphor, state)
        if target:
            return [target], True
    fallback = state.last_place or state.first_place
    return ([fallback], True) if fallback else ([], True)


def landmark(m: PlaceMention) -> PlaceMention:
    """An event located near a town is written at that town ("au nord d'El-Fasher" -> El-Fasher),
    at precision 2 as ACLED does."""
    place = replace(m.place, precision=2) if m.place else None
    return PlaceMention(m.name, m.name, m.start, m.end, m.hint, place=place)


def within(place: Place | None, area: Place | None) -> bool:
    """``place`` lies in ``area`` (a region or a country)."""
    if place is None or area is None or place.country_code != area.country_code:
        return False
    return area.level == "country" or (area.admin1 is not None and place.admin1 == area.admin1)


def antecedent(level: str | None, state: Discourse) -> PlaceMention | None:
    """What "la province" or "la ville" refers to: the region (or town) of the incident being
    reported, else the last one named; "le pays" is the document's country."""
    if level == "country":
        return state.country_place
    for draft in state.last_drafts[:1]:
        place = draft.place
        if place and level == "admin1" and place.admin1:
            if place.level == "admin1":
                return PlaceMention(draft.event.location or "", place.name, 0, 0, "admin1", place=place)
            if state.last_admin1 and state.last_admin1.place and state.last_admin1.place.admin1 == place.admin1:
                return state.last_admin1
        if place and level == "town" and place.level in ("locality", "neighbourhood"):
            return PlaceMention(draft.event.location or "", place.name, 0, 0, None, place=place)
    target = state.last_admin1 if level == "admin1" else state.last_town
    return target or state.last_place


def same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return False
    if a.gazetteer_id and b.gazetteer_id:
        return a.gazetteer_id == b.gazetteer_id
    return a.name.lower() == b.name.lower() and a.admin1 == b.admin1


def location_text(m: PlaceMention) -> str:
    """As written, except that a part of a town is that town ("le centre de Kramatorsk"), and
    a region's kind written after its name is left out, as ACLED and the annotators write it
    ("Anantnag district" -> "Anantnag"; end-to-end cross-validated event F1 on the English tune
    part 0.478 -> 0.517). The kind written before the name stays ("la province d'Idleb")."""
    if m.hint == "part" and m.text[:1].islower() and m.place and m.place.level in ("locality", "neighbourhood"):
        return m.name
    if m.hint in ("admin1", "admin2") and m.name and m.text != m.name and m.text.startswith(m.name):
        return m.name
    return m.text


def borrow_region(place: Place, state: Discourse) -> Place:
    """A place the gazetteer does not know takes the region of the incident being reported,
    or of the last region named ("le village de Hbit, dans le sud de la province")."""
    around = antecedent("admin1", state)
    if around is None or around.place is None or around.place.admin1 is None:
        return place
    p = around.place
    return replace(place, admin1=p.admin1, country=p.country, country_code=p.country_code, lat=p.lat, lon=p.lon)


def set_place(event: Event, place: Place | None) -> None:
    if place is None:
        return
    event.admin1 = place.admin1
    event.country = place.country
    event.country_code = place.country_code
    event.lat = place.lat
    event.lon = place.lon
    event.geo_precision = place.precision
    event.gazetteer_id = place.gazetteer_id
    event.admin2 = place.admin2


def country_mention(analyses: list[SentenceAnalysis], country: str | None) -> PlaceMention | None:
    for a in analyses:
        for m in a.places:
            if m.place and m.place.status == "resolved" and m.place.level == "country" and m.place.country_code == country:
                return m
    return None


def main_country(analyses: list[SentenceAnalysis]) -> str | None:
    """The country most places of the document are in (the first named wins a tie)."""
    counts: dict[str, int] = {}
    for a in analyses:
        for m in a.places:
            if m.place and m.place.status == "resolved" and m.place.country_code:
                counts[m.place.country_code] = counts.get(m.place.country_code, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None
