"""A one-sentence English summary of an incident, built from its fields in ACLED's ``notes``
style: "On 12 March 2025, Syrian government air or drone strikes hit Ariha (Idlib); 8 civilians
killed (up to 11 reported), according to Défense civile and OSDH."

It says only what the incident's fields say (day, perpetrator, target, place, figures, who
gives them); the evidence sentences stay the provenance. The phrases live in
``store/data/summary_en.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PHRASES_FILE = Path(__file__).resolve().parents[1] / "store" / "data" / "summary_en.yaml"
MAX_CLAIMANTS = 3


@cache
def phrases() -> dict[str, Any]:
    return yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _fmt_day(d: dt.date) -> str:
    return f"{d.day} {phrases()['months'][d.month - 1]} {d.year}"


def date_phrase(inc: Mapping[str, Any]) -> str:
    p = phrases()["date"]
    first, last = _day(inc.get("date")), _day(inc.get("date_max"))
    if first is None:
        return str(p["unknown"])
    if inc.get("date_estimated"):
        return p["estimated"].format(day=_fmt_day(first))
    if last is None or last <= first:
        return p["day"].format(day=_fmt_day(first))
    if (first.year, first.month) == (last.year, last.month):
        return p["range_same_month"].format(d1=first.day, day2=_fmt_day(last))
    return p["range"].format(day1=_fmt_day(first), day2=_fmt_day(last))


def place_phrase(inc: Mapping[str, Any]) -> str:
    """"Ariha (Idlib)": the place and its region when they differ; else the region or country."""
    location, admin1, country = inc.get("location"), inc.get("admin1"), inc.get("country")
    if location and admin1 and location.casefold() != admin1.casefold():
        return f"{location} ({admin1})"
    if location and country and location.casefold() != country.casefold() and not admin1:
        return f"{location} ({country})"
    return str(location or admin1 or country or phrases()["unknown_place"])


def _actor(label: Any) -> str | None:
    if not label or str(label) in phrases()["unidentified"]:
        return None
    return str(label)


def action_phrase(inc: Mapping[str, Any]) -> str:
    p = phrases()
    templates = p["subtypes"].get(inc.get("sub_event_type") or "") or p["subtypes"]["default"]
    actor, target = _actor(inc.get("actor1")), _actor(inc.get("actor2"))
    if actor and target and "actor_target" in templates:
        key = "actor_target"
    else:
        key = "actor" if actor else "none"
    at = p["at"].get(inc.get("geo_precision") or 1, "in")
    target_text = target.lower() if target == "Civilians" else target
    return str(templates[key]).format(actor=actor, target=target_text, place=place_phrase(inc), at=at)


def _range(lo: Any, hi: Any) -> str | None:
    if lo is None:
        return None
    if hi is None or hi == lo:
        return str(lo)
    return phrases()["figures"]["range"].format(lo=lo, hi=hi)


def figures_phrase(inc: Mapping[str, Any]) -> str:
    f = phrases()["figures"]
    best, high = inc.get("fatalities_best"), inc.get("fatalities_max")
    civilians = inc.get("civilian_fatalities")
    children = inc.get("child_fatalities_min")
    women = inc.get("women_fatalities_min")
    injured = _range(inc.get("injured_min"), inc.get("injured_max"))
    parts: list[str] = []
    if best:
        if civilians is not None and civilians >= best:
            head = f["killed_one_civilian"] if best == 1 else f["killed_civilians"].format(n=best)
            civilians = None
        else:
            head = f["killed_one"] if best == 1 else f["killed"].format(n=best)
        if high is not None and high > best:
            head += " " + f["up_to"].format(hi=high)
        of_whom = []
        if civilians:
            of_whom.append(f["civilian_one"] if civilians == 1 else f["civilians"].format(n=civilians))
        if children:
            n = min(children, best)
            of_whom.append(f["child_one"] if n == 1 else f["children"].format(n=n))
        if women:
            n = min(women, best)
            of_whom.append(f["woman_one"] if n == 1 else f["women"].format(n=n))
        if of_whom:
            listed = ", ".join(of_whom[:-1]) + phrases()["and"] + of_whom[-1] if len(of_whom) > 1 else of_whom[0]
            head += ", " + f["of_whom"].format(parts=listed)
        parts.append(head)
    if injured:
        parts.append(f["injured"].format(n=injured))
    if not parts:
        return str(f["none"])
    # "8 killed, including 3 children; 10 injured": the injured are not among the killed.
    glue = f["then"] if any(", " in p for p in parts[:-1]) else phrases()["and"]
    return glue.join(parts)


def claimants_phrase(inc: Mapping[str, Any]) -> str:
    who = [str(c) for c in inc.get("claimants") or [] if c][:MAX_CLAIMANTS]
    if not who:
        return ""
    text = who[0] if len(who) == 1 else ", ".join(who[:-1]) + phrases()["and"] + who[-1]
    return str(phrases()["according_to"]).format(who=text)


def summarize(inc: Mapping[str, Any]) -> str:
    """The incident in one English sentence (ACLED ``notes`` style)."""
    p = phrases()
    sentence = f"{date_phrase(inc)} {action_phrase(inc)}; {figures_phrase(inc)}{claimants_phrase(inc)}"
    if inc.get("disputed_attribution"):
        sentence += p["disputed_attribution"]
    sentence += p["end"]
    return sentence[0].upper() + sentence[1:]


def add_summaries(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``summary`` to incident rows in place."""
    for r in rows:
        r["summary"] = summarize(r)
    return rows
