"""Language data: a language is a folder ``veille/lang/<code>/`` of YAML and word-list files.

Code never embeds trigger words, actor aliases or number words; it asks this module for them.
Files are loaded lazily and cached per process, and each YAML file is checked against a small
schema so a typo in a data file fails loudly with the file name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from veille.errors import LexiconError

LANG_PACKAGE = "veille.lang"
DETECT_ONLY_DIR = "detect"


def _lang_root():  # type: ignore[no-untyped-def]
    return resources.files(LANG_PACKAGE)


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """Codes with a stopword profile: extraction languages and detection-only languages."""
    root = _lang_root()
    codes = [
        entry.name
        for entry in root.iterdir()
        if entry.is_dir() and (entry / "stopwords.txt").is_file()
    ]
    return tuple(sorted(codes))


@lru_cache(maxsize=1)
def extraction_languages() -> tuple[str, ...]:
    """Codes that have a full extraction lexicon (``events.yaml``)."""
    root = _lang_root()
    return tuple(
        sorted(e.name for e in root.iterdir() if e.is_dir() and (e / "events.yaml").is_file())
    )


def _path(lang: str, name: str):  # type: ignore[no-untyped-def]
    path = _lang_root() / lang / name
    if not path.is_file():
        raise LexiconError(f"lang/{lang}/{name}: language data file is missing")
    return path


@cache
def load_wordlist(lang: str, name: str) -> tuple[str, ...]:
    """One entry per line; ``#`` starts a comment; blank lines are ignored."""
    text = _path(lang, name).read_text(encoding="utf-8")
    words = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line.lower())
    return tuple(words)


@cache
def load_yaml(lang: str, name: str) -> dict[str, Any]:
    """Load one YAML data file and check its top-level keys against ``SCHEMAS``."""
    where = f"lang/{lang}/{name}"
    try:
        data = yaml.safe_load(_path(lang, name).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{where}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: expected a mapping at top level")
    schema = SCHEMAS.get(name)
    if schema:
        for key, kind in schema.items():
            if key not in data:
                raise LexiconError(f"{where}: missing key '{key}'")
            if not isinstance(data[key], kind):
                raise LexiconError(f"{where}: key '{key}' must be a {kind.__name__}")
    return data


def word_pattern(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``patterns`` as whole words, longest first
    (so "frappes aériennes" wins over "frappes")."""
    if not patterns:
        return re.compile(r"(?!x)x")  # matches nothing
    alternation = "|".join(sorted(patterns, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


SCHEMAS: dict[str, dict[str, type]] = {
    "events.yaml": {
        "triggers": list,
        "weapon_cues": list,
        "realis_cues": list,
        "irrealis_cues": list,
        "habitual_cues": list,
    },
    "numbers.yaml": {"units": dict, "tens": dict, "approximate": dict, "vague": list},
    "casualties.yaml": {"killed": dict, "injured": dict, "groups": dict},
    "actors.yaml": {"actors": list, "state_forces": dict, "perpetrator_cues": list, "target_cues": list},
    "claims.yaml": {"cue_patterns": list, "sources": list},
    "dates.yaml": {"weekdays": dict, "months": dict, "relative": dict},
    "tolls.yaml": {"period_cues": list, "campaign_words": list},
}
