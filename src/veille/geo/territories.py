"""Territories a stated country also covers (``data/countries.yaml``, key ``territories``).

A caller or a dataset that states a country sometimes means places the gazetteer files under
another code: UCDP codes Gaza and the West Bank under Israel, Kosovo under Serbia (Yugoslavia),
South Sudan before 2011 under Sudan. The geocoder's hard country filter admits them; an answer
keeps the territory's own country code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import yaml

from veille.errors import GazetteerError

DATA_PACKAGE = "veille.geo.data"
COUNTRIES_FILE = "countries.yaml"


@lru_cache(maxsize=1)
def territories() -> dict[str, frozenset[str]]:
    """Country code -> codes of the territories it covers (not including itself)."""
    path = resources.files(DATA_PACKAGE) / COUNTRIES_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        table = data.get("territories") or {}
        return {str(cc).upper(): frozenset(str(t).upper() for t in ts) for cc, ts in table.items()}
    except (OSError, yaml.YAMLError, AttributeError, TypeError) as exc:
        raise GazetteerError(f"{COUNTRIES_FILE}: unreadable territories: {exc}") from None


def with_territories(countries: Iterable[str]) -> frozenset[str]:
    """The stated countries and the territories they cover."""
    table = territories()
    out = set(countries)
    for cc in list(out):
        out |= table.get(cc, frozenset())
    return frozenset(out)
