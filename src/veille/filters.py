"""Incident filters checked the same way for the CLI and the API.

The API turns :class:`~veille.errors.FilterError` into a 422 naming the parameter, the CLI into
one line on stderr; both then accept and refuse the same values.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from veille.errors import FilterError
from veille.geo.fold import fold
from veille.model import EVENT_TYPES

MAX_FIGURE = 10**9
"""Largest fatality figure a filter accepts (SQLite integers overflow far above)."""
COUNTRY_OVERRIDES = Path(__file__).resolve().parent / "geo" / "data" / "countries.yaml"
LANG_DIR = Path(__file__).resolve().parent / "lang"
NAME_LANGUAGES = ("en", "fr")


def event_type_names() -> dict[str, str]:
    """Lower-cased ACLED event and sub-event type -> its canonical spelling."""
    names = {v.lower(): v for v in EVENT_TYPES.values()}
    names.update({k.lower(): k for k in EVENT_TYPES})
    return names


def event_type(value: str | None, param: str = "type") -> str | None:
    """The canonical ACLED event or sub-event type; unknown ones are refused."""
    value = text(value, param)
    if value is None:
        return None
    canonical = event_type_names().get(value.lower())
    if canonical is None:
        choices = ", ".join(sorted(set(EVENT_TYPES.values())))
        raise FilterError(
            param,
            f"unknown event type {value!r}; expected an ACLED event type ({choices}) or sub-event type",
        )
    return canonical


def text(value: str | None, param: str) -> str | None:
    """A stripped text filter, None when blank; a NUL character is refused (SQLite and FTS5
    cannot take it)."""
    if value is None:
        return None
    if "\x00" in value:
        raise FilterError(param, "must not contain a NUL character")
    return value.strip() or None


def figure(value: int | None, param: str) -> int | None:
    """A non-negative figure no larger than :data:`MAX_FIGURE`."""
    if value is None:
        return None
    if not 0 <= value <= MAX_FIGURE:
        raise FilterError(param, f"expected a number from 0 to {MAX_FIGURE:,}, got {value}")
    return value


def country(value: str | None, param: str = "country") -> str | None:
    """An ISO code as given ("SY"), or the code of a country named in English or French
    ("Syria", "Syrie", "République démocratique du Congo"); an unknown name is kept as written
    (it may still match a stored English name)."""
    value = text(value, param)
    if value is None or (len(value) == 2 and value.isalpha()):
        return value
    return country_codes().get(fold(value), value)


@cache
def country_codes() -> dict[str, str]:
    """Folded country name in English or French -> ISO code, from the CLDR names Babel ships
    and veille's own English names (``geo/data/countries.yaml``)."""
    from babel import Locale  # a second of import the API and CLI pay only when needed

    names: dict[str, str] = {}
    for lang in NAME_LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                for variant in (name, name.split(" (")[0]):
                    names.setdefault(fold(variant), code)
        for alias, target in _geo_aliases(lang).items():  # "RDC", "Centrafrique", "Liban"
            if isinstance(target, str) and len(target) == 2:
                names.setdefault(fold(alias), target)
    overrides = yaml.safe_load(COUNTRY_OVERRIDES.read_text(encoding="utf-8")) or {}
    for code, name in (overrides.get("names") or {}).items():
        names[fold(name)] = code
    return names


def _geo_aliases(lang: str) -> dict[str, object]:
    """The ``aliases`` of ``lang/<code>/geo.yaml`` (names the news use for countries)."""
    path = LANG_DIR / lang / "geo.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return dict(data.get("aliases") or {})
