"""Place name -> :class:`~veille.model.Place`: candidates from the gazetteer, ranked in context.

Matching, in order, stopping at the first pass that finds something where the context points:

1. exact folded name (``fold``), primary or alternate, on the name without its prefixes, then on
   the whole name (with a stated context, also without an article glued on: "Elharir");
2. with a stated country (``GeoContext.strict``): every name of the country's places, alternates
   included, under its loose frame (:mod:`veille.geo.translit`), then frames one edit away
   (:mod:`veille.geo.loose`, per-country indexes built on first use);
   otherwise: same consonant skeleton (``skeleton``) among primary names, for names of 4+
   letters, then fuzzy (rapidfuzz ratio >= ``FUZZY_CUTOFF``) among primary keys of the same first
   letter and nearly the same length, for names of ``FUZZY_MIN_LEN``+ letters.

A stated country is a hard filter (admitting the territories it covers,
:mod:`veille.geo.territories`); a stated region a strong prior. With a stated context, compound
names ("X (Y)", "X/Y", "X, Y", "City - Quarter", "quartier X de City") try their parts when the
whole is not found. The document context of the extractor (not strict) keeps the earlier
behaviour, measured on the extraction corpora; there, GeoNames villages outside the WOF
countries count only in the document's countries and only by exact name.

Candidates are scored by match quality, the context (country, admin1, admin2, distance to the
document's other places), the level and population of the place, the number of its names (with a
stated country) and its WOF status (current, deprecated).
When the two best distinct places are too close in score, the answer is ``ambiguous``: it keeps
only what they share (country, admin1), with the region's coordinates at precision 3.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from veille.geo.context import EMPTY, GeoContext, context_from_text, distance_km
from veille.geo.fold import fold, skeleton
from veille.geo.gazetteer import COORD_SCALE, LEVELS, PRIMARY, Gazetteer, entries, load_gazetteer
from veille.geo.loose import CountryIndex, LooseIndexes
from veille.geo.names import GeoLexicon, ParsedName, compound_parts, geo_lexicon, parse_name
from veille.geo.territories import with_territories
from veille.geo.translit import loose_keys, unglued
from veille.model import Place

FUZZY_MIN_LEN = 6
FUZZY_CUTOFF = 86.0
SKELETON_MIN_LEN = 4
MIN_LEN = 3
"""Folded names shorter than this (letters only) resolve only through aliases."""
WORLD_VILLAGE_POP = 5000
"""GeoNames places outside the WOF countries smaller than this are villages (see
``_world_village``); the gazetteer keeps them only where conflicts are reported village by
village (``data/countries.yaml``, ``small_places``)."""
WEAK_MIN_POP = 1000
"""A skeleton or fuzzy match outside the document's countries needs a town at least this big."""
AMBIGUITY_MARGIN = 0.12
STRICT_AMBIGUITY_MARGIN = 0.12
"""The margin when the caller states the context (measured on the UCDP benchmark's tuned part)."""
SAME_PLACE_KM = 15.0
_SAME_PLACE_LAT = int(SAME_PLACE_KM / 110.0 * COORD_SCALE) + 1
"""Latitude difference (gazetteer units) beyond which two places are surely SAME_PLACE_KM apart."""
BIG_RATIO = 5
BIG_RATIO_MIN_POP = 10_000
"""A town of BIG_RATIO_MIN_POP+ people, BIG_RATIO times bigger than a namesake, is no rival."""
CAPITAL_MIN_POP = 20_000
"""A bare region name goes to the town of that name in it when the town is at least this big."""
SECONDARY_QUALITY = 0.75
"""Match quality of a name in another language or script than the place's own, English, French."""
SPELLING_BONUS = 0.15
"""Added when a place's name is spelt exactly as written (accents and case aside), so that
"Mann" prefers the village Mann to the village Man, both folding to "man"."""
KNOWN_CITY = 100_000
"""Cities this big are known under foreign names ("Londres", "Moscou", "Pékin"): those names
count in full, where a village's name in another language counts only half its size."""
UNGLUED_QUALITY = 0.9
"""Match quality of a name found only without an article glued to it ("Elharir" -> Harir)."""
LOOSE_BASE = 0.3
LOOSE_SPAN = 0.6
LOOSE_EDIT_COST = 0.1
LOOSE_SECONDARY_COST = 0.05
LOOSE_MIN_SIM = 0.7
LOOSE_EDIT_SIM = 0.12
"""A loose match's folded name must be at least LOOSE_MIN_SIM similar (rapidfuzz ratio / 100),
plus LOOSE_EDIT_SIM when its frame is one edit away."""
LOOSE_MAX_LEVEL = LEVELS.index("admin2")
LOOSE_EDIT_MIN = 3
"""Frames shorter than this get no edit-distance pass."""
LOOSE_EDIT_LIMIT = 40
MAX_CANDIDATES = 400
"""A key shared by more places than this (a generic word) is looked at through its first ones."""

STATED_ADMIN1 = 1.0
"""Score for lying in a region the caller states (``GeoContext.strict``); a region the document
merely names gives 0.5."""
ADMIN2_BONUS = 0.3
"""Score for lying in a district the caller gives."""
PROMINENCE = 0.04
PROMINENCE_CAP = 8
"""Score per distinct name a town has in the gazetteer (up to the cap): a town known under
many spellings and languages is more likely the one news means than a namesake known under one
(a feature of Mordecai's ranking). Counted where the country is known."""
DISTRICT_QUALITY_GAP = SPELLING_BONUS + (1.0 - SECONDARY_QUALITY) + 0.05
"""... and matches the name at most this much worse: a town found only under an alternate name
still beats a district spelt exactly as written ("Taluqan": the district, and the town
Taloqan, also written Taluqan)."""
DISTRICT_MARGIN = 0.5
"""A town named like its district wins when it scores at most this much below the district."""

LEVEL_PRIOR = {
    "country": 0.55,
    "admin1": 0.45,
    "admin2": 0.12,
    "locality": 0.0,
    "neighbourhood": -0.1,
}
STATUS_PRIOR = {1: 0.05, -1: 0.0, 0: -0.12, -2: -0.3}
ADMIN2_LEVELS = ("admin2", "locality", "neighbourhood")
"""Levels whose district (admin2) a place reports: a region or a country has none."""
_LOCALITY_CODE = LEVELS.index("locality")
_ADMIN1_CODE = LEVELS.index("admin1")
"""Level codes from this one up are regions and countries."""
PRECISION = {"country": 3, "admin1": 3, "admin2": 2, "locality": 1, "neighbourhood": 1}


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def _plain(text: str) -> str:
    """Letters and digits only, lowercase, without accents."""
    if text.isascii():
        return _NOT_ALNUM.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _renamed(place: Place, name: str) -> Place:
    """A copy of ``place`` under the name as written (cheaper than ``dataclasses.replace``)."""
    p = place
    return Place(
        name=name,
        canonical=p.canonical,
        gazetteer_id=p.gazetteer_id,
        lat=p.lat,
        lon=p.lon,
        admin1=p.admin1,
        country=p.country,
        country_code=p.country_code,
        admin2=p.admin2,
        precision=p.precision,
        level=p.level,
        status=p.status,
        candidates=p.candidates,
    )


@lru_cache(maxsize=4096)
def _widened(ctx: GeoContext) -> GeoContext:
    """A stated context whose countries include the territories they cover (Israel: the West
    Bank and Gaza), see :mod:`veille.geo.territories`."""
    countries = with_territories(ctx.countries)
    return ctx if countries == ctx.countries else replace(ctx, countries=countries)


@dataclass(slots=True)
class _Candidate:
    row: int
    quality: float
    primary: bool = True  # matched one of the place's own, English or French names
    score: float = 0.0


class Geocoder:
    """Resolves place names against one loaded :class:`Gazetteer`. Use :func:`get_geocoder`."""

    def __init__(self, gazetteer: Gazetteer, lexicon: GeoLexicon) -> None:
        self.gz = gazetteer
        self.lex = lexicon
        self._cached = lru_cache(maxsize=100_000)(self._lookup)
        self.loose = LooseIndexes(gazetteer)
        self._parse = lru_cache(maxsize=65536)(self._parse_name)
        self._cc_positions: dict[frozenset[str], frozenset[int]] = {}

    # ------------------------------------------------------------------ public

    def lookup(self, name: str, ctx: GeoContext | None = None) -> Place:
        """Resolve one place name as written ("Alep", "province d'Idleb", "Syrie") in an
        optional document context. Never raises on odd input: empty, very long or non-Latin
        names come back with ``status="unknown"`` when nothing matches."""
        if not isinstance(name, str):
            name = "" if name is None else str(name)
        ctx = ctx or EMPTY
        if ctx.strict and ctx.countries:
            ctx = _widened(ctx)
        place = self._cached(name[:300], ctx)
        return _renamed(place, name)

    def country_of_text_token(self, token: str) -> str | None:
        """ISO code of a country named or qualified by one word or phrase: "syrien",
        "Syrie", "irakiennes", "Syria", "RDC". None when it names no country."""
        key = fold(token or "")
        if not key:
            return None
        if key in self.lex.demonyms:
            return self.lex.demonyms[key]
        alias = self.lex.aliases.get(key)
        if alias and alias[1] is None:
            return alias[0]
        for entry in entries(self.gz.index.get(key)):
            row = entry >> 1
            if entry & PRIMARY and self.gz.level(row) == "country":
                return self.gz.cc(row)
        return None

    def context_from_text(self, text: str) -> GeoContext:
        """A rough context from a whole document; see :func:`veille.geo.context.from_text`."""
        return context_from_text(self, text)

    def country_name(self, cc: str) -> str | None:
        """English short name of a country code ("SY" -> "Syria")."""
        row = self.gz.country_row(cc.upper())
        return self.gz.canonicals[row] if row is not None else None

    def admin2_of(self, gazetteer_id: str | None) -> str | None:
        """District (admin2) of the gazetteer place ``gazetteer_id`` when it is a district, a
        town or a neighbourhood whose district is known; None otherwise."""
        row = self.gz.row_of_id.get(gazetteer_id) if gazetteer_id else None
        if row is None or self.gz.level(row) not in ADMIN2_LEVELS:
            return None
        return self.gz.admin2(row) or None

    def resolve_admin1(self, cc: str, text: str) -> tuple[str, str] | None:
        """(country code, gazetteer admin1 name) of a region written as a caller or a dataset
        writes it ("Idlib", "Idlib governorate", "Nord Kivu province", "province d'Idleb") in
        country ``cc``; None when no region of that name is found there."""
        cc = cc.upper()
        if self.gz.admin1_row(cc, text.strip()) is not None:
            return (cc, text.strip())
        ctx = GeoContext(countries={cc}, strict=True)
        for query in (text, f"province {text}"):
            place = self.lookup(query, ctx)
            if place.status == "resolved" and place.level == "admin1" and place.admin1:
                return (place.country_code or cc, place.admin1)  # may be a territory of cc
        return None

    def admin1_place(self, cc: str, admin1: str, name: str | None = None) -> Place:
        """The Place of an admin1 region given by country code and English name."""
        row = self.gz.admin1_row(cc.upper(), admin1)
        if row is None:
            return Place(name=name or admin1, status="unknown")
        return self._place(name or admin1, row, part=False)

    # ------------------------------------------------------------------ lookup

    def _lookup(self, name: str, ctx: GeoContext) -> Place:
        place = self._lookup_one(name, ctx)
        if place.status == "resolved":
            return place
        if ctx.strict:
            for found in self._compound(name, ctx):
                return found
        return place

    def _compound(self, name: str, ctx: GeoContext) -> Iterator[Place]:
        """A compound name's parts, when the whole is not found: "X (Y)" and "X/Y" (two names
        of one place), "City - Quarter" and "quartier X de City" (the quarter, else the city at
        precision 2)."""
        for comp in compound_parts(name, self.lex):
            places = [self._lookup_one(p, ctx) for p in comp.parts]
            ok = [p for p in places if p.status == "resolved"]
            if not ok:
                continue
            if comp.city is None:
                yield replace(ok[0], name=name)
                return
            city = places[comp.city]
            quarter = next((p for i, p in enumerate(places) if i != comp.city), None)
            if quarter is not None and quarter.status == "resolved" and (
                city.status != "resolved"
                or distance_km(quarter.lat or 0.0, quarter.lon or 0.0, city.lat or 0.0, city.lon or 0.0)
                < SAME_PLACE_KM
            ):
                yield replace(quarter, name=name)
            elif city.status == "resolved":
                yield replace(city, name=name, precision=max(city.precision or 1, 2))
            return

    def _parse_name(self, name: str) -> ParsedName:
        return parse_name(name, self.lex)

    def _lookup_one(self, name: str, ctx: GeoContext) -> Place:
        parsed = self._parse(name)
        full = fold(name)
        core = fold(parsed.core)
        if not core or (
            parsed.hint is None and (core in self.lex.not_places or full in self.lex.not_places)
        ):
            return Place(name=name, status="unknown")
        for key in (full, core):
            alias = self.lex.aliases.get(key)
            if alias:
                place = self._alias_place(name, alias, parsed.part)
                if ctx.strict and ctx.countries and place.country_code not in ctx.countries:
                    return self._from_context(name, ctx)
                return place
        if len(core.replace(" ", "")) < MIN_LEN or (
            any(map(str.isdigit, core)) and core not in self.gz.index  # "Mile 91" is a town
        ):
            return self._from_context(name, ctx) if ctx.strict else Place(name=name, status="unknown")
        cands = self._candidates(core, full, ctx)
        if not cands:
            return self._from_context(name, ctx)
        written = _plain(parsed.core)
        for c in cands:  # spelt as written ("Mann", not "Man"): a tie-breaker
            if _plain(self.gz.canonicals[c.row]) == written:
                c.quality += SPELLING_BONUS
        place, row = self._decide(name, cands, ctx, parsed.hint, parsed.part)
        if self._off_context(place, row, ctx, parsed.core):
            return self._from_context(name, ctx, candidates=place.candidates)
        return place

    def _candidates(self, core: str, full: str, ctx: GeoContext) -> list[_Candidate]:
        """Places whose names match: exact first, then (where the context points) looser."""
        only = self._stated_positions(ctx)
        cands = self._exact(core, only=only)
        if full != core:  # "Le Caire": both "caire" and "le caire"
            whole = self._exact(full, only=only)
            # "Isabela City": the place called so where the context points ("City of
            # Isabela"), not one called only "Isabela"
            cands = whole if self._fits(whole, ctx) else self._merge(cands, whole)
        bare = unglued(core) if ctx.strict else None
        if bare and not self._fits(cands, ctx):  # "Elharir": the article glued on
            cands = self._merge(cands, self._exact(bare, UNGLUED_QUALITY, only))
        if ctx.strict and ctx.countries:
            pos = self._positions(ctx.countries)
            cands = [c for c in cands if self.gz.ccs[c.row] in pos]
        if self._fits(cands, ctx):
            return cands
        # nothing exact where the context points: look for spelling variants there
        weak: list[_Candidate] = []
        if ctx.strict and ctx.countries:
            weak = self._loose(core, ctx)
        else:
            if len(core) >= SKELETON_MIN_LEN and len(skeleton(core)) >= 3:
                weak = self._weak(self._by_skeleton(core, ctx), ctx)
            if not weak and not cands and len(core) >= FUZZY_MIN_LEN:
                weak = self._weak(self._fuzzy(core), ctx)  # the slow pass: only when needed
        cands = self._merge(cands, weak)
        pos = self._positions(ctx.countries)
        if not ctx.strict:  # a document's context: GeoNames villages only in its countries
            cands = [c for c in cands if self.gz.ccs[c.row] in pos or not self._world_village(c.row)]
        if ctx.countries and not any(self.gz.ccs[c.row] in pos for c in cands):
            # elsewhere: only well-known places, and never when the country is stated
            cands = [] if ctx.strict else self._weak(cands, GeoContext())
        return cands

    def _world_village(self, row: int) -> bool:
        """A GeoNames place of fewer than WORLD_VILLAGE_POP people outside the WOF countries
        (kept where conflicts are reported village by village): found for a document only in
        the countries it names, so that a French word or a name from elsewhere in the story
        does not land on a village on another continent."""
        gz = self.gz
        return (
            gz.pops[row] < WORLD_VILLAGE_POP
            and gz.levels[row] == _LOCALITY_CODE
            and gz.ids[row].startswith("gn:")
        )

    def _off_context(self, place: Place, row: int | None, ctx: GeoContext, written: str) -> bool:
        """A small place found only outside the one region the document is about: more likely a
        place the gazetteer lacks than a stray (WOF misses many Donetsk villages)."""
        if len(ctx.admin1s) != 1:
            return False
        ((cc, admin1),) = ctx.admin1s
        if place.status == "ambiguous":  # candidates in several regions, none of them this one
            return place.country_code == cc and place.admin1 is None
        if place.level not in ("locality", "neighbourhood"):
            return False
        if row is None or place.country_code != cc or place.admin1 == admin1:
            return False
        if _plain(self.gz.canonicals[row]) == _plain(written):
            return False  # spelt exactly as written: trust the gazetteer ("Tongo Tongo")
        return self.gz.pops[row] < WEAK_MIN_POP

    def _from_context(self, name: str, ctx: GeoContext, candidates: int = 0) -> Place:
        """Name not found (or only elsewhere): when the document is about exactly one region,
        report that region with status "context" (ACLED codes an unfound village at its region);
        otherwise "unknown"."""
        if len(ctx.admin1s) == 1:
            ((cc, admin1),) = ctx.admin1s
            row = self.gz.admin1_row(cc, admin1)
            if row is not None:
                place = self._place(name, row, part=False)
                place.status, place.canonical, place.candidates = "context", None, candidates
                return place
        return Place(name=name, status="unknown", candidates=candidates)

    def _positions(self, countries: frozenset[str]) -> frozenset[int]:
        """Positions in the gazetteer's cc_table of country codes (cached per set)."""
        found = self._cc_positions.get(countries)
        if found is None:
            table = self.gz.cc_table
            found = frozenset(table.index(c) for c in countries if c in table)
            self._cc_positions[countries] = found
        return found

    def _fits(self, cands: list[_Candidate], ctx: GeoContext) -> bool:
        """Whether some candidate lies where the context points (any candidate, without one)."""
        if not cands:
            return False
        gz = self.gz
        if ctx.admin1s:
            return any((gz.cc(c.row), gz.admin1(c.row)) in ctx.admin1s for c in cands)
        if ctx.countries:
            pos = self._positions(ctx.countries)
            return any(gz.ccs[c.row] in pos for c in cands)
        return True

    @staticmethod
    def _merge(a: list[_Candidate], b: list[_Candidate]) -> list[_Candidate]:
        best: dict[int, _Candidate] = {c.row: c for c in a}
        for c in b:
            if c.row not in best or c.quality > best[c.row].quality:
                best[c.row] = c
        return list(best.values())

    def _weak(self, cands: list[_Candidate], ctx: GeoContext) -> list[_Candidate]:
        """Keep inexact matches only where the document points, or big enough to be known.
        Never a village of the GeoNames tail: matched only approximately, it is more likely
        noise than the place a story means ("Tiaguynka", Kherson, is not Tayginka in Russia)."""
        gz = self.gz
        cands = [c for c in cands if not self._world_village(c.row)]
        if ctx.countries:
            pos = self._positions(ctx.countries)
            return [c for c in cands if gz.ccs[c.row] in pos]
        return [
            c
            for c in cands
            if gz.pops[c.row] >= WEAK_MIN_POP or gz.level(c.row) in ("country", "admin1")
        ]

    def _stated_positions(self, ctx: GeoContext) -> frozenset[int] | None:
        """Positions of a stated context's countries, when the exact pass may drop every
        place outside them at once (the hard filter drops them later anyway; a common name
        has hundreds of namesakes worldwide). None when the context states no country, or a
        region outside its countries (whose places must still count as fitting)."""
        if not (ctx.strict and ctx.countries):
            return None
        if any(cc not in ctx.countries for cc, _ in ctx.admin1s):
            return None
        return self._positions(ctx.countries)

    def _exact(
        self, key: str, top: float = 1.0, only: frozenset[int] | None = None
    ) -> list[_Candidate]:
        """Places named ``key`` (among the first MAX_CANDIDATES entries), with ``only`` those
        in the countries at these positions."""
        found = entries(self.gz.index.get(key))[:MAX_CANDIDATES]
        if only is not None:
            ccs = self.gz.ccs
            found = [e for e in found if ccs[e >> 1] in only]
        best: dict[int, float] = {}
        for e in found:
            row = e >> 1
            q = top if e & PRIMARY else top * SECONDARY_QUALITY
            if q > best.get(row, 0.0):
                best[row] = q
        return [_Candidate(row, q, q == top) for row, q in best.items()]

    def _by_skeleton(self, key: str, ctx: GeoContext) -> list[_Candidate]:
        found = entries(self.gz.skeletons.get(skeleton(key)))
        rows = {e >> 1 for e in found}
        if ctx.countries:  # filter first: similarity below is the costly part
            ccs = {self.gz.cc_table.index(c) for c in ctx.countries if c in self.gz.cc_table}
            rows = {r for r in rows if self.gz.ccs[r] in ccs}
        out = []
        for row in list(rows)[:MAX_CANDIDATES]:
            canon = fold(self.gz.canonicals[row])
            sim = fuzz.ratio(key, canon) / 100.0 if canon else 0.0
            out.append(_Candidate(row, 0.3 + 0.6 * sim))
        return out

    def _loose(self, key: str, ctx: GeoContext) -> list[_Candidate]:
        """Names of the context's countries (primary and alternate) with the same loose frame
        as ``key``, else a frame one edit away; quality by the similarity of the folded names."""
        frames = loose_keys(key)
        if not frames:
            return []
        out: dict[int, _Candidate] = {}
        for cc in sorted(ctx.countries):
            index = self.loose.country(cc)
            if index is None:
                continue
            hits = [(f, 0) for f in frames if f in index.frames]
            if not hits:
                hits = [
                    (f2, 1)
                    for f in frames
                    if len(f) >= LOOSE_EDIT_MIN
                    for f2 in self._near_frames(f, index.by_length)
                ]
            sims: dict[str, float] = {}  # a name of several places is compared once
            for frame, edits in hits:
                self._loose_frame(key, index, frame, edits, sims, out)
        return list(out.values())

    def _loose_frame(
        self,
        key: str,
        index: CountryIndex,
        frame: str,
        edits: int,
        sims: dict[str, float],
        out: dict[int, _Candidate],
    ) -> None:
        """Add to ``out`` the places of ``index``'s country under ``frame`` (their first
        MAX_CANDIDATES entries) whose folded name is similar enough to ``key``; one name at a
        time, so that its similarity is computed once for all the places it names."""
        gz = self.gz
        levels, ccs, position = gz.levels, gz.ccs, index.position
        min_sim = LOOSE_MIN_SIM + LOOSE_EDIT_SIM * edits
        room = MAX_CANDIDATES
        for name in index.keys_of(frame):
            found = [e for e in entries(gz.index.get(name)) if ccs[e >> 1] == position]
            if not found:
                continue
            if len(found) > room:
                found = found[:room]
            room -= len(found)
            for e in found:
                row = e >> 1
                if levels[row] > LOOSE_MAX_LEVEL:  # regions: exact names only
                    continue
                sim = sims.get(name)
                if sim is None:
                    sim = sims[name] = fuzz.ratio(key, name) / 100.0
                if sim < min_sim:
                    break  # the same name for every entry
                q = LOOSE_BASE - LOOSE_EDIT_COST * edits + LOOSE_SPAN * sim
                q -= 0.0 if e & PRIMARY else LOOSE_SECONDARY_COST
                if row not in out or q > out[row].quality:
                    out[row] = _Candidate(row, q, bool(e & PRIMARY))
            if not room:
                return

    @staticmethod
    def _near_frames(frame: str, by_length: dict[tuple[str, int], list[str]]) -> list[str]:
        """Frames one edit (insertion, deletion, substitution) from ``frame``, after the same
        first letter (which the frame keeps as written, any vowel as "a")."""
        n = len(frame)
        out: list[str] = []
        for length in (n - 1, n, n + 1):
            choices = by_length.get((frame[0], length))
            if choices:
                hits = process.extract(
                    frame,
                    choices,
                    scorer=Levenshtein.distance,
                    score_cutoff=1,
                    limit=LOOSE_EDIT_LIMIT,
                )
                out.extend(f for f, _, _ in hits)
        return out

    def _fuzzy(self, key: str) -> list[_Candidate]:
        choices: list[str] = []
        n = len(key)
        for length in range(n - 2, n + 3):
            choices.extend(self.gz.buckets.get((key[0], length), ()))
        if not choices:
            return []
        hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8)
        out: dict[int, float] = {}
        for choice, score, _ in hits:
            for e in entries(self.gz.index.get(choice)):
                if e & PRIMARY:
                    q = 0.55 + 0.3 * (score - FUZZY_CUTOFF) / (100.0 - FUZZY_CUTOFF)
                    out[e >> 1] = max(out.get(e >> 1, 0.0), q)
        return [_Candidate(row, q) for row, q in out.items()]

    # ------------------------------------------------------------------ ranking

    def _score(self, c: _Candidate, ctx: GeoContext, hint: str | None) -> float:
        gz = self.gz
        row = c.row
        level = LEVELS[gz.levels[row]]
        s = c.quality + LEVEL_PRIOR[level] + STATUS_PRIOR.get(gz.statuses[row] - 2, 0.0)
        pop = gz.pops[row]
        if level in ("locality", "neighbourhood", "admin2") and pop > 0:
            # a big town known under another language's name must not beat the village
            # actually called so: halve the size bonus for such matches
            s += min(0.7, math.log10(pop + 1) / 10.0) * (
                1.0 if c.primary or pop >= KNOWN_CITY else 0.5
            )
        if hint == "admin1":
            s += 0.5 if level == "admin1" else 0.0 if level == "admin2" else -0.7
        elif hint == "admin2":
            s += 0.4 if level == "admin2" else (-0.1 if level == "admin1" else -0.3)
        elif hint == "locality":
            s += 0.3 if level in ("locality", "neighbourhood") else -0.5
        cc = gz.cc_table[gz.ccs[row]]
        if ctx.countries:
            s += 0.6 if cc in ctx.countries else -0.3
            if ctx.strict and cc in ctx.countries and level in ("locality", "neighbourhood"):
                self.loose.country(cc)  # built already by now in most cases
                s += PROMINENCE * min(self.loose.names_of(row), PROMINENCE_CAP)
        if ctx.admin1s and (cc, gz.admin1_table[gz.admin1s[row]]) in ctx.admin1s:
            s += STATED_ADMIN1 if ctx.strict else 0.5
        if ctx.admin2s and level in ADMIN2_LEVELS and self._in_admin2(c.row, ctx):
            s += ADMIN2_BONUS
        if ctx.points and level != "country":
            lat, lon = gz.lat(c.row), gz.lon(c.row)
            d = min(distance_km(lat, lon, a, b) for a, b in ctx.points)
            s += (
                0.4
                if d < 50
                else 0.25
                if d < 150
                else 0.1
                if d < 400
                else -0.2
                if d > 1500
                else 0.0
            )
        return s

    def _in_admin2(self, row: int, ctx: GeoContext) -> bool:
        """Whether the place lies in one of the context's districts (names compared by their
        consonant skeleton: "Idlib district" is WOF's "Idleb")."""
        district = skeleton(fold(self.gz.admin2(row)))
        cc = self.gz.cc(row)
        return bool(district) and any(
            c == cc and skeleton(fold(self._parse(a).core)) == district for c, a in ctx.admin2s
        )

    def _same_place(self, a: int, b: int) -> bool:
        gz = self.gz
        if gz.ccs[a] != gz.ccs[b]:
            return False
        la, lb = gz.levels[a], gz.levels[b]
        if la >= _ADMIN1_CODE or lb >= _ADMIN1_CODE:  # a region or a country
            return la == lb and gz.admin1s[a] == gz.admin1s[b]
        if gz.pops[a] >= WEAK_MIN_POP and gz.pops[a] == gz.pops[b] and gz.admin1s[a] == gz.admin1s[b]:
            return True  # two records of one town (both joined to the same GeoNames city)
        if abs(gz.lats[a] - gz.lats[b]) > _SAME_PLACE_LAT:  # cheap: most namesakes are far
            return False
        return distance_km(gz.lat(a), gz.lon(a), gz.lat(b), gz.lon(b)) < SAME_PLACE_KM

    def _decide(
        self, name: str, cands: list[_Candidate], ctx: GeoContext, hint: str | None, part: bool
    ) -> tuple[Place, int | None]:
        for c in cands:
            c.score = self._score(c, ctx, hint)
        cands.sort(key=lambda c: -c.score)
        distinct: list[_Candidate] = []
        same_place = self._same_place
        for c in cands:
            for d in distinct:
                if same_place(c.row, d.row):
                    break
            else:
                distinct.append(c)
                if len(distinct) >= 12:
                    break
        best = distinct[0]
        margin = STRICT_AMBIGUITY_MARGIN if ctx.strict else AMBIGUITY_MARGIN
        close = [d for d in distinct if best.score - d.score < margin]
        biggest = max(close, key=lambda d: self.gz.pops[d.row])
        if all(d is biggest or self._much_bigger(biggest.row, d.row) for d in close):
            best = biggest  # "Pékin": Beijing, not Pekin (Illinois), though both match as well
        best = self._prefer_city_over_namesake_region(best, distinct, hint)
        if ctx.strict:
            # among every candidate: a town near its district is folded into it in ``distinct``
            best = self._prefer_town_over_namesake_district(best, cands, hint)
        rivals = [
            d
            for d in distinct
            if d is not best
            and d.row != best.row
            and not self._same_place(best.row, d.row)
            and best.score - d.score < margin
            and not self._contains(d.row, best.row)
            and not self._much_bigger(best.row, d.row)
        ]
        if not rivals:
            place = self._place(name, best.row, part)
            place.candidates = len(distinct)
            return place, best.row
        return self._ambiguous(name, [best, *rivals], len(distinct)), None

    def _much_bigger(self, a: int, b: int) -> bool:
        """Town ``a`` is a known town many times bigger than ``b``: news means the big one."""
        gz = self.gz
        if gz.level(a) != "locality" or gz.level(b) not in ("locality", "neighbourhood"):
            return False
        pa, pb = gz.pops[a], gz.pops[b]
        return pa >= BIG_RATIO_MIN_POP and pa >= BIG_RATIO * pb

    def _contains(self, outer: int, inner: int) -> bool:
        """True when place ``outer`` is the country or admin1 region that holds ``inner``."""
        gz = self.gz
        if gz.cc(outer) != gz.cc(inner):
            return False
        level = gz.level(outer)
        return level == "country" or (level == "admin1" and gz.admin1(outer) == gz.admin1(inner))

    def _prefer_town_over_namesake_district(
        self, best: _Candidate, distinct: list[_Candidate], hint: str | None
    ) -> _Candidate:
        """A district (admin2) named like a town in it ("Taluqan", "Puli Alam") names the town
        unless a prefix said "district": take the town, matched about as well (an alternate
        name of the town counts), in the same region."""
        if hint == "admin2" or self.gz.level(best.row) != "admin2":
            return best
        town = self._namesake_town(best, distinct, best.quality - DISTRICT_QUALITY_GAP, DISTRICT_MARGIN)
        return town or best

    def _namesake_town(
        self, best: _Candidate, distinct: list[_Candidate], min_quality: float, margin: float
    ) -> _Candidate | None:
        """A town among ``distinct`` in ``best``'s country and region, matched about as well;
        it takes ``best``'s score."""
        gz = self.gz
        for d in distinct:
            if (
                gz.level(d.row) == "locality"
                and gz.cc(d.row) == gz.cc(best.row)
                and gz.admin1(d.row) == gz.admin1(best.row)
                and d.quality >= min_quality
                and best.score - d.score < margin
            ):
                d.score = best.score
                return d
        return None

    def _prefer_city_over_namesake_region(
        self, best: _Candidate, distinct: list[_Candidate], hint: str | None
    ) -> _Candidate:
        """A bare "Idleb", "Donetsk", "Deir Ezzor" or "Taëz" names the town more often than the
        region of the same name: take the town when it lies in that region, carries the
        region's name and no prefix said "province"."""
        gz = self.gz
        if hint == "admin1" or gz.level(best.row) != "admin1":
            return best
        namesake = self._namesake_town(best, distinct, 0.99, 0.8)
        if namesake is not None:
            return namesake
        # the query matched only the region (a French alias): find its namesake town
        town = None
        for e in entries(gz.index.get(fold(gz.canonicals[best.row]))):
            row = e >> 1
            if (
                e & PRIMARY
                and gz.level(row) == "locality"
                and gz.cc(row) == gz.cc(best.row)
                and gz.admin1(row) == gz.admin1(best.row)
                and gz.pops[row] >= CAPITAL_MIN_POP
                and (town is None or gz.pops[row] > gz.pops[town])
            ):
                town = row
        if town is None:
            return best
        return _Candidate(town, best.quality, best.primary, best.score)

    # ------------------------------------------------------------------ results

    def _country(self, cc: str) -> str:
        row = self.gz.country_row(cc)
        return self.gz.canonicals[row] if row is not None else cc

    def _place(self, name: str, row: int, part: bool) -> Place:
        gz = self.gz
        level = gz.level(row)
        cc = gz.cc(row)
        precision = PRECISION[level]
        if part and level in ("locality", "neighbourhood", "admin1"):
            precision = 2
        return Place(
            name=name,
            canonical=gz.canonicals[row],
            gazetteer_id=gz.ids[row],
            lat=gz.lat(row),
            lon=gz.lon(row),
            admin1=(gz.admin1(row) or None) if level != "country" else None,
            country=self._country(cc),
            country_code=cc,
            admin2=(gz.admin2(row) or None) if level in ADMIN2_LEVELS else None,
            precision=precision,
            level=level,
            status="resolved",
            candidates=1,
        )

    def _alias_place(self, name: str, alias: tuple[str, str | None], part: bool) -> Place:
        cc, admin1 = alias
        row = self.gz.admin1_row(cc, admin1) if admin1 else self.gz.country_row(cc)
        if row is None:
            return Place(name=name, status="unknown")
        return self._place(name, row, part)

    def _ambiguous(self, name: str, tops: list[_Candidate], n: int) -> Place:
        """Several places fit equally well: keep only what they share."""
        gz = self.gz
        ccs = {gz.cc(c.row) for c in tops}
        place = Place(name=name, status="ambiguous", candidates=n)
        if len(ccs) != 1:
            return place
        cc = ccs.pop()
        place.country_code, place.country = cc, self._country(cc)
        admin1s = {gz.admin1(c.row) for c in tops}
        region = gz.admin1_row(cc, admin1s.pop()) if len(admin1s) == 1 else None
        anchor = region if region is not None else gz.country_row(cc)
        if anchor is not None:
            place.lat, place.lon = gz.lat(anchor), gz.lon(anchor)
            place.gazetteer_id = gz.ids[anchor]
            place.canonical = gz.canonicals[anchor]
        if region is not None:
            place.admin1, place.level = gz.admin1(region), "admin1"
        else:
            place.level = "country"
        place.precision = 3
        return place


@lru_cache(maxsize=1)
def get_geocoder() -> Geocoder:
    """The process's geocoder, loaded on first call (about one second)."""
    return Geocoder(load_gazetteer(), geo_lexicon())
