"""Geocoding: place names as French and English news write them -> coordinates, admin1, country.

    from veille.geo import get_geocoder, GeoContext
    gc = get_geocoder()                       # loaded once per process, about a second
    ctx = GeoContext(countries={"SY"}, admin1s={("SY", "Idlib")}, points=[(35.9, 36.6)])
    gc.lookup("Maaret al-Noomane", ctx)       # -> veille.model.Place
    gc.lookup("province d'Idleb")             # level "admin1", admin1 "Idlib", precision 3
    gc.lookup("Syrie")                        # level "country", admin1 None, precision 3
    gc.lookup("zzzz")                         # status "unknown"
    stated = GeoContext(countries={"SY"}, admin1s={("SY", "Aleppo")}, strict=True)
    gc.lookup("Tell Abiad", stated)           # a caller's country: a hard filter
    gc.resolve_admin1("SY", "Idlib governorate")  # ("SY", "Idlib")
    gc.country_of_text_token("syriennes")     # "SY"
    gc.context_from_text(article_text)        # rough GeoContext from raw text
    GeoContext.from_places(resolved_places)   # context from places already resolved
    gc.country_name("SY"); gc.admin1_place("SY", "Idlib")

``Place.precision`` follows ACLED's geo_precision: 1 town (or a neighbourhood of it), 2 part of a
region or near a town ("sud de la province de Hama", "près de Kaya") or a district (admin2),
3 a whole region or country (``level`` says which).

``Place.status``:

- "resolved": one place;
- "ambiguous": several places fit as well; only what they share is filled (country, admin1),
  at the region's or country's coordinates, precision 3;
- "context": the name is not in the gazetteer (or only as a small place in another region)
  while the context names exactly one admin1 region: that region is returned, precision 3,
  ``canonical`` None (ACLED codes an unfound village at its region);
- "unknown": nothing.
"""

from veille.geo.context import GeoContext, context_from_text, distance_km
from veille.geo.fold import fold, skeleton
from veille.geo.geocoder import Geocoder, get_geocoder

__all__ = [
    "GeoContext",
    "Geocoder",
    "context_from_text",
    "distance_km",
    "fold",
    "get_geocoder",
    "skeleton",
]
