"""Resolve a document's place mentions with the geocoder, in document context.

Two passes: the countries and regions a document names (and the demonyms it uses: "soldats
nigériens") form the context; then every mention is resolved in that context, so "Mansoura" in
an article about Aleppo province is the Syrian village, not the Egyptian city. A bare name that
only resolves in a country the document never mentions is treated as unknown.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from veille.extract.analysis import SentenceAnalysis
from veille.extract.places import GAZETTEER_ONLY, PlaceMention, region_query
from veille.geo import GeoContext, distance_km, get_geocoder
from veille.geo.fold import fold, skeleton
from veille.model import Place

LEVEL_RANK = {"neighbourhood": 0, "locality": 1, "admin2": 2, "admin1": 3, "country": 4}
"""Smaller is more precise."""
NAMED_HINTS = ("town", "part", "site", "admin2", "ner", "list", "beside")
SPELLING_SIMILARITY = 0.8
LOOSE_SPELLING_SIMILARITY = 0.6
"""Enough when the consonant skeletons agree (a transliteration of the same name)."""
"""How close an unmarked name's letters must be to the gazetteer record's name."""
QUARTER_KM = 30.0
"""A quarter ("le quartier de X") resolving to a village farther than this from the document's
other places is a homonym."""
"""Mentions whose wording says they are places even when the gazetteer does not know them."""


def rank(place: Place | None) -> int:
    if place is None or place.status not in ("resolved", "named"):
        return 9
    return LEVEL_RANK.get(place.level or "", 5)


def usable(mention: PlaceMention) -> bool:
    """A mention that can locate an event: resolved, or clearly a place name."""
    return mention.place is not None and mention.place.status in ("resolved", "named")


def _query(mention: PlaceMention) -> str:
    if mention.hint in ("admin1", "admin2") and mention.text != mention.name:
        text = mention.text.split(" de la ")[-1] if " de la " in mention.text else mention.text
        return re.sub(r"^(\w+)s\b", r"\1", text)  # "provinces d'Alep" -> "province d'Alep"
    return mention.name


def resolve_places(analyses: list[SentenceAnalysis], body: str) -> GeoContext:
    """Set ``place`` on every named mention; return the document's geographic context."""
    gc = get_geocoder()
    cache: dict[tuple[str, GeoContext | None], Place] = {}

    def look(query: str, ctx: GeoContext | None) -> Place:
        key = (query, ctx)
        if key not in cache:
            cache[key] = gc.lookup(query, ctx)
        return cache[key]

    text_ctx = gc.context_from_text(body)
    countries: set[str] = set(text_ctx.countries)
    admin1s: set[tuple[str, str]] = set(text_ctx.admin1s)
    points: list[tuple[float, float]] = list(text_ctx.points)
    votes: dict[str, int] = {}
    for a in analyses:
        for m in a.places:
            if m.anaphor or not m.name or m.hint == GAZETTEER_ONLY:
                continue
            place = look(_query(m), text_ctx)
            if place.status != "resolved" or not place.country_code:
                continue
            votes[place.country_code] = votes.get(place.country_code, 0) + 1
            if place.level == "country":
                countries.add(place.country_code)
            elif place.level == "admin1" and m.hint == "admin1" and place.admin1:
                admin1s.add((place.country_code, place.admin1))
                countries.add(place.country_code)
            elif place.level in ("locality", "neighbourhood") and place.lat is not None and place.lon is not None:
                points.append((place.lat, place.lon))
    ctx = GeoContext(countries=countries, admin1s=admin1s, points=points)
    main = max(votes, key=lambda c: votes[c]) if votes else (next(iter(countries)) if len(countries) == 1 else None)
    for a in analyses:
        # a region named in the same sentence outranks the rest of the document
        local = {r for r in (_region_of(m, look, text_ctx) for m in a.places) if r}
        sentence_ctx = GeoContext(countries=countries, admin1s=local, points=points) if local else ctx
        for i, m in enumerate(a.places):
            if m.anaphor or not m.name:
                continue
            bare = look(_query(m), None)
            # a country name is a country whatever the context ("Syrie" in a story about Borno)
            place = bare if bare.status == "resolved" and bare.level == "country" else look(_query(m), sentence_ctx)
            if m.within and m.hint is None and gc.country_of_text_token(m.within):
                # "Syria's Idlib": a country's named part is its region when it has one of that name
                region = look(region_query(m.name, a.sentence.lang), sentence_ctx)
                if region.status == "resolved" and region.level == "admin1":
                    place = region
            if m.hint == "ellipsis" and i > 0 and a.places[i - 1].hint == "admin1":
                query = region_query(m.name, a.sentence.lang)
                region = look(query, ctx)
                if region.status == "resolved" and region.level == "admin1":
                    place = region
                    m.text = query
            foreign = bool(main) and place.country_code not in (main, *text_ctx.countries)
            quarter_as_village = m.hint == "part" and place.level == "locality" and place.status == "resolved" and bool(points)
            if quarter_as_village and min(distance_km(place.lat or 0.0, place.lon or 0.0, lat, lon) for lat, lon in ctx.points) > QUARTER_KM:
                place = Place(name=m.name, status="unknown")  # "un quartier d'Iskan" is not a far-away village
            if place.status == "resolved" and place.level not in ("country", "admin1") and foreign:
                # a bare name resolving outside the document's country is more likely a
                # homonym than the place meant ("le Sahel" in a Malian story is not Burkina's)
                place = Place(name=m.name, status="unknown")
            regions = {r for r in local if r[0] == place.country_code}
            if place.status == "resolved" and place.level in ("locality", "neighbourhood") and regions and (place.country_code, place.admin1) not in regions:
                # "la forêt de X, dans la région de Ségou": the text's region outranks a namesake elsewhere
                place = Place(name=m.name, status="unknown")
            if m.hint == GAZETTEER_ONLY and not _plainly_named(m.name, place, countries | {main}):
                place = Place(name=m.name, status="unknown")
            if place.status == "ambiguous" and place.admin1 and place.level != "admin1":
                # several villages of that name in one region: the name and the region are known
                place = Place.named_at(m.name, place)
            elif place.status != "resolved" and m.hint in NAMED_HINTS:
                place = _named(m, a, main, look, ctx)
            m.place = place
    return ctx


def _plainly_named(name: str, place: Place, countries: set[str | None]) -> bool:
    """An unmarked capitalised name is a place only when the gazetteer knows a town or region of
    nearly that spelling in a country the story is about: the geocoder's phonetic matching,
    right for "Khan Younès"/"Khan Yunis", would also make "Toutefois" a village."""
    if place.status != "resolved" or place.level == "country" or place.country_code not in countries:
        return False
    canonical = place.canonical or ""
    similarity = spelling_similarity(name, canonical)
    if similarity >= SPELLING_SIMILARITY:
        return True
    # "Khan Cheikhoun" / "Khan Shaykhun": a French transliteration, same consonants
    shape = skeleton(fold(name))
    return similarity >= LOOSE_SPELLING_SIMILARITY and len(shape) >= 4 and shape == skeleton(fold(canonical))


def spelling_similarity(a: str, b: str) -> float:
    """Similarity of two names' letters, accents, case and "al-" articles aside."""
    return SequenceMatcher(None, _letters(a), _letters(b)).ratio()


def _letters(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()
    plain = re.sub(r"\b(?:al|el|ad|ar|as|ash|at|az|ez|an|ed|es|en)[- ]", "", plain)
    return re.sub(r"[^a-z]", "", plain)


def _region_of(mention: PlaceMention, look, ctx: GeoContext) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    if mention.hint != "admin1" or not mention.name:
        return None
    place = look(_query(mention), ctx)
    if place.status == "resolved" and place.level == "admin1" and place.country_code and place.admin1:
        return (place.country_code, place.admin1)
    return None


def _named(mention: PlaceMention, a: SentenceAnalysis, main: str | None, look, ctx) -> Place:  # type: ignore[no-untyped-def]
    """A place the gazetteer does not know ("le village de Kamuya"): located by the region or
    country named with it in the sentence, at precision 2 (part of a region)."""
    region: Place | None = None
    for other in a.places:
        if other is mention or other.anaphor or not other.name:
            continue
        p = look(_query(other), ctx)
        if p.status == "resolved" and p.level in ("admin1", "admin2", "locality") and p.admin1:
            region = p
            break
    country_code = region.country_code if region else main
    country = region.country if region else None
    if country is None and country_code:
        country = get_geocoder().country_name(country_code)
    return Place(
        name=mention.name,
        canonical=mention.name,
        # "le quartier de X" is a part of a town; "l'est de la X" (written in full) is not
        level="neighbourhood" if mention.hint == "part" and mention.text[:1].isupper() else "locality",
        admin1=region.admin1 if region else None,
        country=country,
        country_code=country_code,
        lat=region.lat if region else None,
        lon=region.lon if region else None,
        precision=2,
        status="named",
    )
