"""Place name -> :class:`~veille.model.Place`: candidates from the gazetteer, ranked in context.

Matching, in order, stopping at the first pass that finds something:

1. exact folded name (``fold``), on the name without its prefixes, then on the whole name;
2. same consonant skeleton (``skeleton``), for names of 5+ letters;
3. fuzzy (rapidfuzz ratio >= ``FUZZY_CUTOFF``) among keys of the same first letter and nearly the
   same length, for names of ``FUZZY_MIN_LEN``+ letters.

Candidates are scored by match quality, the document context (country, admin1, distance to its
other places), the level and population of the place, and its WOF status (current, deprecated).
When the two best distinct places are too close in score, the answer is ``ambiguous``: it keeps
only what they share (country, admin1), with the region's coordinates at precision 3.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from veille.geo.context import EMPTY, GeoContext, context_from_text, distance_km
from veille.geo.fold import fold, skeleton
from veille.geo.gazetteer import PRIMARY, Gazetteer, entries, load_gazetteer
from veille.geo.names import GeoLexicon, geo_lexicon, parse_name
from veille.model import Place

FUZZY_MIN_LEN = 6
FUZZY_CUTOFF = 86.0
SKELETON_MIN_LEN = 4
MIN_LEN = 3
"""Folded names shorter than this (letters only) resolve only through aliases."""
WEAK_MIN_POP = 1000
"""A skeleton or fuzzy match outside the document's countries needs a town at least this big."""
AMBIGUITY_MARGIN = 0.12
SAME_PLACE_KM = 15.0
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
MAX_CANDIDATES = 400
"""A key shared by more places than this (a generic word) is looked at through its first ones."""

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
PRECISION = {"country": 3, "admin1": 3, "admin2": 2, "locality": 1, "neighbourhood": 1}


def _plain(text: str) -> str:
    """Letters and digits only, lowercase, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


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

    # ------------------------------------------------------------------ public

    def lookup(self, name: str, ctx: GeoContext | None = None) -> Place:
        """Resolve one place name as written ("Alep", "province d'Idleb", "Syrie") in an
        optional document context. Never raises on odd input: empty, very long or non-Latin
        names come back with ``status="unknown"`` when nothing matches."""
        if not isinstance(name, str):
            name = "" if name is None else str(name)
        place = self._cached(name[:300], ctx or EMPTY)
        return replace(place, name=name)

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

    def admin1_place(self, cc: str, admin1: str, name: str | None = None) -> Place:
        """The Place of an admin1 region given by country code and English name."""
        row = self.gz.admin1_row(cc.upper(), admin1)
        if row is None:
            return Place(name=name or admin1, status="unknown")
        return self._place(name or admin1, row, part=False)

    # ------------------------------------------------------------------ lookup

    def _lookup(self, name: str, ctx: GeoContext) -> Place:
        parsed = parse_name(name, self.lex)
        full = fold(name)
        core = fold(parsed.core)
        if not core or (
            parsed.hint is None and (core in self.lex.not_places or full in self.lex.not_places)
        ):
            return Place(name=name, status="unknown")
        for key in (full, core):
            alias = self.lex.aliases.get(key)
            if alias:
                return self._alias_place(name, alias, parsed.part)
        if len(core.replace(" ", "")) < MIN_LEN or any(ch.isdigit() for ch in core):
            return Place(name=name, status="unknown")
        keys = [core] if core == full else [core, full]
        cands: list[_Candidate] = []
        for key in keys:  # "Le Caire": both "caire" and "le caire"
            cands = self._merge(cands, self._exact(key))
        if not self._fits(cands, ctx):
            # nothing exact where the document points: look for spelling variants there
            weak: list[_Candidate] = []
            if len(core) >= SKELETON_MIN_LEN and len(skeleton(core)) >= 3:
                weak = self._weak(self._by_skeleton(core, ctx), ctx)
            if not weak and not cands and len(core) >= FUZZY_MIN_LEN:
                weak = self._weak(self._fuzzy(core), ctx)  # the slow pass: only when needed
            cands = self._merge(cands, weak)
            if ctx.countries and not any(self.gz.cc(c.row) in ctx.countries for c in cands):
                cands = self._weak(cands, GeoContext())  # elsewhere: only well-known places
        if not cands:
            return self._from_context(name, ctx)
        for c in cands:  # spelt as written ("Mann", not "Man"): a tie-breaker
            if _plain(self.gz.canonicals[c.row]) == _plain(parsed.core):
                c.quality += SPELLING_BONUS
        place, row = self._decide(name, cands, ctx, parsed.hint, parsed.part)
        if self._off_context(place, row, ctx, parsed.core):
            return self._from_context(name, ctx, candidates=place.candidates)
        return place

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

    def _fits(self, cands: list[_Candidate], ctx: GeoContext) -> bool:
        """Whether some candidate lies where the context points (any candidate, without one)."""
        if not cands:
            return False
        gz = self.gz
        if ctx.admin1s:
            return any((gz.cc(c.row), gz.admin1(c.row)) in ctx.admin1s for c in cands)
        if ctx.countries:
            return any(gz.cc(c.row) in ctx.countries for c in cands)
        return True

    @staticmethod
    def _merge(a: list[_Candidate], b: list[_Candidate]) -> list[_Candidate]:
        best: dict[int, _Candidate] = {c.row: c for c in a}
        for c in b:
            if c.row not in best or c.quality > best[c.row].quality:
                best[c.row] = c
        return list(best.values())

    def _weak(self, cands: list[_Candidate], ctx: GeoContext) -> list[_Candidate]:
        """Keep inexact matches only where the document points, or big enough to be known."""
        gz = self.gz
        if ctx.countries:
            return [c for c in cands if gz.cc(c.row) in ctx.countries]
        return [
            c
            for c in cands
            if gz.pops[c.row] >= WEAK_MIN_POP or gz.level(c.row) in ("country", "admin1")
        ]

    def _exact(self, key: str) -> list[_Candidate]:
        found = entries(self.gz.index.get(key))[:MAX_CANDIDATES]
        best: dict[int, float] = {}
        for e in found:
            q = 1.0 if e & PRIMARY else SECONDARY_QUALITY
            row = e >> 1
            if q > best.get(row, 0.0):
                best[row] = q
        return [_Candidate(row, q, q == 1.0) for row, q in best.items()]

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
        level = gz.level(c.row)
        s = c.quality + LEVEL_PRIOR[level] + STATUS_PRIOR.get(gz.status(c.row), 0.0)
        pop = gz.pops[c.row]
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
        cc = gz.cc(c.row)
        if ctx.countries:
            s += 0.6 if cc in ctx.countries else -0.3
        if ctx.admin1s and (cc, gz.admin1(c.row)) in ctx.admin1s:
            s += 0.5
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

    def _same_place(self, a: int, b: int) -> bool:
        gz = self.gz
        if gz.cc(a) != gz.cc(b):
            return False
        la, lb = gz.level(a), gz.level(b)
        if la in ("country", "admin1") or lb in ("country", "admin1"):
            return la == lb and gz.admin1(a) == gz.admin1(b)
        if gz.pops[a] >= WEAK_MIN_POP and gz.pops[a] == gz.pops[b] and gz.admin1(a) == gz.admin1(b):
            return True  # two records of one town (both joined to the same GeoNames city)
        return distance_km(gz.lat(a), gz.lon(a), gz.lat(b), gz.lon(b)) < SAME_PLACE_KM

    def _decide(
        self, name: str, cands: list[_Candidate], ctx: GeoContext, hint: str | None, part: bool
    ) -> tuple[Place, int | None]:
        for c in cands:
            c.score = self._score(c, ctx, hint)
        cands.sort(key=lambda c: -c.score)
        distinct: list[_Candidate] = []
        for c in cands:
            if not any(self._same_place(c.row, d.row) for d in distinct):
                distinct.append(c)
            if len(distinct) >= 12:
                break
        best = distinct[0]
        close = [d for d in distinct if best.score - d.score < AMBIGUITY_MARGIN]
        biggest = max(close, key=lambda d: self.gz.pops[d.row])
        if all(d is biggest or self._much_bigger(biggest.row, d.row) for d in close):
            best = biggest  # "Pékin": Beijing, not Pekin (Illinois), though both match as well
        best = self._prefer_city_over_namesake_region(best, distinct, hint)
        rivals = [
            d
            for d in distinct
            if d is not best
            and d.row != best.row
            and not self._same_place(best.row, d.row)
            and best.score - d.score < AMBIGUITY_MARGIN
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

    def _prefer_city_over_namesake_region(
        self, best: _Candidate, distinct: list[_Candidate], hint: str | None
    ) -> _Candidate:
        """A bare "Idleb", "Donetsk", "Deir Ezzor" or "Taëz" names the town more often than the
        region of the same name: take the town when it lies in that region, carries the
        region's name and no prefix said "province"."""
        gz = self.gz
        if hint == "admin1" or gz.level(best.row) != "admin1":
            return best
        for d in distinct:
            if (
                gz.level(d.row) == "locality"
                and gz.cc(d.row) == gz.cc(best.row)
                and gz.admin1(d.row) == gz.admin1(best.row)
                and d.quality >= 0.99
                and best.score - d.score < 0.8
            ):
                d.score = best.score
                return d
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
