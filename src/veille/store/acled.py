"""What ACLED's export columns need beyond an incident row: country codes and region, actor
classes (inter1, inter2, interaction) and the outlets' source scale.

All of it is data: ``store/data/iso_codes.tsv``, ``store/data/acled_regions.yaml``,
``store/data/actor_classes.yaml`` and the actor kinds of ``lang/en/actors.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import yaml

DATA = Path(__file__).resolve().parent / "data"
ACTORS_FILE = Path(__file__).resolve().parents[1] / "lang" / "en" / "actors.yaml"
KIND_CLASS = {
    "state": "State forces",
    "non_state": "Rebel group",
    "unidentified": "Political militia",
    "civilians": "Civilians",
}
EXTERNAL = "External/Other forces"


@dataclass(frozen=True)
class CountryCodes:
    iso3: str
    iso: int
    region: str | None


@cache
def _iso_table() -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for line in (DATA / "iso_codes.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cc, iso3, num = line.split("\t")
            out[cc] = (iso3, int(num))
    return out


@cache
def _regions() -> dict[str, str]:
    data = yaml.safe_load((DATA / "acled_regions.yaml").read_text(encoding="utf-8")) or {}
    return {cc: region for region, codes in data.items() for cc in codes}


def country_codes(cc: str | None) -> CountryCodes | None:
    """ISO alpha-3, numeric code and ACLED region of an ISO alpha-2 code; None when unknown."""
    if not cc:
        return None
    found = _iso_table().get(cc.upper())
    if found is None:
        return None
    return CountryCodes(iso3=found[0], iso=found[1], region=_regions().get(cc.upper()))


@cache
def _class_data() -> dict:
    return yaml.safe_load((DATA / "actor_classes.yaml").read_text(encoding="utf-8")) or {}


@cache
def _actor_kinds() -> dict[str, tuple[str, str | None]]:
    """Actor label -> (ACLED class from its kind, its country code or None)."""
    data = yaml.safe_load(ACTORS_FILE.read_text(encoding="utf-8")) or {}
    out: dict[str, tuple[str, str | None]] = {}
    for actor in data.get("actors") or []:
        cls = KIND_CLASS.get(str(actor.get("kind")))
        if cls:
            out[str(actor["label"])] = (cls, actor.get("country"))
    for cc, labels in ((data.get("state_forces") or {}).get("labels") or {}).items():
        for label in (labels or {}).values():
            out.setdefault(str(label), ("State forces", str(cc)))
    return out


def actor_class(label: str | None, incident_cc: str | None = None) -> str | None:
    """ACLED class of an actor label; a joint label ("Syrian government and Russia") takes its
    first actor's. A state actor outside its own country is an external force."""
    if not label:
        return None
    first = label.split(" and ")[0].strip()
    fixed = (_class_data().get("labels") or {}).get(first)
    if fixed:
        return str(fixed)
    found = _actor_kinds().get(first)
    if found is None:
        return None
    cls, home = found
    if cls == "State forces" and home and incident_cc and home.upper() != incident_cc.upper():
        return EXTERNAL
    return cls


def interaction(inter1: str | None, inter2: str | None) -> str | None:
    """ACLED's interaction: the two classes in the order of ACLED's codes ("State
    forces-Civilians"), or "<class> only" for a one-sided event."""
    if not inter1 and not inter2:
        return None
    order = list(_class_data().get("classes") or [])
    pair = [c for c in (inter1, inter2) if c]
    if len(pair) == 1:
        return f"{pair[0]} only"
    pair.sort(key=lambda c: order.index(c) if c in order else len(order))
    return "-".join(pair)


@cache
def _scales() -> dict[str, str]:
    data = _class_data().get("source_scales") or {}
    return {str(name).lower(): scale for scale, names in data.items() for name in names}


def source_scale(outlets: list[str] | None) -> str | None:
    """ACLED source scale of an incident's outlets: the known scales joined in ACLED's way
    ("National-International"); None when no outlet is known."""
    order = ("Local", "Subnational", "National", "Regional", "International", "New media", "Other")
    found: set[str] = set()
    for outlet in outlets or []:
        name = str(outlet).strip().lower()
        host = urlparse(name).netloc or name
        scale = _scales().get(name) or _scales().get(host.removeprefix("www."))
        if scale:
            found.add(scale)
    if not found:
        return None
    return "-".join(s for s in order if s in found)
