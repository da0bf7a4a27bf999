"""Language identification by function-word profiles.

Each supported language ships ``lang/<code>/stopwords.txt``: its most frequent function words.
A text's language is the one whose words cover the largest share of its tokens; below a floor
the language is reported as unknown (``"und"``). This is fast, dependency-free, and reliable on
news paragraphs, which is all veille needs: decide French vs English vs other, per document and
per paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache

from veille.lexicon import available_languages, load_wordlist

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
MIN_WORDS = 4
MIN_COVERAGE = 0.18
"""Share of tokens that must be function words of the winning language."""


@lru_cache(maxsize=1)
def _profiles() -> dict[str, frozenset[str]]:
    return {code: frozenset(load_wordlist(code, "stopwords.txt")) for code in available_languages()}


def language_scores(text: str) -> dict[str, float]:
    words = [w.lower() for w in WORD_RE.findall(text)]
    words = [w.split("'")[-1].split("’")[-1] if ("'" in w or "’" in w) else w for w in words]
    if not words:
        return {}
    return {code: sum(w in prof for w in words) / len(words) for code, prof in _profiles().items()}


def detect_language(text: str) -> str:
    """Return a language code such as ``"fr"`` or ``"en"``, or ``"und"`` when no profile fits."""
    words = WORD_RE.findall(text)
    if len(words) < MIN_WORDS:
        return "und"
    scores = language_scores(text)
    if not scores:
        return "und"
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] >= MIN_COVERAGE else "und"
