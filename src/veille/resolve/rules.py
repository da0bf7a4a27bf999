"""Named data the resolver applies: thresholds, place-name prefixes, perpetrators that news
reports confuse with each other. Kept apart from the code so they can be reviewed and tuned."""

from __future__ import annotations

# -- place names --------------------------------------------------------------------------------
PLACE_PREFIXES = (
    "province de", "province d", "province du", "gouvernorat de", "gouvernorat d", "region de",
    "region d", "region du", "oblast de", "wilaya de", "etat de", "etat du", "district de",
    "district d", "ville de", "ville d", "village de", "village d", "localite de", "localite d",
    "commune de", "commune d", "quartier de", "camp de", "peripherie de", "la", "le", "les", "l",
)  # fmt: skip
"""Folded prefixes dropped from place names before comparing them (longest first is not
needed: they are stripped repeatedly)."""

PLACE_ARTICLES = frozenset({"al", "el", "an", "ad", "ar", "as", "ash", "at", "az", "ez", "ed", "es"})
REGION_WORDS = frozenset({
    "province", "gouvernorat", "region", "oblast", "wilaya", "etat", "district", "prefecture",
    "peripherie", "sud", "nord", "est", "ouest", "centre", "extreme",
})  # fmt: skip
"""First words of a place written as (part of) a region rather than a town."""

FUZZY_PLACE_MIN = 88
"""rapidfuzz ratio (0-100) above which two folded town names are one place."""

NEAR_KM = 10.0
"""Two geocoded town-level reports this close are one place."""

# -- time -------------------------------------------------------------------------------------
DAY_SLACK = 1
"""Reports of one incident may differ by this many days (timezones, night-time attacks)."""

MAX_WINDOW_DAYS = 35
"""An undated report is placed within its publication window (a day, or a month); wider or
unknown windows are not merged at all."""

UNDATED_LOOKBACK_DAYS = 3
"""An undated report in an article published on day D happened within D-3..D."""

MAX_INCIDENT_SPAN_DAYS = 2 * MAX_WINDOW_DAYS + 2 * DAY_SLACK
"""Members of an incident have pairwise overlapping windows, so its span is at most this."""

BUCKET_DAYS = 7
"""Width of the time buckets used for blocking."""

# -- perpetrators ------------------------------------------------------------------------------
UNKNOWN_ACTORS = frozenset({"", "unidentified", "unknown", "inconnu"})
ALLIED_ACTORS: tuple[frozenset[str], ...] = (
    frozenset({"syrian government", "russia", "iran", "hezbollah", "pro-government militias"}),
    frozenset({"us-led coalition", "united states", "us", "france", "united kingdom", "uk"}),
    frozenset({"rebels", "hts", "jabhat al-nusra", "fateh al-sham", "free syrian army"}),
    frozenset({"islamic state", "iswap", "isgs", "islamic state sahel"}),
    frozenset({"israel", "idf"}),
)
"""Co-belligerents that different outlets credit for the same strike: reports naming two of
one group still merge, with ``disputed_attribution`` set."""

# -- figures and grades ------------------------------------------------------------------------
DISPUTED_MIN_GAP = 2
DISPUTED_MIN_RATIO = 0.25
"""Independent figures are disputed when max - min >= both 2 people and 25% of max."""

COPY_MIN_CONTAINMENT = 0.5
"""Share of a paragraph's character n-grams found in the other article for it to count as
reused (measured on seeds 000/001: reused paragraphs 0.7-0.9, unrelated on the same topic
0.1-0.3; see the copy-detection bench)."""

COPY_MIN_WORDS = 12
"""Paragraphs shorter than this are joined to the next before comparison (titles, datelines)."""
