"""Which kind of violence a sentence reports, and whether it reports it as having happened.

Vocabulary: ``lang/<code>/events.yaml``. A sentence gives a :class:`TriggerHit` when it holds a
trigger (not inside an excluded phrase), the trigger is not under an irrealis cue (threat, plan,
accusation of a future provocation, call to stop), and the sentence says the violence happened
(a realis verb or a casualty figure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from veille.lexicon import load_yaml, word_pattern
from veille.model import EVENT_TYPES

IRREALIS_WINDOW = 80
"""How far before a trigger an irrealis cue reaches (characters)."""

SPECIFICITY = (
    "Suicide bomb",
    "Chemical weapon",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Attack",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Armed clash",
)
"""Most specific method first: an attack that mixes methods is typed by the first that applies;
a change of hands outranks the fighting it came with ("s'est emparé de X après des combats")."""




@dataclass(frozen=True, slots=True)
class TriggerRule:
    sub: str
    pattern: re.Pattern[str]
    generic: bool
    requires_actor: str | None


@dataclass(frozen=True, slots=True)
class EventLexicon:
    rules: tuple[TriggerRule, ...]
    exclusions: re.Pattern[str]
    weapon_cues: tuple[tuple[str, re.Pattern[str]], ...]
    ground_cues: re.Pattern[str]
    realis: re.Pattern[str]
    irrealis: re.Pattern[str]
    habitual: re.Pattern[str]
    aside: re.Pattern[str]  # opens a clause about something else: "..., where violence has spiked for months"
    distinct: re.Pattern[str]
    anaphoric: re.Pattern[str]
    demonstratives: frozenset[str]
    anteriority: re.Pattern[str]
    reported: re.Pattern[str]
    negation: re.Pattern[str]
    bombardment: re.Pattern[str]
    strike: re.Pattern[str]
    raid: re.Pattern[str]


@cache
def lexicon(lang: str) -> EventLexicon:
    data = load_yaml(lang, "events.yaml")
    rules = tuple(
        TriggerRule(
            sub=item["sub"],
            pattern=word_pattern(item["patterns"]),
            generic=bool(item.get("generic")),
            requires_actor=item.get("requires_actor"),
        )
        for item in data["triggers"]
    )
    dets = data.get("anaphoric_determiners", {})
    unknown = {r.sub for r in rules} - set(EVENT_TYPES)
    if unknown:
        from veille.errors import LexiconError

        raise LexiconError(f"lang/{lang}/events.yaml: unknown sub-event types {sorted(unknown)}")
    return EventLexicon(
        rules=rules,
        exclusions=word_pattern(data.get("trigger_exclusions", ["\x00"])),
        weapon_cues=tuple((c["sub"], word_pattern(c["patterns"])) for c in data["weapon_cues"]),
        ground_cues=word_pattern(data.get("ground_cues", ["\x00"])),
        realis=word_pattern(data["realis_cues"]),
        irrealis=word_pattern(data["irrealis_cues"]),
        habitual=word_pattern(data["habitual_cues"]),
        # not word_pattern: a clause cue starts with its comma, right after a word
        aside=re.compile("|".join(data.get("aside_clauses", ["(?!x)x"])), re.IGNORECASE),
        distinct=word_pattern(data.get("distinct_cues", ["\x00"])),
        anaphoric=re.compile(
            r"(?<![\w'])(" + "|".join(re.escape(d) for group in dets.values() for d in group) + r")\s*$",
            re.IGNORECASE,
        ),
        demonstratives=frozenset(d.lower() for d in dets.get("demonstrative", [])),
        anteriority=word_pattern(data.get("anteriority_cues", ["\x00"])),
        reported=word_pattern(data.get("reported_speech", ["\x00"])),
        bombardment=re.compile("|".join(data.get("bombardment_words", ["\x00"])), re.IGNORECASE),
        strike=re.compile("|".join(data.get("strike_words", ["\x00"])), re.IGNORECASE),
        raid=re.compile("|".join(data.get("raid_words", ["\x00"])), re.IGNORECASE),
        negation=re.compile(
            r"(?:^|\s)(?:" + "|".join(re.escape(n) for n in data.get("negation_before_realis", ["\x00"])) + r")\s*(?:\w+\s+)?$",
            re.IGNORECASE,
        ),
    )


@dataclass(slots=True)
class TriggerHit:
    """The violence a sentence reports."""

    sub_event_type: str
    start: int
    end: int
    generic: bool
    requires_actor: str | None
    candidates: tuple[str, ...]  # every sub-event type whose trigger fired, most specific first
    realis: bool
    habitual: bool
    distinct: bool
    weapons: tuple[str, ...]
    anaphoric: bool = False  # "cette attaque", "la roquette": an incident already reported

    @property
    def event_type(self) -> str:
        return EVENT_TYPES[self.sub_event_type]


def _excluded_spans(sentence: str, lex: EventLexicon) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in lex.exclusions.finditer(sentence)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def weapon_cues(text: str, lang: str = "fr") -> tuple[str, ...]:
    """Sub-event types whose weapon cues occur in ``text``, most specific first."""
    lex = lexicon(lang)
    found = {sub for sub, pattern in lex.weapon_cues if pattern.search(text)}
    return tuple(s for s in SPECIFICITY if s in found)


def find_trigger(sentence: str, lang: str = "fr", has_figure: bool = False) -> TriggerHit | None:
    """The sentence's trigger, or None when it reports no incident that happened."""
    lex = lexicon(lang)
    excluded = _excluded_spans(sentence, lex)
    hits: list[tuple[TriggerRule, re.Match[str]]] = []
    for rule in lex.rules:
        for m in rule.pattern.finditer(sentence):
            if _inside(m.start(), m.end(), excluded):
                continue
            if _irrealis_before(sentence, m.start(), lex):
                continue
            hits.append((rule, m))
            break
    if not hits:
        return None
    realis = has_figure or any(
        not lex.negation.search(sentence[max(0, m.start() - 12) : m.start()]) for m in lex.realis.finditer(sentence)
    )
    if not realis:
        return None
    specific = [h for h in hits if not h[0].generic]
    chosen_rule, chosen = min(
        specific or hits, key=lambda h: (SPECIFICITY.index(h[0].sub), h[1].start())
    )
    candidates = tuple(dict.fromkeys(s for s in SPECIFICITY if any(r.sub == s for r, _ in hits)))
    word = sentence[chosen.start() : chosen.end()]
    determiner = lex.anaphoric.search(sentence[: chosen.start()])
    distinct = bool(lex.distinct.search(sentence[max(0, chosen.start() - 30) : chosen.start()])) or bool(
        lex.distinct.match(sentence.lstrip())
    )
    anaphoric = not distinct and bool(determiner) and (
        determiner.group(1).lower() in lex.demonstratives or not word.lower().endswith(("s", "x"))
    )
    return TriggerHit(
        sub_event_type=chosen_rule.sub,
        start=chosen.start(),
        end=chosen.end(),
        generic=not specific,
        requires_actor=chosen_rule.requires_actor,
        candidates=candidates,
        realis=realis,
        habitual=bool(lex.habitual.search(_own_clause(sentence, chosen.end(), lex))),
        distinct=distinct or (bool(lex.anteriority.search(sentence)) and not lex.reported.search(sentence)),
        weapons=weapon_cues(sentence, lang),
        anaphoric=anaphoric,
    )


def _own_clause(sentence: str, end: int, lex: EventLexicon) -> str:
    """The sentence up to the first clause after the trigger that speaks of something else:
    "The attack took place in X, where violence has spiked in recent months" is one incident,
    the habit belongs to the place."""
    m = lex.aside.search(sentence, end)
    return sentence[: m.start()] if m else sentence


def _irrealis_before(sentence: str, start: int, lex: EventLexicon) -> bool:
    window = sentence[max(0, start - IRREALIS_WINDOW) : start]
    return bool(lex.irrealis.search(window))


def ground_raid(sentence: str, lang: str = "fr") -> bool:
    """A raid by ground forces ("raid des forces israéliennes à Jénine")."""
    return bool(lexicon(lang).ground_cues.search(sentence))
