"""Perpetrator (actor1) and target (actor2) as normalised labels.

Vocabulary: ``lang/<code>/actors.yaml``. Each actor mention gets a role from the words before it
("par", "imputée à" make a perpetrator; "contre", "visant" a target), from its position (the
subject before the trigger), or from an adjective on the trigger ("frappes russes"). Generic
state forces ("l'armée", "les soldats") take the label of the document's country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from veille.lexicon import load_yaml, word_pattern

TRIGGER_ADJECTIVE = re.compile(r"^\s*(?:[\w'-]+\s+){1,2}$")
"""One or two words after the trigger: an adjective naming who struck ("frappes aériennes russes")."""


@dataclass(frozen=True, slots=True)
class ActorSpec:
    label: str
    kind: str
    air: bool | frozenset[str]  # True: strikes from the air everywhere; a set: only in those countries
    country: str | None
    pattern: re.Pattern[str]
    order: int
    against: frozenset[str] = frozenset()  # states it fights abroad (Russia in Ukraine)
    only_in: frozenset[str] = frozenset()  # where an ambiguous name means this actor (empty: everywhere)


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    actors: tuple[ActorSpec, ...]
    army_words: re.Pattern[str]
    police_words: re.Pattern[str]
    force_labels: dict[str, dict[str, str]]
    perpetrator_cue: re.Pattern[str]
    target_cue: re.Pattern[str]
    perpetrator_verb: re.Pattern[str]
    neutral_cue: re.Pattern[str]
    claim_verb: re.Pattern[str]
    victim_tail: re.Pattern[str]
    source_phrase: re.Pattern[str]
    opposition: re.Pattern[str]
    passive_after: re.Pattern[str]
    group_anaphor: re.Pattern[str]
    weak_labels: frozenset[str]
    responsibility: re.Pattern[str]
    responsibility_negation: re.Pattern[str]
    terrorist_words: re.Pattern[str]
    terrorist_labels: dict[bool, str]  # in a jihadist theatre or not -> label
    jihadist_theatres: frozenset[str]

    def spec(self, label: str) -> ActorSpec | None:
        return next((a for a in self.actors if a.label == label), None)




@cache
def lexicon(lang: str) -> ActorLexicon:
    data = load_yaml(lang, "actors.yaml")
    actors = tuple(
        ActorSpec(
            label=a["label"],
            kind=a["kind"],
            air=frozenset(a["air"]) if isinstance(a.get("air"), list) else bool(a.get("air")),
            country=a.get("country"),
            pattern=word_pattern(a["patterns"]),
            order=i,
            against=frozenset(a.get("against", [])),
            only_in=frozenset(a.get("only_in", [])),
        )
        for i, a in enumerate(data["actors"])
    )
    forces = data["state_forces"]
    terrorists = data.get("terrorists", {})
    return ActorLexicon(
        actors=actors,
        army_words=word_pattern(forces["army_words"]),
        police_words=word_pattern(forces["police_words"]),
        force_labels={cc: dict(v) for cc, v in forces["labels"].items()},
        perpetrator_cue=re.compile(
            r"(?<![\w-])(?:" + "|".join(data["perpetrator_cues"]) + r")\s*(?:[\w-]+\s+){0,2}$", re.IGNORECASE
        ),
        # a cue is a whole word: "rencontre les" holds no "contre les", "faux" no "aux"
        target_cue=re.compile(r"(?<![\w-])(?:" + "|".join(data["target_cues"]) + r")\s*$", re.IGNORECASE),
        victim_tail=re.compile(data.get("victim_tail", "\x00"), re.IGNORECASE),
        source_phrase=re.compile(data.get("source_phrase", "\x00"), re.IGNORECASE),
        opposition=re.compile(data.get("opposition_cue", "\x00"), re.IGNORECASE),
        passive_after=re.compile(data.get("passive_after", "\x00"), re.IGNORECASE),
        group_anaphor=word_pattern(data.get("group_anaphors", [])),
        weak_labels=frozenset(data.get("weak_labels", [])),
        responsibility=word_pattern(data.get("responsibility_cues", [])),
        responsibility_negation=re.compile("|".join(data.get("responsibility_negations", ["(?!x)x"])), re.IGNORECASE),
        terrorist_words=word_pattern(terrorists.get("words", [])),
        terrorist_labels={True: terrorists.get("label_in_theatres", ""), False: terrorists.get("label_elsewhere", "")},
        jihadist_theatres=frozenset(terrorists.get("theatres", [])),
        neutral_cue=re.compile(r"(?<![\w-])(?:" + "|".join(data.get("neutral_cues", ["\x00"])) + r")\s*$", re.IGNORECASE),
        claim_verb=re.compile(
            r"^[^.;:]{0,40}?\b(?:" + "|".join(data.get("claim_verbs", ["\x00"])) + r")", re.IGNORECASE
        ),
        perpetrator_verb=re.compile(
            r"^[^.;:]{0,60}?\b(?:" + "|".join(data.get("perpetrator_verbs", ["\x00"])) + r")", re.IGNORECASE
        ),
    )


@dataclass(slots=True)
class ActorMention:
    label: str
    kind: str
    start: int
    end: int
    role: str | None = None  # "perpetrator" | "target"


def find_actor_mentions(sentence: str, country: str | None, lang: str = "fr") -> list[ActorMention]:
    """Actor mentions, longest match first, no overlaps. Of two matches of one span, the named
    actor wins over a state-force word (the sort is stable and named actors come first): "FDS"
    is the SDF in Syria, where both match."""
    lex = lexicon(lang)
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []
    candidates: list[tuple[int, int, str, str]] = []
    for spec in lex.actors:
        if spec.only_in and country and country not in spec.only_in:
            continue  # "FDS": the Syrian Democratic Forces in Syria, a Sahel state's forces there
        for m in spec.pattern.finditer(sentence):
            candidates.append((m.start(), m.end(), spec.label, spec.kind))
    if country and country in lex.force_labels:
        labels = lex.force_labels[country]
        for pattern, key in ((lex.army_words, "army"), (lex.police_words, "police")):
            for m in pattern.finditer(sentence):
                candidates.append((m.start(), m.end(), labels[key], "state"))
    terrorists = lex.spec(lex.terrorist_labels[country in lex.jihadist_theatres])
    if terrorists is not None:  # "des terroristes": jihadists in the Sahel, unnamed attackers elsewhere
        for m in lex.terrorist_words.finditer(sentence):
            candidates.append((m.start(), m.end(), terrorists.label, terrorists.kind))
    for start, end, label, kind in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        found.append(ActorMention(label, kind, start, end))
    found.sort(key=lambda a: a.start)
    # "aviation russe et syrienne": one mention standing for two actors
    return _split_joint(found, sentence, lex)


def _split_joint(found: list[ActorMention], sentence: str, lex: ActorLexicon) -> list[ActorMention]:
    out = []
    for mention in found:
        text = sentence[mention.start : mention.end]
        others = [
            spec
            for spec in lex.actors
            if spec.label != mention.label and spec.kind == mention.kind and spec.pattern.fullmatch(text)
        ]
        out.append(mention)
        out.extend(ActorMention(o.label, o.kind, mention.start, mention.end) for o in others)
    return out


def assign_roles(
    sentence: str,
    mentions: list[ActorMention],
    trigger_start: int,
    lang: str = "fr",
    victim_spans: list[tuple[int, int]] | None = None,
) -> None:
    """Set ``role`` on each mention from cue words and position. ``victim_spans`` are the
    casualty counts of the sentence: an actor named in one ("dix combattants du groupe EI",
    "quatre soldats maliens") is among the victims."""
    lex = lexicon(lang)
    for m in mentions:
        m.role = _role(m, sentence, mentions, trigger_start, victim_spans or [], lex)
    _opposing(sentence, mentions, lex)


def _role(
    m: ActorMention,
    sentence: str,
    mentions: list[ActorMention],
    trigger_start: int,
    victim_spans: list[tuple[int, int]],
    lex: ActorLexicon,
) -> str | None:
    """One mention's role, from the most telling clue to the weakest."""
    before = sentence[max(0, m.start - 60) : m.start]
    after = sentence[m.end :]
    if any(s <= m.start <= e or lex.victim_tail.match(sentence[e : m.start]) for s, e in victim_spans if s <= m.start):
        return "target"  # named among the dead: "dix combattants du groupe EI"
    if lex.neutral_cue.search(before) or lex.source_phrase.search(before):
        return None  # context ("proche des Houthis") or a source ("selon l'armée")
    if lex.perpetrator_verb.match(after) and lex.claim_verb.match(after) and "avoir" in after[:80]:
        return "perpetrator"  # "l'armée a affirmé avoir tué une dizaine de jihadistes"
    if lex.claim_verb.match(after) and m.start < trigger_start:
        return None  # "les séparatistes ont affirmé que..."
    if m.kind == "civilians" or lex.target_cue.search(before):
        return "target"
    if m.start <= trigger_start < m.end:
        return "perpetrator"  # the trigger names the attacker: "un kamikaze s'est fait exploser"
    if lex.perpetrator_cue.search(before):
        return "perpetrator"
    if lex.perpetrator_verb.match(after) and not _other_actor_between(m, mentions, sentence, lex):
        return "perpetrator"  # "les forces du régime ... ont lancé une attaque"
    if m.start < trigger_start and lex.passive_after.match(after):
        return "target"  # "une colonne militaire ... a été prise à partie par des terroristes"
    if m.start < trigger_start and not lex.target_cue.search(before[-25:] + " "):
        return "perpetrator"  # the subject, before the trigger
    if 0 <= m.start - trigger_start < 40 and TRIGGER_ADJECTIVE.match(sentence[trigger_start : m.start]):
        return "perpetrator"  # "frappes russes", "frappes aériennes russes"
    if m.start > trigger_start:
        return "target"
    return None


def _other_actor_between(m: ActorMention, mentions: list[ActorMention], sentence: str, lex: ActorLexicon) -> bool:
    """Another actor stands between this one and the verb, so the verb is not this one's."""
    verb = lex.perpetrator_verb.match(sentence[m.end :])
    if not verb:
        return True
    limit = m.end + verb.end()
    return any(o is not m and m.end <= o.start < limit and o.kind != "civilians" for o in mentions)


def _opposing(sentence: str, mentions: list[ActorMention], lex: ActorLexicon) -> None:
    """"combats opposant X aux Y" / "entre X et Y": X perpetrator, Y target."""
    m = lex.opposition.search(sentence)
    if not m:
        return
    after = [a for a in mentions if a.start > m.end()]
    if len(after) >= 2:
        after[0].role = "perpetrator"
        for a in after[1:]:
            if a.label != after[0].label:
                a.role = "target"


def join_labels(labels: list[str], lang: str = "fr") -> str | None:
    """"Syrian government and Russia": distinct labels in lexicon order."""
    lex = lexicon(lang)
    unique = list(dict.fromkeys(labels))
    if not unique:
        return None
    specific = [label for label in unique if label not in lex.weak_labels]
    unique = specific or unique  # "les rebelles du M23": M23
    order = {a.label: a.order for a in lex.actors}
    unique.sort(key=lambda label: order.get(label, 999))
    return " and ".join(unique[:2])


def actor_kind(label: str | None, lang: str = "fr") -> str | None:
    """"state", "non_state", "unidentified" or "civilians" for a label, None if unknown."""
    if label is None:
        return None
    lex = lexicon(lang)
    first = label.split(" and ")[0]
    spec = lex.spec(first)
    if spec:
        return spec.kind
    for labels in lex.force_labels.values():
        if first in labels.values():
            return "state"
    return None


def fights_against(label: str | None, country: str | None, lang: str = "fr") -> bool:
    """A state's army fighting the state of ``country`` on its soil (Russia in Ukraine): the
    guide types its captures of territory as a non-state actor's."""
    spec = lexicon(lang).spec((label or "").split(" and ")[0])
    return spec is not None and country is not None and country in spec.against


def strikes_from_air(label: str | None, country: str | None = None, lang: str = "fr") -> bool:
    """True when every actor in the label bombs from the air in ``country`` (so its
    "bombardements" there are air strikes)."""
    if not label:
        return False
    lex = lexicon(lang)
    for part in label.split(" and "):
        spec = lex.spec(part)
        if spec is None or not spec.air:
            return False
        if isinstance(spec.air, frozenset) and country not in spec.air:
            return False
    return True


def weak_labels(lang: str = "fr") -> frozenset[str]:
    """Labels ("Unidentified", "Rebels") that a more specific actor replaces for one incident."""
    return lexicon(lang).weak_labels


def refers_to_group(sentence: str, trigger_start: int, lang: str = "fr") -> bool:
    """The sentence's attacker is "le groupe", "un autre groupe": the armed group named before."""
    m = lexicon(lang).group_anaphor.search(sentence[:trigger_start])
    return m is not None


def responsible(sentence: str, mentions: list[ActorMention], lang: str = "fr") -> str | None:
    """The armed group a sentence holds responsible ("l'EI a revendiqué l'attaque"), if any."""
    lex = lexicon(lang)
    if not lex.responsibility.search(sentence) or lex.responsibility_negation.search(sentence):
        return None
    groups = [m.label for m in mentions if m.kind in ("state", "non_state") and m.role != "target"]
    specific = [g for g in groups if g not in lex.weak_labels]
    return (specific or groups or [None])[0]
