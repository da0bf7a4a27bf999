"""Candidates for the learned decisions: every place a document names, with what the rules know.

Rules are good at proposing and bad at choosing. Every place mention the patterns, the model's
entities and the gazetteer find becomes a candidate; mentions of one place in one document form
one :class:`PlaceGroup` (one incident per place, as the guide counts them), and the features
here describe it: how the place is introduced, what its sentences say (trigger, tense, figures,
day, actors), what the discourse rules concluded about it. Models trained on the annotated
corpus (:mod:`veille.extract.decide`) then decide which groups are incident locations, of which
type, by whom. Features are names and counts only: the words come from the text and from the
language's own data files, never from this code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from veille.extract.analysis import SentenceAnalysis
from veille.extract.geocode import rank
from veille.extract.locate import location_text, named_places
from veille.extract.places import PlaceMention, coordinated_lists, holds_beside
from veille.model import Event

Features = dict[str, float]
WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 60
"""Words per sentence used as features (headlines and leads are shorter; run-ons are cut)."""
CONTEXT = 3
"""Words before a mention used as its introduction ("dans le village de")."""
WINDOW = (8, 5)
"""Words before and after a mention that describe what happened there ("tués à X", "X bombardé")."""
GROUP_SENTENCES = 5
"""Sentences of a place group whose words are features."""
NEAR_INCIDENT = 2
"""Sentences between a place and the nearest sentence that reports violence or a figure, at most,
for the model to add an incident there: an incident told over two or three sentences, not the
school a live blog's council item names forty paragraphs later."""


def fold(text: str) -> str:
    """Lower case without accents, typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str, limit: int = MAX_WORDS) -> list[str]:
    return WORD.findall(fold(text))[:limit]


@dataclass(slots=True)
class PlaceGroup:
    """Every mention of one place in one document."""

    key: str
    mentions: list[tuple[int, int]] = field(default_factory=list)  # (sentence, index in a.places)

    def first(self, analyses: list[SentenceAnalysis]) -> PlaceMention:
        i, k = self.mentions[0]
        return analyses[i].places[k]

    def sentences(self) -> list[int]:
        return list(dict.fromkeys(i for i, _ in self.mentions))


def group_key(m: PlaceMention) -> str:
    """Mentions of the same gazetteer record, or of the same written name, are one place."""
    if m.place is not None and m.place.gazetteer_id and m.place.status == "resolved":
        return f"id:{m.place.gazetteer_id}"
    return "name:" + " ".join(words(m.name or m.text))


def place_groups(analyses: list[SentenceAnalysis]) -> list[PlaceGroup]:
    """Place groups in order of first mention."""
    groups: dict[str, PlaceGroup] = {}
    for i, a in enumerate(analyses):
        for k, m in enumerate(a.places):
            if not (m.name or m.text).strip():
                continue
            key = group_key(m)
            groups.setdefault(key, PlaceGroup(key=key)).mentions.append((i, k))
    return list(groups.values())


def _level(m: PlaceMention) -> str:
    if m.place is None:
        return "none"
    if m.place.status not in ("resolved", "named"):
        return m.place.status
    return m.place.level or "named"


def _bag(prefix: str, tokens: Iterable[str], out: Features, weight: float = 1.0) -> None:
    for t in tokens:
        out[f"{prefix}{t}"] = weight


def sentence_features(a: SentenceAnalysis, prefix: str, out: Features) -> None:
    """What the rules found in a sentence."""
    t = a.trigger
    out[f"{prefix}trigger"] = float(t is not None)
    if t is not None:
        out[f"{prefix}trig={t.sub_event_type}"] = 1.0
        for c in t.candidates:
            out[f"{prefix}cand={c}"] = 1.0
        out[f"{prefix}realis"] = float(t.realis)
        out[f"{prefix}habitual"] = float(t.habitual)
        out[f"{prefix}distinct"] = float(t.distinct)
        out[f"{prefix}anaphoric"] = float(t.anaphoric)
        out[f"{prefix}generic"] = float(t.generic)
    cas = a.casualties
    out[f"{prefix}killed"] = float(cas.killed is not None)
    out[f"{prefix}any_killed"] = float(cas.any_killed)
    out[f"{prefix}injured"] = float(cas.injured is not None)
    out[f"{prefix}civilians"] = float(cas.civilians is not None)
    out[f"{prefix}day"] = float(a.day.key is not None)
    out[f"{prefix}claims"] = float(bool(a.claims))
    for w in a.weapons:
        out[f"{prefix}weapon={w}"] = 1.0
    for m in a.actors:
        out[f"{prefix}actor_{m.role or 'none'}={m.kind}"] = 1.0
        out[f"{prefix}actor_label_{m.role or 'none'}={m.label}"] = 1.0


def mention_context(a: SentenceAnalysis, m: PlaceMention) -> list[str]:
    """The words just before a mention, nearest first."""
    before = words(a.text[: m.start], limit=10_000)[-CONTEXT:]
    return before[::-1]


def near_incident_sentences(analyses: list[SentenceAnalysis]) -> frozenset[int]:
    """Indices of the sentences within ``NEAR_INCIDENT`` of one that reports violence or a
    figure (computed once per document, read by every place group)."""
    return frozenset(
        k
        for j, a in enumerate(analyses)
        if a.trigger or a.has_figure
        for k in range(j - NEAR_INCIDENT, j + NEAR_INCIDENT + 1)
    )


def document_features(analyses: list[SentenceAnalysis]) -> Features:
    """What the whole document reports, shared by all its place groups: the kinds of violence its
    sentences name, the weapons, and the kinds of actors in each role. A place's own sentence
    often names only the place ("les combats se sont poursuivis à X"); who fought whom, and with
    what, is said elsewhere: an attack on civilians and a clash between armed groups differ by
    the victims the lead names (cross-validated sub-type accuracy 0.711 -> 0.748, event F1
    +0.005 on the tune part)."""
    f: Features = {}
    for a in analyses:
        if a.trigger is not None:
            f[f"d:trig={a.trigger.sub_event_type}"] = 1.0
        for w in a.weapons:
            f[f"d:weapon={w}"] = 1.0
        for m in a.actors:
            f[f"d:actor_{m.role or 'none'}={m.kind}"] = 1.0
    return f


def group_features(
    analyses: list[SentenceAnalysis],
    group: PlaceGroup,
    rule_events: list[Event],
    main_country: str | None,
    near_incident: frozenset[int],
) -> Features:
    """Features of one place group: its mentions, their sentences, the rules' verdict;
    ``near_incident`` from :func:`near_incident_sentences`."""
    f: Features = {"bias": 1.0}
    first = group.first(analyses)
    i0 = group.mentions[0][0]
    f[f"level={_level(first)}"] = 1.0
    f[f"hint={first.hint}"] = 1.0
    f["anaphor"] = float(first.anaphor is not None)
    f["first_sentence"] = min(i0, 10) / 10
    f["in_title"] = float(i0 == 0)
    f["mentions"] = min(len(group.mentions), 5) / 5
    f["doc_groups"] = 0.0  # filled by the caller
    place = first.place
    if place is not None and place.country_code:
        f["own_country"] = float(place.country_code == main_country)
        f[f"country={place.country_code}"] = 1.0
    for depth, w in enumerate(mention_context(analyses[i0], first)):
        f[f"prev{depth}={w}"] = 1.0
    usable_anywhere = False
    landmark_anywhere = False
    finer_beside = False
    holds = False  # the town or region a finer place was set beside ("Gumhang, Tinoc town")
    listed = 0  # the longest enumeration the place is named in ("les villages de X, Y et Z")
    for i, k in group.mentions:
        a = analyses[i]
        m = a.places[k]
        usable_anywhere |= m in named_places(a)
        landmark_anywhere |= k in a.reference
        finer_beside |= any(rank(o.place) < rank(m.place) for o in a.places if o is not m)
        holds |= holds_beside(a.places, m, a.text)
        listed = max([listed, *(len(x) for x in coordinated_lists(a.places, a.text, a.sentence.lang) if k in x)])
        for depth, w in enumerate(mention_context(a, m)[:2]):
            f[f"anyprev{depth}={w}"] = 1.0
        _bag("win:", words(a.text[: m.start], limit=10_000)[-WINDOW[0] :], f)
        _bag("win:", words(a.text[m.end :])[: WINDOW[1]], f)
    f["usable"] = float(usable_anywhere)
    f["landmark"] = float(landmark_anywhere)
    f["finer_beside"] = float(finer_beside)
    f["holds_beside"] = float(holds)
    if listed:
        f[f"listed={min(listed, 4)}"] = 1.0
    sentences = group.sentences()
    for n, i in enumerate(sentences[:GROUP_SENTENCES]):
        a = analyses[i]
        _bag("w:", words(a.text), f)
        if n >= 2:
            continue
        sentence_features(a, "s:" if n == 0 else "s2:", f)
        f[f"places_in_sentence={min(len(a.places), 4)}"] = 1.0
        k = next(k for j, k in group.mentions if j == i)
        f[f"position_in_sentence={min(k, 3)}"] = 1.0
    f["any_trigger"] = float(any(analyses[i].trigger for i in sentences))
    f["any_realis"] = float(any(analyses[i].trigger and analyses[i].trigger.realis for i in sentences))
    f["any_figure"] = float(any(analyses[i].has_figure for i in sentences))
    f["near_incident"] = float(any(i in near_incident for i in sentences))
    for a in analyses[:i0]:
        for m in a.actors:
            f[f"earlier_actor={m.label}"] = 1.0  # "les jihadistes ... Le village de X a été attaqué"
    for e in rule_events:  # the incidents the rules saw in this document, and where
        f[f"doc_rule_type={e.sub_event_type}"] = 1.0
        if e.evidence_start is not None and any(analyses[i].sentence.start == e.evidence_start for i in sentences):
            f["beside_rule_event"] = 1.0
            f[f"beside_rule_type={e.sub_event_type}"] = 1.0
    if analyses and analyses[0].trigger:
        f[f"title_trig={analyses[0].trigger.sub_event_type}"] = 1.0
    rule = rule_event_for(analyses, group, rule_events)
    f["rule_event"] = float(rule is not None)
    if rule is not None:
        f[f"rule_type={rule.sub_event_type}"] = 1.0
        f["rule_figure"] = float(rule.fatalities is not None)
        if rule.actor1:
            f[f"rule_actor1={rule.actor1}"] = 1.0
    add_theatre(f, place.country_code if place is not None else None)
    return f


THEATRE_KEYS = ("s:trig=", "s:weapon=", "rule_type=")


def add_theatre(f: Features, country: str | None) -> None:
    """The kind of violence a sentence names, crossed with the country it happens in: the same
    "frappe" is an air strike over Gaza and a missile or shell in Ukraine (the guide types a
    strike with no means named by who strikes where), which a linear model cannot learn from
    the two apart (cross-validated event F1 +0.003 on the tune part, twice)."""
    where = country or "none"
    for key in [k for k in f if k.startswith(THEATRE_KEYS)]:
        f[f"{key}|{where}"] = 1.0


def rule_event_for(
    analyses: list[SentenceAnalysis], group: PlaceGroup, rule_events: list[Event]
) -> Event | None:
    """The rules' event located at this group's place, if any."""
    texts = set()
    ids = set()
    for i, k in group.mentions:
        m = analyses[i].places[k]
        texts.add(fold(location_text(m)))
        texts.add(fold(m.name or m.text))
        if m.place is not None and m.place.gazetteer_id:
            ids.add(m.place.gazetteer_id)
    for e in rule_events:
        if (e.gazetteer_id and e.gazetteer_id in ids) or (e.location and fold(e.location) in texts):
            return e
    return None
