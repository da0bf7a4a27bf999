"""The day of an incident, resolved against the publication date.

Rules, in order: an explicit day and month ("samedi 8 septembre", "le 14 mai 2019"); a night
span ("dans la nuit de samedi à dimanche", dated to the first day); a relative word ("hier");
a weekday ("lundi", the latest such day on or before publication). A weekday or relative word
needs a publication *day*: a header that gives only a month never invents one, unless the text
itself gives an explicit date in that month falling on that weekday.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from veille.lexicon import load_yaml


@dataclass(frozen=True, slots=True)
class DateLexicon:
    weekdays: dict[str, int]
    months: dict[str, int]
    relative: dict[str, int]
    explicit: re.Pattern[str]
    weekday: re.Pattern[str]
    relative_re: re.Pattern[str]
    night: re.Pattern[str]
    day_before: re.Pattern[str]
    vague: re.Pattern[str]
    reporting: re.Pattern[str]


@cache
def lexicon(lang: str) -> DateLexicon:
    data = load_yaml(lang, "dates.yaml")
    weekdays = {k.lower(): int(v) for k, v in data["weekdays"].items()}
    months = {k.lower(): int(v) for k, v in data["months"].items()}
    relative = {k.lower(): int(v) for k, v in data["relative"].items()}
    wd = "|".join(weekdays)
    mo = "|".join(sorted(months, key=len, reverse=True))
    rel = "|".join(sorted((re.escape(k) for k in relative), key=len, reverse=True))
    reporting = "|".join(data.get("reporting_verbs", ["\x00"]))
    ordinal = data.get("ordinal_suffix", "")
    day_first = (
        rf"\b(?:(?P<wd>{wd})\s+)?(?:{data.get('day_article', 'le')}\s+)?(?P<day>[0-3]?\d|1er){ordinal}\s+(?P<month>{mo})"
        rf"(?:\s+(?P<year>(?:19|20)\d\d))?\b"
    )
    month_first = (
        rf"\b(?:(?P<wd2>{wd}),?\s+)?(?P<month2>{mo})\s+(?P<day2>[0-3]?\d){ordinal}(?:,?\s+(?P<year2>(?:19|20)\d\d))?\b"
    )
    return DateLexicon(
        weekdays=weekdays,
        months=months,
        relative=relative,
        explicit=re.compile(
            rf"{day_first}|{month_first}" if data.get("month_first") else day_first, re.IGNORECASE
        ),
        weekday=re.compile(rf"\b(?P<wd>{wd})\b", re.IGNORECASE),
        relative_re=re.compile(rf"(?<![\w-])(?P<rel>{rel})(?![\w-])", re.IGNORECASE),
        night=re.compile(data.get("night_span", r"\x00"), re.IGNORECASE),
        day_before=re.compile(
            "|".join(re.escape(x) for x in data.get("day_before_previous", ["\x00"])), re.IGNORECASE
        ),
        vague=re.compile("|".join(re.escape(x) for x in data.get("vague", ["\x00"])), re.IGNORECASE),
        reporting=re.compile(
            rf"(?:{reporting})(?:\s+[\w'-]+){{0,4}}?\s+(?:{wd}|{rel})\b(?:\s+soir|\s+matin)?",
            re.IGNORECASE,
        ),
    )


@dataclass(frozen=True, slots=True)
class DayMention:
    """What a sentence says about the day: ``key`` is comparable even when unresolved
    ("wd:5" for samedi), ``date`` is the resolved ISO day or None."""

    key: str | None
    date: str | None


def _published(published: str | None) -> tuple[dt.date | None, int | None, int | None]:
    """(full date, year, month) of a publication date string."""
    if not published:
        return None, None, None
    try:
        if len(published) == 10:
            d = dt.date.fromisoformat(published)
            return d, d.year, d.month
        year, month = published[:7].split("-")
        return None, int(year), int(month)
    except ValueError:
        return None, None, None


def explicit_dates(text: str, published: str | None, lang: str = "fr") -> list[dt.date]:
    """Every explicit day-month(-year) date in a text, resolved to a year when possible."""
    lex = lexicon(lang)
    _, year, month = _published(published)
    out = []
    for m in lex.explicit.finditer(text):
        d = _explicit(m, lex, year, month)
        if d:
            out.append(d)
    return out


def _group(m: re.Match[str], name: str) -> str | None:
    """A date part from whichever order matched (day-month, or month-day as in English)."""
    value = m.group(name)
    if value is None and name + "2" in m.re.groupindex:
        value = m.group(name + "2")
    return value


def _explicit(m: re.Match[str], lex: DateLexicon, year: int | None, month: int | None) -> dt.date | None:
    day_text = _group(m, "day") or "1"
    day = 1 if not day_text.isdigit() else int(day_text)
    mon = lex.months[(_group(m, "month") or "").lower()]
    year_text = _group(m, "year")
    y = int(year_text) if year_text else year
    if y is None:
        return None
    if not year_text and month is not None and mon > month + 1:
        y -= 1  # "le 19 décembre" in an article of February: last year
    try:
        return dt.date(y, mon, day)
    except ValueError:
        return None


def resolve_day(
    sentence: str,
    published: str | None,
    lang: str = "fr",
    doc_dates: list[dt.date] | None = None,
    previous: DayMention | None = None,
) -> DayMention:
    """The day a sentence gives for its incident."""
    lex = lexicon(lang)
    pub_day, year, month = _published(published)
    sentence = lex.reporting.sub(" ", sentence)
    m = lex.explicit.search(sentence)
    if m:
        d = _explicit(m, lex, year, month)
        wd = _group(m, "wd")
        key = f"wd:{lex.weekdays[wd.lower()]}" if wd else f"{_group(m, 'day')}-{(_group(m, 'month') or '').lower()}"
        return DayMention(key, d.isoformat() if d else None)
    night = lex.night.search(sentence)
    if night and night.group("first").lower() in lex.weekdays:
        wd = lex.weekdays[night.group("first").lower()]
        return DayMention(f"wd:{wd}", _weekday(wd, pub_day, doc_dates, night_of=True))
    rel = lex.relative_re.search(sentence)
    if rel:
        offset = lex.relative[rel.group("rel").lower()]
        date = (pub_day + dt.timedelta(days=offset)).isoformat() if pub_day else None
        return DayMention(f"rel:{offset}", date)
    if lex.day_before.search(sentence) and previous is not None:
        if previous.date:
            prev = dt.date.fromisoformat(previous.date) - dt.timedelta(days=1)
            return DayMention(f"before:{previous.key}", prev.isoformat())
        return DayMention(f"before:{previous.key}", None)
    w = lex.weekday.search(sentence)
    if w:
        wd = lex.weekdays[w.group("wd").lower()]
        return DayMention(f"wd:{wd}", _weekday(wd, pub_day, doc_dates))
    return DayMention(None, None)


def _weekday(
    weekday: int, pub_day: dt.date | None, doc_dates: list[dt.date] | None, night_of: bool = False
) -> str | None:
    if pub_day is not None:
        delta = (pub_day.weekday() - weekday) % 7
        return (pub_day - dt.timedelta(days=delta)).isoformat()
    # Month-only publication: trust an explicit date of the text that falls on this weekday.
    matches = {d for d in doc_dates or [] if d.weekday() == weekday}
    if len(matches) == 1:
        return matches.pop().isoformat()
    return None
