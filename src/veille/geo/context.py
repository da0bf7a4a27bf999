"""Document context for the geocoder: what a document says about where it happens.

:class:`GeoContext` is what callers pass to :meth:`Geocoder.lookup`; :func:`context_from_text`
builds a rough one from raw text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from veille.geo.fold import fold
from veille.geo.gazetteer import PRIMARY, entries
from veille.model import Place

if TYPE_CHECKING:
    from veille.geo.geocoder import Geocoder

BIG_TOWN = 100_000
"""Towns this big named anywhere in a document count as context (point, country, region)."""
_WORD = re.compile(r"[^\W\d_][\w-]*")


@dataclass(frozen=True)
class GeoContext:
    """What the rest of a document says about where it happens; every part is optional.

    ``countries``: ISO codes named in the document; ``admin1s``: (code, English admin1 name);
    ``points``: (lat, lon) of places already resolved in it; ``admin2s``: (code, district name
    as written). Sets and lists are accepted and frozen, so a context can key a cache.

    ``strict``: the caller *states* where the names are (``veille geocode --country``, a
    dataset's country column), rather than a document merely naming those places. Then the
    countries are a hard filter (no answer outside them) and the regions a strong prior; without
    it a document's countries and regions only weigh in the ranking, since a story about Idlib
    may well name Moscow.
    """

    countries: frozenset[str] = field(default_factory=frozenset)
    admin1s: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    points: tuple[tuple[float, float], ...] = ()
    admin2s: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    strict: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "countries", frozenset(c.upper() for c in self.countries or ()))
        object.__setattr__(self, "admin1s", frozenset(tuple(a) for a in self.admin1s or ()))
        object.__setattr__(
            self, "admin2s", frozenset((c.upper(), a) for c, a in self.admin2s or ())
        )
        object.__setattr__(self, "strict", bool(self.strict))
        # duplicates change no distance but made every lookup cost the number of mentions
        # before it (quadratic in a long document's length, issue 12)
        points = dict.fromkeys((float(a), float(b)) for a, b in (self.points or ()))
        object.__setattr__(self, "points", tuple(points))

    @classmethod
    def from_places(cls, places: list[Place]) -> GeoContext:
        """The context given by already resolved places (their countries, admin1s, points)."""
        ok = [p for p in places if p.status == "resolved" and p.country_code]
        return cls(
            countries={p.country_code for p in ok if p.country_code},
            admin1s={(p.country_code, p.admin1) for p in ok if p.country_code and p.admin1},
            points=[
                (p.lat, p.lon)
                for p in ok
                if p.lat is not None and p.lon is not None and p.level != "country"
            ],
        )


EMPTY = GeoContext()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def context_from_text(gc: Geocoder, text: str) -> GeoContext:
    """A rough context from a whole document, for callers that have not resolved its places:

    - countries named or qualified in it ("Syrie", "syriens", "RDC");
    - regions introduced by a region or district prefix ("province d'Idleb", "l'Etat de
      Borno", "province de Kossi" -> Boucle du Mouhoun), or named bare in those countries;
    - towns of BIG_TOWN+ people named in it: their point, country and region.

    The extractor, which knows the mentions, can do better with :meth:`GeoContext.from_places`.
    """
    countries: set[str] = set()
    admin1s: set[tuple[str, str]] = set()
    words = _WORD.findall(text or "")
    for i, word in enumerate(words):
        for span in (" ".join(words[i : i + 2]), word):
            if span[:1].isupper() or span.lower() == span:
                cc = gc.country_of_text_token(span)
                if cc:
                    countries.add(cc)
                    break
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(ch)
    )
    for match in gc.lex.region_re.finditer(plain):
        place = gc.lookup(match.group(0))
        if (
            place.status == "resolved"
            and place.level in ("admin1", "admin2")
            and place.country_code
            and place.admin1
        ):
            admin1s.add((place.country_code, place.admin1))
            countries.add(place.country_code)
    # regions named bare ("à Jawf") in the document's countries
    if countries:
        bare = GeoContext(countries=countries)
        compass = {fold(c) for c in gc.lex.compass}
        for word in {w for w in words if w[:1].isupper() and len(w) >= 4}:
            if fold(word) in compass:
                continue
            place = gc.lookup(word, bare)
            if place.status == "resolved" and place.level == "admin1" and place.admin1:
                admin1s.add((place.country_code or "", place.admin1))
    # big towns named in the text give points (and their country)
    points: list[tuple[float, float]] = []
    town_admin1s: set[tuple[str, str]] = set()
    seen: set[str] = set()
    for word in words:
        if not word[:1].isupper() or word in seen or len(word) < 4:
            continue
        seen.add(word)
        key = fold(word)
        for entry in entries(gc.gz.index.get(key))[:50]:
            row = entry >> 1
            if (
                entry & PRIMARY
                and gc.gz.level(row) == "locality"
                and gc.gz.pops[row] >= BIG_TOWN
                and key not in gc.lex.not_places
                and (not countries or gc.gz.cc(row) in countries)
            ):
                points.append((gc.gz.lat(row), gc.gz.lon(row)))
                countries.add(gc.gz.cc(row))
                if gc.gz.admin1(row):
                    town_admin1s.add((gc.gz.cc(row), gc.gz.admin1(row)))
                break
    return GeoContext(countries=countries, admin1s=admin1s | town_admin1s, points=points)
