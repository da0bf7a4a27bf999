"""Later sentences that complete the incident just reported: its figures ("Deux femmes et un
enfant ont été tués."), a finer place, the perpetrator, a more specific method, its day."""

from __future__ import annotations

from veille.extract.actors import join_labels
from veille.extract.analysis import SentenceAnalysis
from veille.extract.casualties import additive, superseded
from veille.extract.claims import known_sources
from veille.extract.dates import DayMention
from veille.extract.draft import Draft
from veille.extract.geocode import rank
from veille.extract.locate import named_places, same_place, set_place
from veille.extract.state import Discourse
from veille.extract.typing import most_specific
from veille.model import EVENT_TYPES, Place

ATTACH_DISTANCE = 2
ANAPHORA_DISTANCE = 3
DECISIVE_METHODS = ("Suicide bomb", "Chemical weapon")
"""Methods that type an attack even when the rest of it was a clash; an ambush that also used
roadside bombs stays an armed clash, as ACLED codes it."""


def recent(i: int, state: Discourse, distance: int) -> Draft | None:
    if not state.last_drafts:
        return None
    draft = state.last_drafts[0]
    return draft if i - max(draft.sentences) <= distance else None


def refines(a: SentenceAnalysis, sub: str, state: Discourse) -> bool:
    """A trigger sentence with no place, no figure and nothing new sharpens the method of the
    incident just reported instead of making a new one."""
    draft = recent(a.sentence.index, state, ATTACH_DISTANCE)
    if draft is None:
        return False
    known = known_sources(a.sentence.lang)
    mine, theirs = set(a.claims) & known, set(draft.event.claimed_by) & known
    if mine and theirs and not mine & theirs:
        return False  # another organisation's report ("la télévision syrienne a fait état de...")
    if EVENT_TYPES[sub] == draft.event.event_type == "Battles" and sub != draft.event.sub_event_type:
        return False  # a clash and a territory change are two events
    if EVENT_TYPES[sub] != draft.event.event_type:
        # the phases of one attack told one by one ("ils ont pris d'assaut l'hôtel", "ils ont fait
        # exploser une voiture piégée"): one event typed by its most specific method
        method = most_specific(draft.event.sub_event_type, sub)
        if not draft.generic and method in DECISIVE_METHODS:
            draft.event.sub_event_type = method
            draft.event.event_type = EVENT_TYPES[method]
        draft.sentences.append(a.sentence.index)
        return True
    if a.day.key and draft.day_key and a.day.key != draft.day_key:
        return False
    for d in state.last_drafts:
        d.event.sub_event_type = most_specific(d.event.sub_event_type, sub)
    draft.sentences.append(a.sentence.index)
    return True


def complete_previous(i: int, a: SentenceAnalysis, state: Discourse, lang: str) -> bool:
    """"La roquette lancée par les insurgés s'est abattue ... dans le quartier de X": complete
    the incident just reported (finer place, perpetrator, figures, method)."""
    draft = recent(i, state, ANAPHORA_DISTANCE)
    trigger = a.trigger
    if draft is None or trigger is None:
        return False
    event = draft.event
    finer = [m for m in named_places(a) if m.place and rank(m.place) < rank(draft.place)]
    if finer and draft.place and finer[0].place and draft.place.admin1 not in (None, finer[0].place.admin1):
        return False  # a place elsewhere: another incident
    if finer:
        event.location = finer[0].text
        set_place(event, finer[0].place)
        if event.admin1 is None and draft.place:
            event.admin1, event.country = draft.place.admin1, draft.place.country
        draft.place = finer[0].place
    perpetrators = [m.label for m in a.actors if m.role == "perpetrator" and m.kind != "civilians"]
    if event.actor1 in (None, "Unidentified") and perpetrators:
        event.actor1 = join_labels(perpetrators, lang)
    if not trigger.generic and EVENT_TYPES[trigger.sub_event_type] == event.event_type:
        event.sub_event_type = most_specific(event.sub_event_type, trigger.sub_event_type)
    elif trigger.weapons:
        method = [w for w in trigger.weapons if EVENT_TYPES[w] == event.event_type]
        if method:
            event.sub_event_type = most_specific(event.sub_event_type, method[0])
    merge_figures(draft, a)
    draft.sentences.append(i)
    return True


def merge_figures(draft: Draft, a: SentenceAnalysis) -> None:
    """Figures from a later sentence: "un autre a également été tué" adds to the toll;
    otherwise two figures for one incident disagree and the lower is kept."""
    cas = a.casualties
    event = draft.event
    if superseded(a.text, a.sentence.lang):
        return  # "le précédent bilan faisait état de quatre morts": replaced by the figure we have
    if cas.killed is not None and event.fatalities is not None and additive(a.text, a.sentence.lang):
        event.fatalities += cas.killed
    elif cas.killed is not None and (event.fatalities is None or cas.killed * 2 >= event.fatalities):
        # two figures for one incident: keep the lower, unless the second is only a part of
        # the first ("18 morts" then "cinq agents et deux civils ont été tués")
        event.fatalities = cas.killed if event.fatalities is None else min(event.fatalities, cas.killed)
    if event.civilian_fatalities is None and cas.civilians is not None:
        event.civilian_fatalities = cas.civilians
    if event.child_fatalities is None and cas.children is not None:
        event.child_fatalities = cas.children
    if cas.injured is not None:
        event.injured = cas.injured if event.injured is None else min(event.injured, cas.injured)
    if event.date is None and a.day.date and (draft.day_key is None or draft.day_key == a.day.key):
        event.date = a.day.date
    if not event.claimed_by and a.claims:
        event.claimed_by = list(a.claims)
    if event.actor2 is None and cas.civilians:
        event.actor2 = "Civilians"
    if cas.killed is not None or cas.injured is not None:
        draft.own_figures = True


def attach_figures(i: int, a: SentenceAnalysis, state: Discourse) -> None:
    """Figures without a trigger complete the event just reported."""
    draft = recent(i, state, ATTACH_DISTANCE)
    if draft is None:
        return
    own = [m for m in named_places(a) if m.place and rank(m.place) < 3]
    if own and draft.place and all(elsewhere(m.place, draft.place) for m in own):
        return  # figures for somewhere else
    merge_figures(draft, a)
    draft.sentences.append(i)
    refine_location(i, a, state)


def elsewhere(place: Place | None, incident: Place) -> bool:
    """A place outside the incident's area (another country, or another region)."""
    if place is None or same_place(place, incident):
        return False
    if place.country_code != incident.country_code:
        return True
    return bool(incident.admin1) and place.admin1 != incident.admin1 and rank(incident) < 4


def refine_location(i: int, a: SentenceAnalysis, state: Discourse) -> None:
    """An event known only at country or region level, followed by a sentence naming a town
    in that area: the town is where it happened ("... dans le sud-ouest du Yémen" then
    "... à l'hôpital d'Al-Thawra dans l'est de la province de Taëz")."""
    draft = recent(i, state, 1)
    if draft is None or draft.place is None or rank(draft.place) < 3:
        return
    named = named_places(a)
    regions = {m.place.admin1 for m in named if m.place and m.place.level == "admin1"}
    for m in sorted(named, key=lambda x: rank(x.place)):
        if regions and m.place and m.place.admin1 not in regions:
            continue  # "l'hôpital d'X dans la province de Taëz": X must be in Taëz
        p = m.place
        if p is None or rank(p) >= rank(draft.place):
            continue
        if p.status != "resolved" and m.hint not in ("town", "part"):
            continue
        if p.country_code != draft.place.country_code:
            continue
        if draft.place.admin1 and p.admin1 != draft.place.admin1:
            continue
        draft.event.location = m.text
        set_place(draft.event, p)
        draft.place = p
        return


def paragraph_day(a: SentenceAnalysis, state: Discourse) -> DayMention:
    """A day-less report right after a dated one in the same paragraph shares its day
    ("Lundi, les forces russes ont frappé plusieurs villes. À Lviv, des frappes ont visé...")."""
    if state.trigger_day is None:
        return a.day
    paragraph, index, day = state.trigger_day
    if paragraph == a.sentence.paragraph and a.sentence.index - index <= ATTACH_DISTANCE:
        return day
    return a.day
