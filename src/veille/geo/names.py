"""Language data for the geocoder (``veille/lang/<code>/geo.yaml``) and the parsing of a written
place name into the name proper and what its prefixes say.

"extrême sud-est de la province d'Idleb" -> core "Idleb", level hint "admin1", part of it.
"le village de Hbit" -> core "Hbit", level hint "locality".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from veille.errors import LexiconError
from veille.geo.fold import fold
from veille.lexicon import LANG_PACKAGE, load_yaml

GEO_FILE = "geo.yaml"
HINT_LEVELS = ("admin1", "admin2", "locality", "part")


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A written place name split into its core and what its prefixes or suffixes said."""

    core: str
    hint: str | None = None  # "admin1", "admin2" or "locality"
    part: bool = False  # "sud de", "près de", "banlieue de": part of / near the place


@dataclass(frozen=True, slots=True)
class GeoLexicon:
    """Every language's geo.yaml merged: the geocoder does not know the document's language."""

    prefixes: tuple[tuple[str, str], ...]  # (normalised phrase, kind), longest first
    compass: tuple[str, ...]
    articles: tuple[str, ...]
    suffixes: tuple[tuple[str, str], ...]
    aliases: dict[str, tuple[str, str | None]]  # folded name -> (country code, admin1 or None)
    not_places: frozenset[str]  # folded
    demonyms: dict[str, str]  # folded demonym -> country code
    prefix_re: re.Pattern[str] = re.compile("(?!)")
    compass_re: re.Pattern[str] = re.compile("(?!)")
    article_re: re.Pattern[str] = re.compile("(?!)")
    region_re: re.Pattern[str] = re.compile("(?!)")  # in running text: "province de Kossi"
    quarter_re: re.Pattern[str] = re.compile("(?!)")  # "quartier X de Y": groups q and c
    suffix_re: re.Pattern[str] = re.compile("(?!)")  # " <suffix>" at the end: group s
    suffix_kinds: dict[str, str] = field(default_factory=dict)  # suffix phrase -> kind
    prefix_kinds: dict[str, str] = field(default_factory=dict)  # prefix phrase -> kind


@dataclass(frozen=True, slots=True)
class Compound:
    """One way to split a compound name: its parts in the order to try them, and which part
    (if any) is the city that holds the others."""

    parts: tuple[str, ...]
    city: int | None = None


def _norm(text: str) -> str:
    """Lowercase, no accents, one kind of apostrophe, no brackets, single spaces."""
    if not text.isascii():  # ASCII has no accents to remove: skip the per-character pass
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("'", text.lower())
    text = _BRACKETS.sub(" ", text)
    return _SPACES.sub(" ", text).strip(" ,.;:")


_APOSTROPHES = re.compile(r"[’‘`´ʼ]")
_BRACKETS = re.compile(r"[()\[\]«»\"“”]")
_SPACES = re.compile(r"\s+")


def geo_languages() -> tuple[str, ...]:
    root = resources.files(LANG_PACKAGE)
    return tuple(sorted(e.name for e in root.iterdir() if e.is_dir() and (e / GEO_FILE).is_file()))


def _strings(data: dict, key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: '{key}' must be a list of strings")
    return value


@lru_cache(maxsize=1)
def geo_lexicon() -> GeoLexicon:
    """Load and merge ``geo.yaml`` of every language, once per process."""
    prefixes: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    compass: set[str] = set()
    articles: set[str] = set()
    aliases: dict[str, tuple[str, str | None]] = {}
    not_places: set[str] = set()
    demonyms: dict[str, str] = {}
    quarters: set[str] = set()
    quarter_links: set[str] = set()
    for lang in geo_languages():
        where = f"lang/{lang}/{GEO_FILE}"
        data = load_yaml(lang, GEO_FILE)
        for key in ("prefixes", "suffixes"):
            table = data.get(key, {})
            if not isinstance(table, dict) or not set(table) <= set(HINT_LEVELS):
                raise LexiconError(f"{where}: '{key}' must map {HINT_LEVELS} to lists")
            for kind in table:
                for phrase in _strings(table, kind, where):
                    (prefixes if key == "prefixes" else suffixes).setdefault(_norm(phrase), kind)
        compass.update(_norm(p) for p in _strings(data, "compass", where))
        articles.update(_norm(p) for p in _strings(data, "articles", where))
        quarters.update(_norm(p) for p in _strings(data, "quarters", where))
        quarter_links.update(_norm(p) for p in _strings(data, "quarter_links", where))
        not_places.update(fold(p) for p in _strings(data, "not_places", where))
        for name, target in (data.get("aliases") or {}).items():
            cc, _, admin1 = str(target).partition("/")
            aliases[fold(str(name))] = (cc.upper(), admin1 or None)
        for cc in data.get("demonyms") or {}:
            for word in _strings(data["demonyms"], cc, where):
                demonyms[fold(word)] = str(cc).upper()
    ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[0]))
    return GeoLexicon(
        prefixes=tuple(ordered),
        compass=tuple(sorted(compass, key=len, reverse=True)),
        articles=tuple(sorted(articles, key=len, reverse=True)),
        prefix_re=_alternation([p for p, _ in ordered]),
        compass_re=_alternation(sorted(compass, key=len, reverse=True)),
        article_re=_alternation(sorted(articles, key=len, reverse=True)),
        region_re=_region_pattern([p for p, kind in ordered if kind in ("admin1", "admin2")]),
        quarter_re=_quarter_pattern(quarters, quarter_links),
        suffixes=tuple(sorted(suffixes.items(), key=lambda kv: -len(kv[0]))),
        suffix_re=_suffix_pattern(list(suffixes)),
        suffix_kinds=dict(suffixes),
        prefix_kinds=dict(ordered),
        aliases=aliases,
        not_places=frozenset(not_places),
        demonyms=demonyms,
    )


def _suffix_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One of ``phrases`` ending a name after a space, with something before it; the longest
    phrase wins ("refugee camp" before "camp"), as the loop over phrases did."""
    if not phrases:
        return re.compile("(?!)")
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<=\S) (?P<s>{alternation})$")


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """Match one of ``phrases`` at the start, at a word boundary, with something after it."""
    elided = [re.escape(p) for p in phrases if p.endswith("'")]
    whole = [re.escape(p) for p in phrases if not p.endswith("'")]
    parts = []
    if elided:
        parts.append(rf"(?P<e>{'|'.join(elided)})\s*")
    if whole:
        parts.append(rf"(?P<w>{'|'.join(whole)})[\s-]+")
    return re.compile(rf"^(?:{'|'.join(parts) or '(?!)'})(?=\S)")


def _quarter_pattern(quarters: set[str], links: set[str]) -> re.Pattern[str]:
    """ "quartier X de Y", "X quarter of Y" on a normalised name: groups ``q`` and ``c``."""
    if not quarters or not links:
        return re.compile("(?!)")
    words = "|".join(re.escape(q) for q in sorted(quarters, key=len, reverse=True))
    link = "|".join(
        re.escape(w) + ("" if w.endswith("'") else r"\s") for w in sorted(links, key=len, reverse=True)
    )
    return re.compile(
        rf"^(?:(?:{words})\s+(?P<q>.+?)|(?P<q2>.+?)\s+(?:{words}))\s+(?:{link})\s*(?P<c>\S.*)$"
    )


_PAREN = re.compile(r"^(?P<a>[^()]*?)\s*\((?P<b>[^()]+)\)\s*(?P<z>[^()]*)$")
_DASH = re.compile(r"\s+[-–—]\s+|\s*[–—]\s*")


def compound_parts(name: str, lex: GeoLexicon | None = None) -> list[Compound]:
    """Ways to split a compound name, most likely first: "X (Y)", "X/Y" and "X, Y" are two names
    of one place (or a place and what holds it: "Abaluma (Buraki groupement, Banyali Kilo)",
    "Bata Pora village, Handwara sub-district"); "City -
    Quarter" and "quartier X de City" a quarter and its city."""
    lex = lex or geo_lexicon()
    text = _SPACES.sub(" ", name[:200]).strip()
    out: list[Compound] = []
    m = _PAREN.match(text)
    if m:
        outer = f"{m.group('a')} {m.group('z')}".strip()
        inner = [p.strip() for p in m.group("b").split(",") if p.strip()]
        out.append(Compound(tuple(p for p in (outer, *inner) if p)))
    if "/" in text:
        out.append(Compound(tuple(p.strip() for p in text.split("/") if p.strip())))
    if "," in text and not m:  # "Bata Pora village, Handwara sub-district": the place first
        out.append(Compound(tuple(p.strip() for p in text.split(",") if p.strip())))
    parts = [p.strip() for p in _DASH.split(text) if p.strip()]
    if len(parts) == 2:
        out.append(Compound((parts[0], parts[1]), city=0))
    m = lex.quarter_re.match(_norm(text))
    if m:
        out.append(Compound(((m.group("q") or m.group("q2")).strip(), m.group("c").strip()), city=1))
    return [c for c in out if len(c.parts) > 1 or (c.parts and c.parts[0] != text)]


def _region_pattern(phrases: list[str]) -> re.Pattern[str]:
    """A region or district prefix followed by one or two words, in running text whose accents
    were removed: "province de Kossi", "Etat de Borno", "province d'Al-Jawf"."""
    alternation = "|".join(re.escape(p).replace("'", "['’]") for p in phrases)
    return re.compile(
        rf"\b(?i:{alternation})\s*(?i:la |le |l['’])?"
        r"\w[\w'’-]+(?:[ -](?:al|el|ez|ad|as|de|du)?[ -]?[A-Z][\w'’-]+)?"
    )


def parse_name(name: str, lex: GeoLexicon | None = None) -> ParsedName:
    """Strip prefixes ("province de", "le village de"), compass words followed by a linker
    ("sud du", "extrême sud-est de la") and suffixes ("Idleb (province)") from a written name."""
    lex = lex or geo_lexicon()
    prefix_re, compass_re, article_re = lex.prefix_re, lex.compass_re, lex.article_re
    kinds = lex.prefix_kinds or dict(lex.prefixes)  # built once with the lexicon
    text = _norm(name[:200])
    hint: str | None = None
    part = False
    while text:
        m = prefix_re.match(text)
        if m:
            kind = kinds[m.group("e") or m.group("w")]
            text = text[m.end() :]
            if kind == "part":
                part = True
            elif hint is None or kind == "admin1":
                hint = kind
            continue
        m = compass_re.match(text)
        if m and article_re.match(text[m.end() :]):
            text, part = text[m.end() :], True
            continue
        m = article_re.match(text)
        if m:
            text = text[m.end() :]
            continue
        break
    m = lex.suffix_re.search(text) if " " in text else None
    if m:  # the longest suffix phrase that ends the name (one regex, not a loop over phrases)
        phrase = m.group("s")
        kind = lex.suffix_kinds[phrase]
        text = text[: -len(phrase) - 1].strip()
        if kind == "part":
            part = True
        elif hint is None:
            hint = kind
    return ParsedName(core=text, hint=hint, part=part)
