"""Assemble a document's events and tolls from its sentence analyses.

Discourse rules, applied in text order:

* a trigger sentence (realis, not habitual without a day) makes one event per place it names;
  a figure covering several places goes on the first, a "dont N à X" breakdown splits it;
* a trigger that refers back ("cette attaque", "la roquette lancée par...") completes the
  incident just reported: a finer place, the perpetrator, the figures, a more specific method;
* a sentence with figures but no trigger completes the event just reported (within two
  sentences), taking the lower figure when two disagree;
* a figure over a period or a wide area is a toll, and closes the current incident;
* at the end, events that restate one incident are merged (:mod:`veille.extract.merge`).
"""

from __future__ import annotations

from dataclasses import dataclass

from veille.extract.actors import join_labels, refers_to_group, responsible, weak_labels
from veille.extract.analysis import (
    SentenceAnalysis,
    add_entities,
    add_unmarked_names,
    analyse,
    drop_actor_names,
    drop_unknown_names,
    find_actors,
    without_metonyms,
)
from veille.extract.casualties import lexicon as casualty_lexicon
from veille.extract.complete import (
    ATTACH_DISTANCE,
    attach_figures,
    complete_previous,
    paragraph_day,
    refine_location,
    refines,
)
from veille.extract.dates import DayMention, explicit_dates
from veille.extract.draft import Draft
from veille.extract.geocode import rank, resolve_places
from veille.extract.locate import (
    borrow_region,
    country_mention,
    event_places,
    location_text,
    main_country,
    named_places,
    remember_places,
    set_place,
)
from veille.extract.merge import merge_drafts
from veille.extract.places import PlaceMention
from veille.extract.sentences import split_sentences
from veille.extract.state import Discourse
from veille.extract.tolls import find_period, is_toll
from veille.extract.triggers import TriggerHit
from veille.extract.typing import sub_event_type
from veille.model import EVENT_TYPES, Article, Event, Toll
from veille.nlp import entities

LOOKAHEAD_SENTENCES = 3
CAMPAIGN_REGIONS = 3
"""A sentence naming this many regions, with no figure and no day, describes a campaign."""


@dataclass(slots=True)
class DocumentAnalysis:
    """Every sentence of one article analysed, places geocoded in the document's context: the
    candidates that the rules and the learned decisions both read."""

    article: Article
    lang: str
    analyses: list[SentenceAnalysis]
    country: str | None


def analyse_document(article: Article) -> DocumentAnalysis:
    """Sentences, their rule analyses, named entities on the sentences that may report an
    incident, and places resolved in the document's context."""
    lang = article.lang or "fr"
    body = article.text[article.body_start :]
    sentences = [
        s for s in split_sentences(article.text, article.body_start, lang) if s.lang == lang
    ]
    doc_dates = explicit_dates(body, article.published, lang)
    analyses: list[SentenceAnalysis] = []
    previous_day: DayMention | None = None
    previous_claims: list[str] = []
    for sentence in sentences:
        a = analyse(sentence, lang, article.published, doc_dates, previous_day, previous_claims, None)
        analyses.append(a)
        previous_day = a.day if a.day.key else previous_day
        previous_claims = a.claims or previous_claims
    wanted = [a for a in analyses if a.trigger or a.has_figure]
    for a, ents in zip(wanted, entities([a.text for a in wanted], lang), strict=True):
        add_entities(a, ents)
        add_unmarked_names(a)
    resolve_places(analyses, body)
    for a in wanted:
        drop_unknown_names(a)
    country = main_country(analyses)
    if country:  # "l'armée", "les soldats" take the document's country
        for a in analyses:
            actors = find_actors(a.text, a.trigger, a.casualties, country, lang)
            a.actors = without_metonyms(a.text, actors, a.places, lang)
            drop_actor_names(a)
    return DocumentAnalysis(article=article, lang=lang, analyses=analyses, country=country)


def rule_events(doc: DocumentAnalysis) -> tuple[list[Event], list[Toll]]:
    """The discourse rules' events and tolls for an analysed document."""
    analyses, lang, country = doc.analyses, doc.lang, doc.country
    drafts: list[Draft] = []
    tolls: list[Toll] = []
    state = Discourse(country=country, country_place=country_mention(analyses, country))
    for i, a in enumerate(analyses):
        _step(i, a, analyses, state, drafts, tolls, lang)
    events = [d.event for d in merge_drafts(drafts)]
    # a title's figure that a later sentence gives over a period is that toll, not an incident
    # (a figure restated with no period, "Nous déplorons 15 morts", leaves the incident its figure)
    toll_figures = {t.fatalities for t in tolls if t.fatalities is not None and t.period}
    events = [e for e in events if e.fatalities is None or e.fatalities not in toll_figures]
    return events, tolls


def _step(
    i: int,
    a: SentenceAnalysis,
    analyses: list[SentenceAnalysis],
    state: Discourse,
    drafts: list[Draft],
    tolls: list[Toll],
    lang: str,
) -> None:
    cas = a.casualties
    if a.claims:
        state.last_claims = a.claims
    named = named_places(a)
    countries = {m.place.country_code for m in named if m.place and m.place.level == "country"}
    has_town = any(m.place and rank(m.place) < 3 for m in named)
    if cas.killed is not None and is_toll(a.text, cas.killed, a.day.key is not None, len(countries), lang, has_town):
        _add_toll(a, tolls, lang)
        state.closed_by_toll = True
        state.last_drafts = []
    elif a.trigger and not (a.trigger.habitual and a.day.key is None and not a.has_figure):
        if _events_from_trigger(i, a, analyses, state, drafts, lang):
            state.closed_by_toll = False
    elif a.has_figure and _pending_applies(i, a, state):
        # "Les forces russes ont mené une vague de frappes sur plusieurs villes. À Kiev, huit
        # personnes ont été tuées": the figures and the place complete the earlier trigger
        _events_from_trigger(i, a, analyses, state, drafts, lang, trigger=state.pending.trigger)
    elif a.has_figure and not state.closed_by_toll:
        attach_figures(i, a, state)
    elif not a.trigger:
        refine_location(i, a, state)
    blame = responsible(a.text, a.actors, lang) if state.last_drafts else None
    if blame:
        event = state.last_drafts[0].event
        if event.actor1 is None or event.actor1 in weak_labels(lang):
            event.actor1 = blame  # "Le groupe Etat islamique a revendiqué les attaques."
    remember_places(a, state)
    groups = [m.label for m in a.actors if m.kind == "non_state" and m.label not in weak_labels(lang)]
    if groups:
        state.last_group = groups[0]


def _pending_applies(i: int, a: SentenceAnalysis, state: Discourse) -> bool:
    pending = state.pending
    if pending is None or i - pending.sentence.index > ATTACH_DISTANCE:
        return False
    own = [m for m in named_places(a) if m.place and rank(m.place) < 3]
    return bool(own) and not any(own[0].place == d.place for d in state.last_drafts)


def _add_toll(a: SentenceAnalysis, tolls: list[Toll], lang: str) -> None:
    cas = a.casualties
    if any(t.fatalities == cas.killed and t.civilian_fatalities == cas.civilians for t in tolls):
        return
    tolls.append(make_toll(a, lang))


def make_toll(a: SentenceAnalysis, lang: str) -> Toll:
    """The toll a sentence states: its figures, period, countries or regions and claims."""
    cas = a.casualties
    areas = [m.text for m in named_places(a) if m.place and m.place.level in ("country", "admin1")]
    return Toll(
        fatalities=cas.killed,
        civilian_fatalities=cas.civilians,
        injured=cas.injured,
        period=find_period(a.text, lang),
        area=" et ".join(dict.fromkeys(areas)) or None,
        claimed_by=list(a.claims),
        evidence=a.sentence.text,
    )


def _is_campaign(a: SentenceAnalysis, places: list[PlaceMention], state: Discourse) -> bool:
    """"Les frappes ont visé les provinces d'Alep, de Rakka, d'Idlib...": a campaign, not an
    incident, when it names several regions and gives no figure and no day."""
    if a.has_figure or a.day.key is not None:
        return False
    regions = {m.name for m in a.places if m.hint == "admin1" or (m.place and m.place.level == "admin1")}
    if len(regions) >= CAMPAIGN_REGIONS:
        return True
    return state.closed_by_toll and all(m.place and rank(m.place) >= 3 for m in places)


def _events_from_trigger(
    i: int,
    a: SentenceAnalysis,
    analyses: list[SentenceAnalysis],
    state: Discourse,
    drafts: list[Draft],
    lang: str,
    trigger: TriggerHit | None = None,
) -> bool:
    """Events for a trigger sentence (or, with ``trigger``, for a sentence completing an
    earlier trigger that named no place)."""
    trigger = trigger or a.trigger
    assert trigger is not None
    if trigger is not a.trigger:
        a.actors = state.pending.actors if state.pending else a.actors
    elif a.day.key:
        state.trigger_day = (a.sentence.paragraph, i, a.day)
    if trigger.anaphoric:
        if state.closed_by_toll and not any(m.place and rank(m.place) < 3 for m in named_places(a)):
            return False  # "ces frappes" after a toll: the campaign the toll counts
        if complete_previous(i, a, state, lang):
            return False
    places, inherited = event_places(a, state)
    if not places or (inherited and not a.has_figure and rank(places[0].place) >= 4):
        state.pending = a  # "une vague de frappes sur plusieurs villes": the places come next
        if not places:
            return False
    if _is_campaign(a, places, state):
        return False
    cas = a.casualties
    perpetrators = [m.label for m in a.actors if m.role == "perpetrator" and m.kind != "civilians"]
    targets = [m.label for m in a.actors if m.role == "target"]
    actor1 = join_labels(perpetrators, lang)
    if actor1 is None and state.last_group and refers_to_group(a.text, trigger.start, lang):
        actor1 = state.last_group  # "le groupe y a exécuté de nombreux habitants"

    victims_civilian = cas.civilians is not None or "Civilians" in targets
    victims_forces = any(m.kind == "state" for m in a.actors if m.role == "target") or _forces_killed(a)
    lookahead = _lookahead_weapons(i, analyses) if trigger.generic else _recent_weapons(i, analyses)
    source = a if trigger is a.trigger else state.pending
    assert source is not None
    trigger_text = source.text[trigger.start : trigger.end]
    country = places[0].place.country_code if places[0].place else state.country
    sub = sub_event_type(
        trigger, trigger_text, a.text, actor1, victims_civilian, victims_forces, cas.killed, lookahead, country, lang
    )
    if sub is None:
        return False
    if sub == "Attack" and victims_civilian and "Civilians" not in targets:
        targets.insert(0, "Civilians")
    own = set((actor1 or "").split(" and "))
    targets = [t for t in targets if t not in own]
    actor2 = targets[0] if targets else ("Civilians" if cas.civilians else None)
    if inherited and not a.has_figure and not trigger.distinct and refines(a, sub, state):
        return True
    day = a.day if a.day.key else paragraph_day(a, state)
    claims = a.claims or _next_claims(i, analyses)
    for m in places:
        if m.place and m.place.status == "named" and m.place.admin1 is None:
            m.place = borrow_region(m.place, state)
    made: list[Draft] = []
    shares = _split_figures(a, places)
    headline = _is_headline(a)
    for k, m in enumerate(places):
        killed, civilians, children, injured = shares[k]
        event = Event(
            event_type=EVENT_TYPES[sub],
            sub_event_type=sub,
            location=location_text(m),
            date=day.date,
            actor1=actor1,
            actor2=actor2,
            fatalities=killed,
            civilian_fatalities=civilians,
            child_fatalities=children,
            injured=injured,
            claimed_by=list(claims),
            evidence=a.sentence.text,
            evidence_start=a.sentence.start,
            evidence_end=a.sentence.end,
        )
        set_place(event, m.place)
        made.append(
            Draft(
                event=event,
                sentence=i,
                paragraph=a.sentence.paragraph,
                day_key=day.key,
                place=m.place,
                multi=len(places) > 1,
                distinct=trigger.distinct,
                own_figures=killed is not None or injured is not None,
                inherited_place=inherited,
                headline=headline,
                generic=trigger.generic,
                sentences=[i],
            )
        )
    drafts.extend(made)
    state.last_drafts = made
    return True


def _is_headline(a: SentenceAnalysis) -> bool:
    """A title line: among the first lines, no final stop, short."""
    text = a.sentence.text.rstrip()
    return a.sentence.index <= 2 and not text.endswith((".", "!", "?", "»", '"')) and len(text) < 160


def _split_figures(
    a: SentenceAnalysis, places: list[PlaceMention]
) -> list[tuple[int | None, int | None, int | None, int | None]]:
    """Figures per place: all on the first place, unless a "dont N à X" breakdown names one."""
    cas = a.casualties
    shares: list[tuple[int | None, int | None, int | None, int | None]] = [
        (None, None, None, None) for _ in places
    ]
    if not places:
        return shares
    shares[0] = (cas.killed, cas.civilians, cas.children, cas.injured)
    for sub in cas.mentions:
        if sub.place_text is None or sub.value is None or sub.parent is None:
            continue
        parent = cas.mentions[sub.parent]
        target = next((k for k, m in enumerate(places) if m.name and m.name in sub.place_text), None)
        if target is None or parent.value is None:
            continue
        rest = parent.value - sub.value
        shares[target] = (sub.value, sub.value if parent.civilian else None, None, None)
        others = [k for k in range(len(places)) if k != target]
        if others and rest > 0:
            shares[others[0]] = (rest, rest if parent.civilian else None, None, None)
    return shares


def _forces_killed(a: SentenceAnalysis) -> bool:
    lex = casualty_lexicon(a.sentence.lang)
    return any(m.role == "killed" and lex.combatant.search(m.noun or "") for m in a.casualties.mentions)


def _lookahead_weapons(i: int, analyses: list[SentenceAnalysis]) -> tuple[str, ...]:
    paragraph = analyses[i].sentence.paragraph
    found: list[str] = []
    for a in analyses[i + 1 : i + 1 + LOOKAHEAD_SENTENCES]:
        if a.sentence.paragraph > paragraph + 1:
            break
        if a.trigger and a.trigger.distinct and not a.trigger.anaphoric:
            break  # another incident
        found.extend(a.weapons)
    return tuple(dict.fromkeys(found))


def _recent_weapons(i: int, analyses: list[SentenceAnalysis]) -> tuple[str, ...]:
    """Weapons named just before in the paragraph: "une vague de frappes de missiles ... À Lviv,
    des frappes ont visé" are missile strikes too."""
    paragraph = analyses[i].sentence.paragraph
    found: list[str] = []
    for a in analyses[max(0, i - ATTACH_DISTANCE) : i]:
        if a.sentence.paragraph == paragraph:
            found.extend(a.weapons)
    return tuple(dict.fromkeys(found))


def _next_claims(i: int, analyses: list[SentenceAnalysis]) -> list[str]:
    """Claims made in the next sentence of the paragraph ("... a précisé l'ONG")."""
    paragraph = analyses[i].sentence.paragraph
    for a in analyses[i + 1 : i + 2]:
        if a.sentence.paragraph == paragraph and a.claims and not a.trigger:
            return a.claims
    return []


