"""Copied text between articles: paragraph-level near-duplicates, reworded reuse included.

Features are character 7-grams over folded text (no accents, case, punctuation). Word
shingles break on every substituted word ("démarche" for "scénario"): on the reused passage
of seeds 000/001, word 5-shingles give a Jaccard of ~0.4 while char 7-grams keep ~0.6, and
unrelated text on the same topic stays under ~0.1 (figures in the report and the bench).

Finding candidates: each sentence-sized *unit* gets a MinHash (datasketch); its LSH band
hashes are stored in the database, so a new article finds earlier articles sharing a band by an
indexed lookup, never by comparing all pairs. Verifying: each paragraph of one article is
checked for *containment* of its n-grams in the other article (containment, unlike Jaccard,
does not punish a short paragraph compared with a long article).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from veille.resolve.fold import fold_text
from veille.resolve.rules import COPY_MIN_CONTAINMENT, COPY_MIN_WORDS

NGRAM = 7
NUM_PERM = 60
BANDS = 20  # 20 bands x 3 rows: a unit pair with Jaccard 0.4 becomes a candidate ~73% of the time
ROWS = NUM_PERM // BANDS
MAX_UNIT_WORDS = 60
MIN_LINK_WORDS = 20
"""A copy link needs at least this many words of reused paragraphs."""

_PARAGRAPH_SPLIT = re.compile(r"\n\s*")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?»\"])\s+(?=[«\"A-ZÀ-Ý0-9])")


@dataclass(frozen=True, slots=True)
class CopyLink:
    """``reuser`` reuses text of ``original``: shares are of each article's body characters."""

    reuser: int
    original: int
    share: float
    original_share: float
    similarity: float
    paragraphs: int

    def as_row(self) -> tuple[int, int, float, float, float, int]:
        return (self.reuser, self.original, round(self.share, 4), round(self.original_share, 4),
                round(self.similarity, 4), self.paragraphs)  # fmt: skip


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text; a short one (title, dateline) is joined to the next."""
    out: list[str] = []
    pending = ""
    for part in _PARAGRAPH_SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        pending = f"{pending} {part}".strip()
        if len(pending.split()) >= COPY_MIN_WORDS:
            out.append(pending)
            pending = ""
    if pending:
        if out and len(pending.split()) < COPY_MIN_WORDS:
            out[-1] = f"{out[-1]} {pending}"
        else:
            out.append(pending)
    return out


def units(paragraph: str) -> list[str]:
    """Sentence groups of at most ~MAX_UNIT_WORDS words: the items hashed for LSH."""
    out: list[str] = []
    buf: list[str] = []
    count = 0
    for sentence in _SENTENCE_SPLIT.split(paragraph):
        n = len(sentence.split())
        if buf and count + n > MAX_UNIT_WORDS:
            out.append(" ".join(buf))
            buf, count = [], 0
        buf.append(sentence)
        count += n
    if buf:
        out.append(" ".join(buf))
    return out


def ngrams(text: str, n: int = NGRAM) -> set[str]:
    f = fold_text(text)
    if len(f) < n:
        return {f} if f else set()
    return {f[i : i + n] for i in range(len(f) - n + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """Share of ``a`` found in ``b``."""
    return len(a & b) / len(a) if a else 0.0


def band_keys(unit: str) -> list[tuple[int, int]]:
    """(band, bucket) pairs of one unit's MinHash signature; buckets are signed 64-bit ints."""
    grams = ngrams(unit)
    if not grams:
        return []
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([g.encode("utf-8") for g in grams])
    hv = np.asarray(m.hashvalues, dtype=np.uint64)
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(hv[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8)
        out.append((band, int.from_bytes(digest.digest(), "big", signed=True)))
    return out


def article_bands(body: str) -> list[tuple[int, int, int]]:
    """(paragraph, band, bucket) rows for every unit of every paragraph of ``body``."""
    rows: list[tuple[int, int, int]] = []
    for p_no, para in enumerate(paragraphs(body)):
        seen: set[tuple[int, int]] = set()
        for unit in units(para):
            for key in band_keys(unit):
                if key not in seen:
                    seen.add(key)
                    rows.append((p_no, *key))
    return rows


@dataclass(slots=True)
class Comparison:
    """How much of ``a`` is found in ``b`` (paragraph by paragraph)."""

    reused_chars: int
    total_chars: int
    paragraphs: int
    reused_words: int
    mean_containment: float
    first_offset: float  # share of ``a`` before its first reused paragraph

    @property
    def share(self) -> float:
        return self.reused_chars / self.total_chars if self.total_chars else 0.0


def compare(a_body: str, b_body: str) -> Comparison:
    b_grams = ngrams(b_body)
    reused = total = count = words = 0
    first = -1
    scores = []
    for para in paragraphs(a_body):
        c = containment(ngrams(para), b_grams)
        if c >= COPY_MIN_CONTAINMENT and first < 0:
            first = total
        total += len(para)
        if c >= COPY_MIN_CONTAINMENT:
            reused += len(para)
            count += 1
            words += len(para.split())
            scores.append(c)
    mean = sum(scores) / len(scores) if scores else 0.0
    offset = first / total if total and first >= 0 else 1.0
    return Comparison(reused, total, count, words, mean, offset)


def _order(a_pub: str | None, b_pub: str | None) -> int:
    """-1 when a is known to be earlier, 1 when later, 0 when unknown or equal."""
    if not a_pub or not b_pub:
        return 0
    n = min(len(a_pub), len(b_pub))
    if a_pub[:n] == b_pub[:n]:
        return 0
    return -1 if a_pub[:n] < b_pub[:n] else 1


def detect_link(
    a_id: int, a_body: str, a_pub: str | None, b_id: int, b_body: str, b_pub: str | None
) -> CopyLink | None:
    """The copy link between two articles, or None when they share no reused paragraph.

    Direction: the later-published article reuses the earlier. When dates do not tell, the
    article where the shared passage starts later is the reuser (the original is *about* that
    story, so it leads with it; a reuser appends it), then the one whose shared passage is
    shorter (reuse condenses). These are heuristics: the link itself is what matters for
    counting independent sources."""
    ab = compare(a_body, b_body)
    ba = compare(b_body, a_body)
    if max(ab.reused_words, ba.reused_words) < MIN_LINK_WORDS or not (ab.paragraphs and ba.paragraphs):
        return None
    order = _order(a_pub, b_pub)
    if order:
        a_reuses = order > 0
    elif abs(ab.first_offset - ba.first_offset) > 0.05:
        a_reuses = ab.first_offset > ba.first_offset
    else:
        a_reuses = ab.reused_chars <= ba.reused_chars
    fwd, back = (ab, ba) if a_reuses else (ba, ab)
    reuser, original = (a_id, b_id) if a_reuses else (b_id, a_id)
    similarity = (fwd.mean_containment + back.mean_containment) / 2
    return CopyLink(reuser, original, fwd.share, back.share, similarity, fwd.paragraphs)


def link_rows(links: Iterable[CopyLink]) -> list[tuple[int, int, float, float, float, int]]:
    return [link.as_row() for link in links]
