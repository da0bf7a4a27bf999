"""Casualty figures in one sentence: killed, of whom civilians, children and women, and injured.

A sentence is read as a list of *count mentions* (a number and the noun phrase it counts), each
with a role (killed, injured, missing) found from its own noun ("66 morts"), a verb to its right
("... ont été tués") or a verb to its left ("tuant six civils"). Mentions introduced by "dont"
are subsets of the mention before them; coordinated mentions ("quinze civils et dix
combattants ... tués") share a role and add up. Vocabulary: ``lang/<code>/casualties.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from veille.extract.numbers import NumberVocabulary, parse_match, vocabulary
from veille.lexicon import load_yaml, word_pattern

ROLES = ("killed", "injured", "missing")


YEARS = (1900, 2100)
"""A bare four-digit number in this range is a year."""


def _alt(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class CasualtyLexicon:
    numbers: NumberVocabulary
    noun_after: re.Pattern[str]
    """Group noun or role noun right after a number (with modifiers and adjectives)."""
    verb: dict[str, re.Pattern[str]]
    left_cue: dict[str, re.Pattern[str]]
    subset_gap: re.Pattern[str]
    coord_gap: re.Pattern[str]
    coord_end: re.Pattern[str]
    partial_left: re.Pattern[str]
    place_tail: re.Pattern[str]
    bare_left: re.Pattern[str]
    unit_after: re.Pattern[str]
    bare_subject: re.Pattern[str]  # "quatre autres ont perdu la vie": a number as the subject
    elliptic: re.Pattern[str]  # "72 tués à X, 48 autres à Y": a count whose noun is the previous one's
    detach: re.Pattern[str]
    clause_break: re.Pattern[str]
    civilian: re.Pattern[str]
    child: re.Pattern[str]
    combatant: re.Pattern[str]
    women: re.Pattern[str]
    zero: dict[str, re.Pattern[str]]
    """Phrases that count nobody: "sans faire de victimes" (killed 0), "aucun blessé" (injured
    and killed 0); the guide's "aucune victime = 0, not null"."""


@cache
def lexicon(lang: str) -> CasualtyLexicon:
    data = load_yaml(lang, "casualties.yaml")
    groups = data["groups"]
    role_nouns = {role: data[role]["nouns"] for role in ROLES if role in data}
    person_nouns = list(
        dict.fromkeys(g for key in ("civilian", "child", "combatant", "person", "women") for g in groups.get(key, []))
    )
    modifiers = _alt(data.get("noun_modifiers", []))
    all_nouns = _alt(person_nouns + [n for v in role_nouns.values() for n in v])
    linkers = _alt(data.get("noun_linkers", ["de", "d'"]))
    stops = _alt(data.get("adjective_stops", ["et", "dont", "ont", "sont"]))
    noun_after = re.compile(
        rf"^\s*(?:(?:{linkers})\s*)?(?:(?:{modifiers})\s+){{0,2}}(?P<noun>{all_nouns})\b"
        rf"(?P<adj>(?:\s+(?!(?:{stops})\b)[\w'’-]+){{0,3}})",
        re.IGNORECASE,
    )
    verb = {
        role: re.compile(rf"\b(?:{_alt(data[role]['verbs'])})\b", re.IGNORECASE)
        for role in ROLES
        if "verbs" in data.get(role, {})
    }
    verb["missing"] = re.compile(rf"\b(?:{_alt(data['missing']['nouns'])})\b", re.IGNORECASE)
    cues = data.get("left_cues", {})
    left_cue = {
        # "ont tué, dans la nuit de lundi à mardi, 23 civils": a short aside may separate them
        # and a quoted verb keeps its count: 'ont "exécuté" dix jeunes'
        role: re.compile(rf"(?:{_alt(items)})[\"»”]?\s*(?:,[^,;:]{{1,60}},)?\s*$", re.IGNORECASE) for role, items in cues.items()
    }
    return CasualtyLexicon(
        numbers=vocabulary(lang),
        noun_after=noun_after,
        verb=verb,
        left_cue=left_cue,
        subset_gap=re.compile(
            rf"^[\s,(]*(?:{_alt(data['subset_words'])})\b|\b(?:{_alt(data['subset_words'])})\s*$",
            re.IGNORECASE,
        ),
        coord_gap=re.compile(rf"^[\s,]*(?:{_alt(data['coordination_words'])})?[\s,]*$", re.IGNORECASE),
        coord_end=re.compile(rf"(?:,|\b(?:{_alt(data['coordination_words'])}))\s*$", re.IGNORECASE),
        partial_left=re.compile(rf"(?:{_alt(data['partial_cues'])})\W*\w*\W*$", re.IGNORECASE),
        place_tail=re.compile(rf"^\s*(?:{_alt(data['place_tail'])})\s+", re.IGNORECASE),
        bare_left=re.compile(rf"(?:{_alt(data['bare_number_cues'])})\s*$", re.IGNORECASE),
        unit_after=re.compile(rf"^\s*(?:{_alt(data['units_after'])})\b", re.IGNORECASE),
        bare_subject=re.compile(rf"^\s+(?:{_alt(data.get('bare_subject_after', ['(?!x)x']))})", re.IGNORECASE),
        elliptic=re.compile(rf"^\s+(?:{_alt(data.get('elliptic_after', ['(?!x)x']))})\b", re.IGNORECASE),
        detach=re.compile(rf"(?:{_alt(data['detached_clause'])})\b", re.IGNORECASE),
        clause_break=re.compile("|".join(data.get("clause_breaks", [";"])), re.IGNORECASE),
        civilian=re.compile(rf"\b(?:{_alt(groups['civilian'])})\b", re.IGNORECASE),
        child=re.compile(rf"\b(?:{_alt(groups['child'])})\b", re.IGNORECASE),
        combatant=re.compile(rf"\b(?:{_alt(groups['combatant'])})\b", re.IGNORECASE),
        women=_group_pattern(groups.get("women", [])),
        zero={role: _group_pattern(items) for role, items in data.get("zero_counts", {}).items()},
    )


def _group_pattern(nouns: list[str]) -> re.Pattern[str]:
    """Whole-word match of any of ``nouns``; never matches when the language lists none."""
    if not nouns:
        return re.compile("(?!)")
    return re.compile(rf"\b(?:{_alt(nouns)})\b", re.IGNORECASE)


@dataclass(slots=True)
class CountMention:
    """A number and what it counts, inside one sentence."""

    start: int
    end: int
    value: int | None
    noun: str
    civilian: bool = False
    child: bool = False
    women: bool = False
    role: str | None = None
    role_from: str | None = None  # "noun", "left" or "verb": only verb roles are shared
    parent: int | None = None  # index of the mention this one is a subset of ("dont")
    partial: bool = False  # a subset of an unstated total ("parmi les morts, 19 civils")
    place_text: str | None = None  # "dont quatre dans la localité de X": where this subset was
    detached: bool = False  # in a relative clause about another time or place ("où ...")
    elliptic: bool = False  # "48 autres": more of what the count before it counted


@dataclass(slots=True)
class Casualties:
    killed: int | None = None
    civilians: int | None = None
    children: int | None = None
    injured: int | None = None
    mentions: list[CountMention] = field(default_factory=list)
    women: int | None = None

    @property
    def killed_counts(self) -> list[CountMention]:
        """The sentence's own counts of dead: not a subset ("dont ..."), not in a clause about
        another time or place."""
        return [m for m in self.mentions if m.role == "killed" and m.parent is None and not m.detached]

    @property
    def any_killed(self) -> bool:
        """A killed mention exists, even a vague one ("des dizaines de morts")."""
        return any(m.role == "killed" for m in self.mentions)

    @property
    def empty(self) -> bool:
        return self.killed is None and self.injured is None and self.children is None


def find_mentions(sentence: str, lang: str = "fr") -> list[CountMention]:
    """Count mentions with their group flags, subset links and roles."""
    lex = lexicon(lang)
    mentions: list[CountMention] = []
    for m in lex.numbers.pattern.finditer(sentence):
        after = sentence[m.end() :]
        if lex.unit_after.match(after):
            continue
        value = parse_match(m, lex.numbers)
        noun_m = lex.noun_after.match(after)
        before = sentence[: m.start()]
        elliptic = bool(mentions) and bool(lex.elliptic.match(after))  # "48 autres"
        if noun_m:
            noun = noun_m.group("noun")
            phrase = noun_m.group(0)
            end = m.end() + noun_m.end("noun")
        elif (
            lex.bare_left.search(before)
            or lex.subset_gap.search(_gap(sentence, mentions, m.start()))
            or lex.bare_subject.match(after)
            or elliptic
        ):
            noun, phrase, end = "", "", m.end()
        else:
            continue
        if value is None and m.group("words"):
            continue
        if not noun and value is not None and YEARS[0] <= value <= YEARS[1] and m.group(0).isdigit():
            continue  # "En 2015 ont été tués...": a year, not a count
        mention = CountMention(
            start=m.start(),
            end=end,
            value=value,
            noun=noun.lower(),
            civilian=bool(lex.civilian.search(phrase)),
            child=bool(lex.child.search(phrase)),
            women=bool(lex.women.search(noun)),  # the noun itself: "quatre filles ainsi qu'une femme" is 1
        )
        if noun:
            for role in ROLES:
                if _is_role_noun(noun, role, lang):
                    mention.role, mention.role_from = role, "noun"
        mention.detached = bool(lex.detach.search(before))
        mention.elliptic = elliptic and not noun
        mentions.append(mention)
    _link_subsets(sentence, mentions, lex)
    _assign_roles(sentence, mentions, lex)
    return _with_zero_counts(sentence, mentions, lex)


def _with_zero_counts(sentence: str, mentions: list[CountMention], lex: CasualtyLexicon) -> list[CountMention]:
    """The mentions and, where the sentence says nobody was killed or hurt, a count of 0 for
    each such role: nobody hurt is nobody killed either ("ne faisant aucun blessé")."""
    roles: dict[str, int] = {}
    for role, pattern in lex.zero.items():
        m = pattern.search(sentence)
        if m:
            roles[role] = m.start()
            if role == "injured":
                roles.setdefault("killed", m.start())
    zeros = [
        CountMention(start=start, end=start, value=0, noun="", role=role, role_from="noun",
                     detached=bool(lex.detach.search(sentence[:start])))
        for role, start in roles.items()
        if not any(m.role == role for m in mentions)  # "trois morts et aucun blessé": 3 killed
    ]
    return mentions + zeros  # appended: subset links index the mentions before them


@cache
def _role_noun_patterns(lang: str) -> dict[str, re.Pattern[str]]:
    data = load_yaml(lang, "casualties.yaml")
    return {
        role: re.compile(rf"(?:{_alt(data[role]['nouns'])})", re.IGNORECASE)
        for role in ROLES
        if "nouns" in data.get(role, {})
    }


def _is_role_noun(noun: str, role: str, lang: str) -> bool:
    pattern = _role_noun_patterns(lang).get(role)
    return bool(pattern and pattern.fullmatch(noun))


def _gap(sentence: str, mentions: list[CountMention], start: int) -> str:
    prev_end = mentions[-1].end if mentions else 0
    return sentence[prev_end:start]


def _link_subsets(sentence: str, mentions: list[CountMention], lex: CasualtyLexicon) -> None:
    for i, mention in enumerate(mentions):
        if i > 0:
            gap = sentence[mentions[i - 1].end : mention.start]
            if lex.subset_gap.search(gap) and len(gap) < 40:
                parent = i - 1
                while mentions[parent].parent is not None:
                    parent = mentions[parent].parent  # type: ignore[assignment]
                # "19 civils, dont sept enfants": a subset of the nearest mention
                mention.parent = i - 1 if mentions[i - 1].parent is None else parent
                tail = lex.place_tail.match(sentence[mention.end :])
                if tail and not mention.noun:
                    mention.place_text = sentence[mention.end + tail.end() :][:80]
            elif mentions[i - 1].parent is not None and mention.noun and "," not in gap and lex.coord_gap.match(gap):
                # "onze personnes, dont deux femmes et trois enfants": the list goes on (a comma
                # closes it: "quinze civils, dont deux femmes, et dix combattants")
                mention.parent = mentions[i - 1].parent
        before = sentence[: mention.start]
        if mention.parent is None and lex.partial_left.search(before[-60:]):
            mention.partial = True
            mention.role, mention.role_from = "killed", "left"


def _assign_roles(sentence: str, mentions: list[CountMention], lex: CasualtyLexicon) -> None:
    tops = [i for i, m in enumerate(mentions) if m.parent is None]
    for k, i in enumerate(tops):
        mention = mentions[i]
        if mention.role:
            continue
        left_start = mentions[tops[k - 1]].end if k > 0 else 0
        mention.role = _left_cue_role(sentence[left_start : mention.start][-60:], lex)
        if mention.role:
            mention.role_from = "left"
            continue
        right_end = mentions[tops[k + 1]].start if k + 1 < len(tops) else len(sentence)
        window = sentence[mention.end : right_end]
        if k + 1 < len(tops):  # "..., tuant sept policiers": that verb is the next count's
            for pattern in lex.left_cue.values():
                cut = pattern.search(window)
                if cut:
                    window = window[: cut.start()]
        window = lex.clause_break.split(window, maxsplit=1)[0]
        mention.role = _first_role(window, lex)
        mention.role_from = "verb" if mention.role else None
    # coordination: "quinze civils et dix combattants ... tués" share the verb found last
    for k in range(len(tops) - 1, -1, -1):
        i = tops[k]
        if mentions[i].role is None and k + 1 < len(tops):
            nxt = tops[k + 1]
            # past its "dont" aside: "quinze civils, dont deux femmes, et dix combattants"
            aside_end = max([m.end for m in mentions[i + 1 : nxt] if m.parent == i], default=mentions[i].end)
            gap = sentence[aside_end : mentions[nxt].start]
            if mentions[nxt].role_from == "verb" and lex.coord_gap.match(gap):
                mentions[i].role, mentions[i].role_from = mentions[nxt].role, "verb"
    for k in range(1, len(tops)):
        i = tops[k]
        if mentions[i].role is None:
            prev = tops[k - 1]
            gap = sentence[mentions[prev].end : mentions[i].start]
            if mentions[prev].role_from in ("verb", "left") and lex.coord_end.search(gap):
                mentions[i].role, mentions[i].role_from = mentions[prev].role, "verb"
    for k in range(1, len(tops)):  # "72 victimes à X, 48 autres à Y": the same kind of count
        i = tops[k]
        if mentions[i].role is None and mentions[i].elliptic:
            mentions[i].role, mentions[i].role_from = mentions[tops[k - 1]].role, "left"
    for m in mentions:
        if m.parent is not None and m.role is None:
            m.role = mentions[m.parent].role


def _first_role(window: str, lex: CasualtyLexicon) -> str | None:
    best: tuple[int, str] | None = None
    for role, pattern in lex.verb.items():
        found = pattern.search(window)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), role)
    return best[1] if best else None


def _left_cue_role(window: str, lex: CasualtyLexicon) -> str | None:
    """A cue right before the count: "tuant six civils", "ont tué au moins 66 personnes"."""
    for role, pattern in lex.left_cue.items():
        if pattern.search(window):
            return role
    return None


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def summarise(mentions: list[CountMention]) -> Casualties:
    """Aggregate count mentions into the sentence's figures."""
    mentions = [m for m in mentions if not m.detached]
    killed_top = [m for m in mentions if m.role == "killed" and m.parent is None]
    whole = [m for m in killed_top if not m.partial]
    subsets = [m for m in mentions if m.role == "killed" and (m.parent is not None or m.partial)]
    killed = _sum([m.value for m in whole])
    civ_top = [m.value for m in whole if m.civilian]
    civilians = _sum(civ_top) if civ_top else _sum([m.value for m in subsets if m.civilian])
    child_top = [m.value for m in whole if m.child]
    children = (
        _sum(child_top) if child_top else _sum([m.value for m in subsets if m.child and not m.civilian])
    )
    if children is None:
        children = _sum([m.value for m in subsets if m.child])
    injured = _sum([m.value for m in mentions if m.role == "injured" and m.parent is None])
    # women: "trois femmes et deux enfants tués", "seven civilians, including four women"
    women_top = [m.value for m in whole if m.women]
    women = _sum(women_top) if women_top else _sum([m.value for m in subsets if m.women])
    return Casualties(killed, civilians, children, injured, mentions, women)


def extract_casualties(sentence: str, lang: str = "fr") -> Casualties:
    """Killed, civilians, children, women and injured stated in one sentence."""
    return summarise(find_mentions(sentence, lang))


@cache
def _cue_pattern(lang: str, key: str) -> re.Pattern[str]:
    return word_pattern(load_yaml(lang, "casualties.yaml").get(key, []))


def additive(sentence: str, lang: str = "fr") -> bool:
    """The sentence adds victims to an incident already counted ("a également été tué")."""
    return bool(_cue_pattern(lang, "additive_cues").search(sentence))


def superseded(sentence: str, lang: str = "fr") -> bool:
    """The sentence gives an earlier, replaced figure ("le précédent bilan")."""
    return bool(_cue_pattern(lang, "superseded_cues").search(sentence))
