"""Place mentions in a sentence: prefixed names ("la province d'Idleb", "le village de Hbit"),
bare proper names after a preposition ("à Mansoura"), anaphors ("cette province") and ellipses
("celle d'Idleb"). Vocabulary: ``lang/<code>/places.yaml``. Resolution to coordinates and
regions is the geocoder's job; this module only finds and classifies the mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from veille.lexicon import load_wordlist, load_yaml
from veille.model import Place

# A proper name: capitalised words, joined by particles such as al-, el-, ez, de, d' ("Côte d'Ivoire").
NAME = (
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'-]*|(?:al|el|ad|ar|as|ash|at|az|ez|an|ed|es|en)-[A-ZÀ-ÖØ-Þ][\w’'-]*)"
    r"(?:(?:[ -]|\s(?:al|el|az|ez|ad|ed|ar|ash|ibn|bin|ben|abu|bou|da|do|dos|das|del|di)[ -]|[ -](?:al|el|ad|ar|as|ash|at|az|ez|an|ed|es|en)-|\sd['’])"
    r"[A-ZÀ-ÖØ-Þ][\w’'-]*)*"
)


NAME_RE = re.compile(NAME)
GAZETTEER_ONLY = "gazetteer"
"""Hint of a capitalised name no pattern introduced: a place only if the gazetteer knows it."""
NEVER = re.compile(r"(?!x)x")
DATELINE = re.compile(
    rf"^\s*(?:(?:{NAME})(?:,\s*[\w ]+)?\s*(?:\((?:AFP|Reuters|AP)\)\s*)?[—–-]\s|\((?:{NAME})\)\s)"
)
"""Where a dispatch was filed: "Niamey — ", "BAGDAD (Reuters) - ", "(Beyrouth) "."""


@dataclass(frozen=True, slots=True)
class PlaceLexicon:
    prefixed: re.Pattern[str]
    prefix_level: dict[str, str]
    bare: re.Pattern[str]
    anaphor: tuple[tuple[str, re.Pattern[str]], ...]
    ellipsis: re.Pattern[str]
    stop_names: frozenset[str]
    coordinated: re.Pattern[str]
    landmark: re.Pattern[str]
    relative_direction: re.Pattern[str]
    region_article: re.Pattern[str]
    region_query: str
    metonyms: frozenset[str]
    suffixed: re.Pattern[str]
    suffix_level: dict[str, str]
    conjunction: re.Pattern[str]
    adjective_noun: re.Pattern[str]  # right after a capitalised word: that word is an adjective
    apposed: re.Pattern[str]  # "le quartier Chamas", "Barangay Baguindan": a prefix, then the name
    preposition_before: re.Pattern[str]  # a preposition (and article) ending where a name starts
    openers: frozenset[str]  # sentence adverbs set off by a comma ("Toutefois,"): never places
    named_thing: re.Pattern[str]  # "l'opération Barkhane", "le colonel X": the noun the name names
    people_before: re.Pattern[str]  # "les Kurdes", "deux Européens": a plural name after these is people
    joint: re.Pattern[str]  # what joins two coordinated names: ", ", " et ", ", and à "


@cache
def lexicon(lang: str) -> PlaceLexicon:
    data = load_yaml(lang, "places.yaml")
    prefix_level = {p.lower(): level for level, items in data["prefixes"].items() for p in items}
    suffix_level = {p.lower(): level for level, items in data.get("suffixes", {}).items() for p in items}
    suffixes = "|".join(sorted((re.escape(p) for p in suffix_level), key=len, reverse=True))
    not_kind = "|".join(data.get("suffix_not_before", ["(?!x)x"]))
    prefixes = "|".join(sorted((re.escape(p) for p in prefix_level), key=len, reverse=True))
    linkers = "|".join(sorted((re.escape(x) for x in data["linkers"]), key=len, reverse=True))
    preps = "|".join(sorted((re.escape(x) for x in data["prepositions"]), key=len, reverse=True))
    # "A Bagdad, ...": "À" written without its accent, matched with its case only (not the verb "a")
    unaccented = "|".join(re.escape(x) for x in data.get("unaccented_prepositions", []))
    preps = f"(?i:{preps})" + (f"|{unaccented}" if unaccented else "")
    # "(la) province (de) X", optionally chained: "la périphérie de la province d'Idleb"
    prefixed = re.compile(
        rf"(?<![\w-])(?P<prefix>(?i:{prefixes}))(?:\s+[a-zà-öø-ÿ-]+)?\s+(?i:{linkers})\s*(?i:la\s+|l'|le\s+)?"
        rf"(?:(?P<inner>(?i:{prefixes}))\s+(?i:{linkers})\s*)?\)?\s*(?P<name>{NAME})"
    )
    articles = "|".join(data.get("articles", ["la\\s+", "le\\s+", "l'", "les\\s+"]))
    bare = re.compile(rf"(?<![\w-])(?:{preps})\s*(?i:{articles})?(?P<name>{NAME})")
    anaphor = tuple(
        (level, re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(x) for x in items) + r")(?![\w-])", re.IGNORECASE))
        for level, items in data["anaphors"].items()
    )
    conjunctions = "|".join(data.get("coordination", ["and"]))
    # what joins a coordinated name to the one before it: ", ", " et ", ", and in ", " and southern "
    joint = (
        rf"(?:\s*,\s*(?:(?i:{conjunctions})\s+)?|\s+(?i:{conjunctions})\s+)"
        rf"(?:(?i:{'|'.join(data.get('coordination_prepositions', ['at']))})\s*)?"
        rf"(?:(?:{'|'.join(data.get('coordination_modifiers', ['(?!x)x']))})\s+)?"
    )
    return PlaceLexicon(
        prefixed=prefixed,
        prefix_level=prefix_level,
        bare=bare,
        anaphor=anaphor,
        ellipsis=re.compile(rf"(?i:{'|'.join(data['ellipsis'])})\s*(?P<name>{NAME})"),
        stop_names=frozenset(n.lower() for n in data["stop_names"]),
        adjective_noun=re.compile(rf"\s+(?:{'|'.join(data.get('adjective_nouns', ['(?!x)x']))})\b", re.IGNORECASE),
        conjunction=re.compile(rf"\b(?i:{conjunctions})\b"),
        coordinated=re.compile(rf"{joint}(?P<name>{NAME})"),
        landmark=re.compile(
            r"(?:" + "|".join(data.get("landmark_cues", ["\x00"])) + r")\s*(?:la |le |l')?"
            r"(?:(?:" + "|".join(data.get("landmark_appositions", ["\x00"])) + r")\s+)?$",
            re.IGNORECASE,
        ),
        relative_direction=re.compile(
            r"(?:" + "|".join(data.get("relative_direction_before", ["\x00"])) + r")\s*$", re.IGNORECASE
        ),
        region_article=re.compile(
            r"\b(?:" + "|".join(data.get("region_articles", ["\x00"])) + r")\s*$", re.IGNORECASE
        ),
        region_query=data.get("region_query", "{name}"),
        metonyms=frozenset(n.lower() for n in data.get("metonym_capitals", [])),
        suffixed=re.compile(
            rf"(?P<name>{NAME})\s+(?P<suffix>(?i:{suffixes}))(?![\w-])(?!\s+(?i:{not_kind})\b)"
        ) if suffixes else NEVER,
        suffix_level=suffix_level,
        apposed=_apposed_pattern(data.get("apposed", [])),
        openers=frozenset(w.lower() for w in data.get("sentence_openers", [])),
        named_thing=re.compile(
            rf"(?<![\w-])(?i:{'|'.join(data.get('names_of_things', ['(?!x)x']))})\s+$"
        ),
        preposition_before=re.compile(rf"(?<![\w-])(?:{preps})\s*(?i:{articles})?$"),
        people_before=re.compile(
            rf"(?<![\w-])(?:{'|'.join(data.get('people_determiners', ['(?!x)x']))})\s+$", re.IGNORECASE
        ),
        joint=re.compile(joint),
    )


def _apposed_pattern(prefixes: list[str]) -> re.Pattern[str]:
    """A place noun and the name right after it, no "de" between ("au village Gaboua")."""
    if not prefixes:
        return NEVER
    alternatives = "|".join(sorted((re.escape(p) for p in prefixes), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?P<prefix>(?i:{alternatives}))\.?\s+(?P<name>{NAME})")


@dataclass(slots=True)
class PlaceMention:
    """A place named (or referred to) in a sentence."""

    text: str  # as written, for the event's location
    name: str  # the proper name passed to the geocoder
    start: int
    end: int
    hint: str | None  # "admin1", "admin2", "town", "part", "site" from a prefix; None for a bare name
    # ("beside": a bare name before its town, "list": in a list of names after a preposition)
    anaphor: str | None = None  # level an anaphor refers to ("admin1", "town")
    place: Place | None = None
    within: str | None = None  # the possessor of an English possessive ("Syria" in "Syria's Idlib")

    @property
    def resolved(self) -> bool:
        return self.place is not None and self.place.status == "resolved"


POSSESSIVE = re.compile(r"^[^\s]+(?:\s[^\s]+)*?['’]s\s+(?=[A-ZÀ-ÖØ-Þ])")
"""English "Kashmir's Anantnag district": the place is what the possessive introduces."""
POSSESSIVE_END = re.compile(r"['’]s$")


def _after_possessive(mention: PlaceMention) -> PlaceMention:
    cut = POSSESSIVE.match(mention.name)
    if cut is None:
        if not (POSSESSIVE_END.search(mention.name) and mention.text.endswith(mention.name)):
            return mention
        # "Ukraine's southern Kherson region": the possessor is named for itself, without "'s"
        return PlaceMention(text=mention.text[:-2], name=mention.name[:-2], start=mention.start,
                            end=mention.end - 2, hint=mention.hint, anaphor=mention.anaphor, place=mention.place)
    name = mention.name[cut.end() :]
    text = mention.text[mention.text.find(name) :] if name in mention.text else name
    within = mention.name[: cut.end()].rstrip().removesuffix("s").rstrip("'’")
    return PlaceMention(text=text, name=name, start=mention.end - len(text), end=mention.end,
                        hint=mention.hint, anaphor=mention.anaphor, place=mention.place, within=within)


def _clean_name(name: str) -> str:
    return name.strip(" '’-")


def find_place_mentions(sentence: str, lang: str = "fr") -> list[PlaceMention]:
    """Candidate place mentions, without overlaps, in text order."""
    lex = lexicon(lang)
    found: list[PlaceMention] = []

    def add(mention: PlaceMention) -> None:
        mention = _after_possessive(mention)
        if mention.name.lower() in lex.stop_names:
            return
        if mention.name.lower() in lex.metonyms and mention.hint == "ner":
            return
        if any(mention.start < m.end and m.start < mention.end for m in found):
            return
        found.append(mention)

    for m in lex.prefixed.finditer(sentence):
        outer = lex.prefix_level.get(m.group("prefix").lower())
        inner = lex.prefix_level.get(m.group("inner").lower()) if m.group("inner") else None
        level = inner or outer
        name = _clean_name(m.group("name"))
        words = m.group(0).split()
        if outer == "site":
            level, text = "site", m.group(0)  # "la banlieue sud de Beyrouth", as written
        elif level == "direction" or (
            level == "part" and len(words) > 1 and lex.prefix_level.get(words[1].lower()) == "direction"
        ):
            # "le sud du Liban", "au nord de Bagdad", "la banlieue sud de Beyrouth": a part of
            # the place, written in full
            level, text = "part", m.group(0)
        elif level in ("admin1", "admin2", "site"):
            text = m.group(0)  # "(la périphérie de) la province d'Idleb", "l'aéroport de Donetsk"
        else:
            text = name  # "le village de Hbit", "le marché ... de Bagdad" -> the town
        add(PlaceMention(text=text, name=name, start=m.start(), end=m.end(), hint=level))
        plural = m.group(0).split()[0].lower().endswith("s")
        if level in ("town", "admin2") or (level == "admin1" and plural):
            # "les villes de Khan Sheikhoun et Benish": coordinated names share the prefix
            for more in _coordinated(sentence, m.end(), lex):
                extra = _clean_name(more.group("name"))
                add(PlaceMention(extra, extra, more.start("name"), more.end(), hint=level))
    for m in lex.apposed.finditer(sentence):
        name = _clean_name(m.group("name"))
        level = lex.prefix_level.get(m.group("prefix").lower(), "town")
        add(PlaceMention(text=name, name=name, start=m.start(), end=m.end(), hint=level))
        for more in _coordinated(sentence, m.end(), lex):  # "aux villages Liko et Lai"
            extra = _clean_name(more.group("name"))
            add(PlaceMention(extra, extra, more.start("name"), more.end(), hint=level))
    for m in lex.suffixed.finditer(sentence):  # English order: "Idlib province", "Kaduna state"
        level = lex.suffix_level.get(m.group("suffix").lower())
        name = _clean_name(m.group("name"))
        text = name if level == "town" else m.group(0)  # "Kijimatari village" -> Kijimatari
        add(PlaceMention(text=text, name=name, start=m.start(), end=m.end(), hint=level))
    for m in lex.ellipsis.finditer(sentence):
        name = _clean_name(m.group("name"))
        add(PlaceMention(text=name, name=name, start=m.start(), end=m.end(), hint="ellipsis"))
    for m in lex.bare.finditer(sentence):
        name = _clean_name(m.group("name"))
        head = PlaceMention(text=name, name=name, start=m.start("name"), end=m.end(), hint=None)
        add(head)
        for more in _coordinated(sentence, m.end(), lex):  # "sur Drouzhkivka, Dobropillya et Lyman"
            extra = _clean_name(more.group("name"))
            add(PlaceMention(extra, extra, more.start("name"), more.end(), hint="list"))
            head.hint = "list"  # a list of names after a preposition: places, known or not
    _set_beside_its_town(found, sentence)
    for level, pattern in lex.anaphor:
        for m in pattern.finditer(sentence):
            add(PlaceMention(text=m.group(0), name="", start=m.start(), end=m.end(), hint=None, anaphor=level))
    dateline = DATELINE.match(sentence)
    if dateline:  # "Niamey — Dix-sept soldats...": where the dispatch was filed
        found = [m for m in found if m.start >= dateline.end()]
    found.sort(key=lambda p: p.start)
    return found


APPOSITION = re.compile(r"\s*,\s*(?:[^\W\d]{1,3}\s+|[^\W\d]['’])?")
"""What separates a place from the town or region named right after it: a comma and at most an
article ("in Gumhang, Tinoc town", "à Kafolo, la ville de Kong", "une localité de")."""


def _apposed(first: PlaceMention, then: PlaceMention, sentence: str) -> bool:
    """Does ``then`` follow ``first`` with only a comma and an article between them?"""
    return first.end <= then.start and bool(APPOSITION.fullmatch(sentence[first.end : then.start]))


def _set_beside_its_town(found: list[PlaceMention], sentence: str) -> None:
    """A bare name followed, after a comma, by a town or region ("attacked in Gumhang, Tinoc
    town", "à Kafolo, commune de Kong") is a place inside it, known to the gazetteer or not: the
    village named next to its town, the most precise place the text gives."""
    for m, after in pairwise(sorted(found, key=lambda m: m.start)):
        if m.hint is None and not m.anaphor and after.hint in ("town", "admin2", "admin1") and _apposed(m, after, sentence):
            m.hint = "beside"


def holds_beside(places: list[PlaceMention], m: PlaceMention, sentence: str) -> bool:
    """Is ``m`` the town or region a "beside" name was set in ("Tinoc" in "Gumhang, Tinoc town")?"""
    return any(o.hint == "beside" and _apposed(o, m, sentence) for o in places)


def _coordinated(sentence: str, pos: int, lex: PlaceLexicon) -> list[re.Match[str]]:
    """The names coordinated after a place: "X, Y et Z", "X and Y". A list ends with a
    conjunction; names joined by commas alone are an apposition ("le maire de Kharkiv, Ihor
    Terekhov, a dit"), not more places."""
    links = []
    while more := lex.coordinated.match(sentence, pos):
        links.append(more)
        pos = more.end()
    while links and not lex.conjunction.search(_joint(links[-1])):
        links.pop()
    return links


def coordinated_lists(places: list[PlaceMention], sentence: str, lang: str) -> list[list[int]]:
    """Indices (in ``places``) of the names a sentence coordinates: "les villages de Mabuo, Beu
    et Makakwa", "Tse-Abi, Tse-Ginde and Agenke". A list ends with a conjunction; names joined
    by commas alone are an apposition ("Gumhang, Tinoc town"), and a name set beside its town
    starts no list."""
    lex = lexicon(lang)
    order = sorted(range(len(places)), key=lambda k: places[k].start)
    lists: list[list[int]] = []
    run: list[int] = []
    joints: list[str] = []

    def close() -> None:
        while joints and not lex.conjunction.search(joints[-1]):
            joints.pop()
            run.pop()
        if len(run) >= 2:
            lists.append(list(run))

    for k in order:
        m = places[k]
        if m.anaphor:
            continue
        if run:
            between = sentence[places[run[-1]].end : m.start]
            if lex.joint.fullmatch(between) and places[run[-1]].hint != "beside":
                run.append(k)
                joints.append(between)
                continue
            close()
        run, joints = [k], []
    if run:
        close()
    return lists


def _joint(link: re.Match[str]) -> str:
    """What joins a coordinated name to the one before it (", ", " et ", ", and ")."""
    return link.group(0)[: link.start("name") - link.start()]


PLURAL_WORD = re.compile(r"[^\W\d_]{3,}[sx]")
INITIALS = re.compile(r"[A-Z]{2,6}")


def is_initials(name: str) -> bool:
    """An organisation's initials ("FAR", "SADC", "UNRWA"): the model's tagger often takes them
    for places, and a place named in capitals alone is a dateline, which is read apart."""
    return bool(INITIALS.fullmatch(name))


def names_a_thing(sentence: str, start: int, lang: str) -> bool:
    """A name right after "l'opération", "le colonel", "la famille" names that thing, not a
    village of that name."""
    return bool(lexicon(lang).named_thing.search(sentence, max(0, start - 30), start))


def names_people(sentence: str, start: int, name: str, lang: str) -> bool:
    """A single capitalised plural after a plural determiner or a number names people, not a
    place: "dirigée par les Kurdes", "dont deux Européens", "two Americans". (Plural countries,
    "les Philippines", are found by the country patterns before names are read this way.)"""
    return bool(PLURAL_WORD.fullmatch(name)) and bool(
        lexicon(lang).people_before.search(sentence, max(0, start - 20), start)
    )


def unmarked_names(sentence: str, taken: list[tuple[int, int]], lang: str = "fr") -> list[PlaceMention]:
    """Capitalised names no pattern introduced ("Kidal et Tombouctou ont été touchées", "notamment
    Dnipro et Sumy"): candidates only, hint ``gazetteer``; the geocoder keeps those it knows in
    the document's countries and drops the rest."""
    lex = lexicon(lang)
    function_words = _function_words(lang)
    dateline = DATELINE.match(sentence)
    out = []
    for m in NAME_RE.finditer(sentence):
        start, end = m.start(), m.end()
        if (start > 0 and (sentence[start - 1].isalnum() or sentence[start - 1] in "-'’")) or (dateline and start < dateline.end()):
            continue
        if any(start < e and s < end for s, e in taken):
            continue
        opening = sentence[dateline.end() if dateline else 0 : start]
        if not opening.strip(" \"'«“—–-(") and not _stands_as_subject(sentence, end, lex):
            continue  # a sentence's first word (after a dateline) is capitalised whatever it is
        name = _clean_name(m.group(0))
        key = name.lower()
        if len(name) < 3 or name.isupper() or "'" in name or "’" in name:
            continue  # acronyms, datelines in capitals, "L'attaque", "Syria's"
        if key in lex.stop_names or key in lex.metonyms or key in function_words:
            continue
        if lex.adjective_noun.match(sentence, end):
            continue  # "seven Colombian soldiers"
        if names_a_thing(sentence, start, lang) or names_people(sentence, start, name, lang):
            continue
        out.append(PlaceMention(text=name, name=name, start=start, end=end, hint=GAZETTEER_ONLY))
    return out


def _stands_as_subject(sentence: str, end: int, lex: PlaceLexicon) -> bool:
    """A sentence's first name read as a place: coordinated with another name ("Kidal et
    Tombouctou ont été touchées") or set off by a comma ("Kharkiv, deuxième ville du pays, a
    essuyé des tirs")."""
    rest = sentence[end:]
    if lex.coordinated.match(sentence, end) and lex.conjunction.match(rest.strip()):
        return True
    return rest.startswith(",") and sentence[:end].strip(" \"'«“—–-(").lower() not in lex.openers


@cache
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in load_wordlist(lang, "stopwords.txt"))


def follows_preposition(text: str, start: int, lang: str = "fr") -> bool:
    """Whether a preposition introduces the name at ``start`` ("à Damas", "sur la Syrie")."""
    return bool(lexicon(lang).preposition_before.search(text, max(0, start - 40), start))


def stop_names(lang: str) -> frozenset[str]:
    """Lower-cased capitalised words that are not places without a preposition before them."""
    lex = lexicon(lang)
    return lex.stop_names | lex.metonyms


def is_landmark(text: str, mention: PlaceMention, lang: str = "fr") -> bool:
    """A place named only to situate another: "près de X", "au nord de X"."""
    lex = lexicon(lang)
    before = text[max(0, mention.start - 40) : mention.start]
    if lex.landmark.search(before):
        return True
    return mention.hint == "part" and mention.text[:1].islower() and bool(lex.relative_direction.search(before))


def has_region_article(text: str, mention: PlaceMention, lang: str = "fr") -> bool:
    """"le Sahel": an article before a name marks a region, not a town."""
    return bool(lexicon(lang).region_article.search(text[max(0, mention.start - 5) : mention.start]))


def region_query(name: str, lang: str = "fr") -> str:
    """How to ask the geocoder for the region called ``name``."""
    return lexicon(lang).region_query.format(name=name)


def metonym_capitals(lang: str) -> frozenset[str]:
    """Capitals that stand for governments unless a preposition makes them places."""
    return lexicon(lang).metonyms
