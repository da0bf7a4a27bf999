"""Copied text between articles: paragraph-level near-duplicates, reworded reuse included.

Features are character 7-grams over folded text (no accents, case, punctuation). Word
shingles break on every substituted word ("démarche" for "scénario"): on the reused passage
of seeds 000/001, word 5-shingles give a Jaccard of ~0.4 while char 7-grams keep ~0.6, and
unrelated text on the same topic stays under ~0.1 (figures in the report and the bench).

Finding candidates: each sentence-sized *unit* gets a MinHash (datasketch's scheme, with one
set of permutations drawn once and all units of an article hashed in one numpy pass); its LSH
band hashes are stored in the database, so a new article finds earlier articles sharing a band
by an indexed lookup, never by comparing all pairs. Verifying: each paragraph of one article is
checked for *containment* of its n-grams in the other article (containment, unlike Jaccard,
does not punish a short paragraph compared with a long article).

Staying linear: an article's text is folded and its n-grams hashed once (a rolling hash over
code points, numpy), not once per candidate; a candidate first gets a look at a quarter of its
n-grams (:func:`may_reuse`), since most candidates share one band by chance; buckets shared by
many articles in a pass (an agency credit line) stop being looked up (:class:`BucketCounts`);
and the candidate query reads only the newest postings of a bucket and a bucket that
has many (a template sentence) is no evidence by itself, like a stop word: an article sharing
only one such bucket is no candidate (``veille.store.pending.BUCKET_POSTINGS_READ``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

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
_SPACES = re.compile(r"\s+")
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
    return _grams_of_folded(fold_text(text), n)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """Share of ``a`` found in ``b``."""
    return len(a & b) / len(a) if a else 0.0


# -- candidates: one MinHash template, band keys per unit ------------------------------------
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1)
"""The permutations every unit is hashed with, drawn once per process (building a MinHash
draws them again: that cost more than the hashing itself)."""
_PERM_A, _PERM_B = (np.asarray(p, dtype=np.uint32) for p in _TEMPLATE.permutations)
_EMPTY_SIG = np.asarray(_TEMPLATE.hashvalues, dtype=np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, as datasketch's ``affine32`` scheme applies it to each input."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _signatures(unit_grams: list[set[str]]) -> np.ndarray:
    """MinHash signatures (one row per unit) of several units at once, identical to
    ``MinHash(num_perm=NUM_PERM, seed=1).update_batch(...)`` on each: the band keys stored in
    existing databases stay valid. Empty units get the empty signature."""
    sizes = [len(g) for g in unit_grams]
    if not sum(sizes):
        return np.tile(_EMPTY_SIG, (len(unit_grams), 1))
    # sha1_hash32 is the first 4 bytes of SHA-1, little-endian: taken in bulk, not per call
    sha1 = hashlib.sha1
    digests = b"".join([sha1(g.encode("utf-8")).digest()[:4] for grams in unit_grams for g in grams])
    hv = np.frombuffer(digests, dtype="<u4").astype(np.uint32)
    phv = _fmix32(hv)[:, None] * _PERM_A + _PERM_B  # uint32 arithmetic wraps, as datasketch's
    out = np.tile(_EMPTY_SIG, (len(unit_grams), 1))
    starts = np.cumsum([0, *sizes[:-1]])
    nonempty = np.asarray(sizes) > 0
    out[nonempty] = np.minimum(out[nonempty], np.minimum.reduceat(phv, starts[nonempty], axis=0))
    return out


def _band_keys_of(signature: np.ndarray) -> list[tuple[int, int]]:
    hv = signature.astype(np.uint64)
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(hv[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8)
        out.append((band, int.from_bytes(digest.digest(), "big", signed=True)))
    return out


def band_keys(unit: str) -> list[tuple[int, int]]:
    """(band, bucket) pairs of one unit's MinHash signature; buckets are signed 64-bit ints."""
    grams = ngrams(unit)
    if not grams:
        return []
    return _band_keys_of(_signatures([grams])[0])


def article_bands(body: str) -> list[tuple[int, int, int]]:
    """(paragraph, band, bucket) rows for every unit of every paragraph of ``body``."""
    return analyse(body)[0]


def _bands(owners: list[int], grams: list[set[str]]) -> list[tuple[int, int, int]]:
    rows: list[tuple[int, int, int]] = []
    if not grams:
        return rows
    seen: set[tuple[int, int, int]] = set()
    for p_no, signature in zip(owners, _signatures(grams), strict=True):
        for key in _band_keys_of(signature):
            row = (p_no, *key)
            if row not in seen:
                seen.add(row)
                rows.append(row)
    return rows


def _grams_of_folded(f: str, n: int = NGRAM) -> set[str]:
    """:func:`ngrams` of a text already folded."""
    if len(f) < n:
        return {f} if f else set()
    return {f[i : i + n] for i in range(len(f) - n + 1)}


def _joined(folded: list[str]) -> str:
    """The folding of texts joined by spaces, from their foldings: folding maps each
    character on its own and then collapses spaces, so the whole need not be folded again
    (checked on every text of the shared corpora)."""
    return _SPACES.sub(" ", " ".join(folded)).strip()


def analyse(body: str) -> tuple[list[tuple[int, int, int]], Features]:
    """The band rows (:func:`article_bands`) and the :class:`Features` of ``body``, folding
    each unit of text once."""
    owners: list[int] = []
    unit_grams: list[set[str]] = []
    paras = paragraphs(body)
    para_folds: list[str] = []
    for p_no, para in enumerate(paras):
        folds = [fold_text(u) for u in units(para)]
        for f in folds:
            g = _grams_of_folded(f)
            if g:
                owners.append(p_no)
                unit_grams.append(g)
        para_folds.append(_joined(folds))
    return _bands(owners, unit_grams), _features(paras, para_folds, _joined(para_folds))


# -- verification: character n-gram containment, from features computed once per article -----
_BASE = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime: odd, so the rolling hash mixes


def gram_hashes(folded: str, n: int = NGRAM) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the character n-grams of a folded text: the set
    :func:`ngrams` gives, as numbers, computed in bulk (a rolling polynomial over the code
    points, wrapping modulo 2^64). A text shorter than ``n`` is its own single gram."""
    if not folded:
        return np.empty(0, dtype=np.uint64)
    cps = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < n:  # the whole text, marked by its length so it never equals an n-gram
        h = len(cps)
        for c in cps.tolist():
            h = (h * int(_BASE) + c) % (1 << 64)
        return np.asarray([h], dtype=np.uint64)
    count = len(cps) - n + 1
    h = np.zeros(count, dtype=np.uint64)
    for k in range(n):
        h = h * _BASE + cps[k : k + count]
    return np.unique(h)


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


@dataclass(slots=True)
class Features:
    """What verifying a pair needs of one article body, computed once per article."""

    grams: np.ndarray  # distinct n-gram hashes of the whole body, sorted
    para_grams: np.ndarray  # each paragraph's distinct n-gram hashes, one after the other
    para_index: np.ndarray  # the paragraph of each entry of para_grams
    para_sizes: np.ndarray  # distinct n-grams per paragraph
    para_chars: list[int]
    para_words: list[int]


def features(body: str) -> Features:
    """The :class:`Features` alone (no MinHash): what a candidate needs to be compared."""
    paras = paragraphs(body)
    folds = [fold_text(p) for p in paras]
    return _features(paras, folds, _joined(folds))


def _features(paras: list[str], para_folds: list[str], body_fold: str) -> Features:
    per_para = [gram_hashes(f) for f in para_folds]
    sizes = np.asarray([len(g) for g in per_para], dtype=np.int64)
    return Features(
        grams=gram_hashes(body_fold),
        para_grams=np.concatenate(per_para) if per_para else np.empty(0, dtype=np.uint64),
        para_index=np.repeat(np.arange(len(paras), dtype=np.int32), sizes),
        para_sizes=sizes,
        para_chars=[len(p) for p in paras],
        para_words=[len(p.split()) for p in paras],
    )


def _containments(a: Features, b_grams: np.ndarray) -> list[float]:
    """Share of each paragraph of ``a``'s n-grams found among ``b_grams`` (sorted)."""
    n = len(a.para_sizes)
    if not n:
        return []
    if len(b_grams) and len(a.para_grams):
        pos = np.minimum(np.searchsorted(b_grams, a.para_grams), len(b_grams) - 1)
        found = b_grams[pos] == a.para_grams
        hits = np.bincount(a.para_index, weights=found, minlength=n)
    else:
        hits = np.zeros(n)
    return [float(hits[i]) / int(a.para_sizes[i]) if a.para_sizes[i] else 0.0 for i in range(n)]


def compare_features(a: Features, b: Features) -> Comparison:
    """How much of ``a`` is found in ``b``: :func:`compare` on precomputed features."""
    reused = total = count = words = 0
    first = -1
    scores = []
    for c, chars, n_words in zip(_containments(a, b.grams), a.para_chars, a.para_words, strict=True):
        if c >= COPY_MIN_CONTAINMENT and first < 0:
            first = total
        total += chars
        if c >= COPY_MIN_CONTAINMENT:
            reused += chars
            count += 1
            words += n_words
            scores.append(c)
    mean = sum(scores) / len(scores) if scores else 0.0
    offset = first / total if total and first >= 0 else 1.0
    return Comparison(reused, total, count, words, mean, offset)


def compare(a_body: str, b_body: str) -> Comparison:
    return compare_features(features(a_body), features(b_body))


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
    """The copy link between two articles, or None when they share no reused paragraph
    (:func:`link_between` on their features)."""
    return link_between(a_id, features(a_body), a_pub, b_id, features(b_body), b_pub)


def link_between(
    a_id: int, a: Features, a_pub: str | None, b_id: int, b: Features, b_pub: str | None
) -> CopyLink | None:
    """The copy link between two articles, or None when they share no reused paragraph.

    Direction: the later-published article reuses the earlier. When dates do not tell, the
    article where the shared passage starts later is the reuser (the original is *about* that
    story, so it leads with it; a reuser appends it), then the one whose shared passage is
    shorter (reuse condenses). These are heuristics: the link itself is what matters for
    counting independent sources."""
    ab = compare_features(a, b)
    ba = compare_features(b, a)
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


CopyResult = tuple[int, list[tuple[int, int, int]], list[tuple[int, int, float, float, float, int]]]
"""What detection records of one article: its id, its band rows ``(paragraph, band, bucket)``
and its copy links' rows (``store.save_copy_batch``)."""


# -- a cheap first look at a candidate: sampled n-grams -----------------------------------------
SAMPLE_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: every bit reaches the top ones
SAMPLE_SHIFT = np.uint64(62)  # keep the n-grams whose mixed hash has its top 2 bits at 0: 1 in 4
PROBE_MIN_SAMPLES = 8
PROBE_MIN_CONTAINMENT = 0.3
"""A candidate is verified in full only when one of this article's paragraphs has at least
this share of its sampled n-grams in the candidate's sample (the link needs 0.5 on all of
them). A paragraph with fewer samples than ``PROBE_MIN_SAMPLES`` always sends the candidate on.
Most LSH candidates share one band by chance (about 0.5% of unrelated article pairs, measured
on train_fr); this first look keeps their cost to a sample lookup."""


def sketch(grams: np.ndarray) -> np.ndarray:
    """The sampled part (about a quarter) of sorted n-gram hashes, still sorted."""
    return grams[(grams * SAMPLE_MIX) >> SAMPLE_SHIFT == 0]


def body_grams(body: str) -> np.ndarray:
    """``Features.grams`` of a body alone, without its paragraphs' n-grams and units."""
    return gram_hashes(_joined([fold_text(p) for p in paragraphs(body)]))


def body_sketch(body: str) -> np.ndarray:
    """:func:`sketch` of a whole body."""
    return sketch(body_grams(body))


def found_in(a: Features, b_grams: np.ndarray) -> bool:
    """Whether some paragraph of ``a`` is reused in the text of n-grams ``b_grams``: without
    one there is no link (:func:`link_between`), so a candidate whose features are not at hand
    is first checked on its whole text's n-grams, which cost half its features."""
    return any(c >= COPY_MIN_CONTAINMENT for c in _containments(a, b_grams))


@dataclass(frozen=True, slots=True)
class Probe:
    """The sampled n-grams of an article's paragraphs, all in one array, for :func:`may_reuse`
    to look up in a candidate's sketch with one search whatever the number of paragraphs."""

    values: np.ndarray  # the samples, paragraph after paragraph, each sorted
    owner: np.ndarray  # the paragraph (0 to n-1 among those kept) of each sample
    needed: np.ndarray  # per paragraph: PROBE_MIN_CONTAINMENT x its number of samples
    short: bool  # some paragraph has fewer than PROBE_MIN_SAMPLES samples


def probe(a: Features, skip: set[int] | frozenset[int] = frozenset()) -> Probe:
    """The sampled n-grams of each paragraph of ``a``, but those in ``skip`` (boilerplate
    paragraphs: a credit line found in every other article says nothing)."""
    if not len(a.para_sizes):
        return _probe_of([])
    keep = (a.para_grams * SAMPLE_MIX) >> SAMPLE_SHIFT == 0
    counts = np.bincount(a.para_index[keep], minlength=len(a.para_sizes))
    parts = np.split(a.para_grams[keep], np.cumsum(counts)[:-1])
    return _probe_of([part for i, part in enumerate(parts) if i not in skip])


def _probe_of(parts: list[np.ndarray]) -> Probe:
    sizes = np.asarray([len(p) for p in parts], dtype=np.int64)
    return Probe(
        values=np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64),
        owner=np.repeat(np.arange(len(parts)), sizes),
        needed=PROBE_MIN_CONTAINMENT * sizes,
        short=bool(len(sizes) and sizes.min() < PROBE_MIN_SAMPLES),
    )


def may_reuse(samples: Probe, their_sketch: np.ndarray) -> bool:
    """False only when no paragraph of the probed article can be found in the other's text:
    every paragraph has at least PROBE_MIN_SAMPLES samples and fewer than
    PROBE_MIN_CONTAINMENT of them are in ``their_sketch``."""
    if samples.short:
        return True
    if not len(their_sketch) or not len(samples.values):
        return False
    pos = np.minimum(np.searchsorted(their_sketch, samples.values), len(their_sketch) - 1)
    found = np.bincount(
        samples.owner, weights=their_sketch[pos] == samples.values, minlength=len(samples.needed)
    )
    return bool(np.any(found >= samples.needed))


_VECTOR_FROM = 5
"""Candidates from which :func:`reusable` looks at them all at once (fewer cost less one by
one: the all-at-once pass has a fixed cost of about three :func:`may_reuse` calls)."""
_FILTER_SIZE = 1 << 16
_FILTER_MASK = np.uint64(_FILTER_SIZE - 1)


def reusable(samples: Probe, their_sketches: list[np.ndarray]) -> list[bool]:
    """:func:`may_reuse` of each of several candidates' sketches, the same answers. From
    ``_VECTOR_FROM`` candidates on they are looked at all at once, in a fixed number of numpy
    calls: most LSH candidates share one band by chance, and at 20k articles an article has 8
    of them on average (2 at 1k), each of which cost a dozen numpy calls of its own. Every
    sketch value is first checked in a bitmap of the samples' low 16 bits (one lookup rules
    out most values), the rest are looked up among the probe's samples, sorted once; a value
    found adds one to each (candidate, paragraph) holding it, so each count is the number of
    the paragraph's samples in that sketch, as :func:`may_reuse` counts them."""
    k = len(their_sketches)
    if samples.short:
        return [True] * k
    if k < _VECTOR_FROM or not len(samples.values):
        return [may_reuse(samples, s) for s in their_sketches]
    theirs = np.concatenate(their_sketches)
    whose = np.repeat(np.arange(k), [len(s) for s in their_sketches])
    # a bitmap of the samples' low bits rules out most values at the cost of one lookup each
    table = np.zeros(_FILTER_SIZE, dtype=bool)
    table[(samples.values & _FILTER_MASK).astype(np.intp)] = True
    maybe = np.flatnonzero(table[(theirs & _FILTER_MASK).astype(np.intp)])
    if not len(maybe):
        return [False] * k
    theirs, whose = theirs[maybe], whose[maybe]
    order = np.argsort(samples.values, kind="stable")
    values, owner = samples.values[order], samples.owner[order]
    paras = len(samples.needed)
    if len(values) > 1 and not np.all(values[1:] != values[:-1]):  # a sample in two paragraphs
        lo = np.searchsorted(values, theirs, side="left")
        hits = np.searchsorted(values, theirs, side="right") - lo  # samples equal to each value
        held = hits > 0
        reps = hits[held]
        whose = np.repeat(whose[held], reps)
        which = np.repeat(lo[held] - (np.cumsum(reps) - reps), reps) + np.arange(len(whose))
    else:
        pos = np.minimum(np.searchsorted(values, theirs), len(values) - 1)
        held = values[pos] == theirs
        whose, which = whose[held], pos[held]
    found = np.bincount(whose * paras + owner[which], minlength=k * paras).reshape(k, paras)
    return (found >= samples.needed).any(axis=1).tolist()


# -- bookkeeping for one detection pass ---------------------------------------------------------
FEATURE_CACHE_ARTICLES = 2000
"""Articles whose features one pass keeps (about 50 kB each): the recent ones, which is where
copies are found (agencies are copied within days)."""

POPULAR_BUCKET_ARTICLES = 64
"""A band bucket shared by this many articles in one pass is boilerplate (an agency credit, a
standard disclaimer): it is neither looked up nor stored any more, so its cost stops growing
with the archive. A credit line alone never makes a link (``MIN_LINK_WORDS``)."""


V = TypeVar("V")
SKETCH_CACHE_ARTICLES = 50_000
"""Sketches (about 2 kB each) kept in one pass: every article looked at once stays cheap."""


class FeatureCache(Generic[V]):
    """Values by article id, least recently used dropped first."""

    def __init__(self, size: int = FEATURE_CACHE_ARTICLES) -> None:
        self.size = size
        self._items: dict[int, V] = {}

    def get(self, article_id: int) -> V | None:
        found = self._items.pop(article_id, None)
        if found is not None:
            self._items[article_id] = found  # most recent last
        return found

    def put(self, article_id: int, value: V) -> None:
        self._items.pop(article_id, None)
        self._items[article_id] = value
        while len(self._items) > self.size:
            del self._items[next(iter(self._items))]


class BucketCounts:
    """How many articles of this pass have each band bucket, to leave boilerplate out.

    Each ``(band, bucket)`` is counted under one int (:func:`bucket_key`): a dict of ints holds
    no object the garbage collector tracks, whereas one keyed by tuples is traversed by every
    full collection. With a million keys at 20,000 articles those collections made each article
    cost more as the pass went on (on a loaded machine, 0.2 ms of collection per article at 1,000
    articles and 1.4 ms in the last quarter of 20,000; 0.2 ms throughout with int keys)."""

    def __init__(self, limit: int = POPULAR_BUCKET_ARTICLES) -> None:
        self.limit = limit
        self._counts: dict[int, int] = {}

    def usable(self, rows: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """The ``(paragraph, band, bucket)`` rows whose bucket is not boilerplate."""
        counts = self._counts
        return [r for r in rows if counts.get(bucket_key(r[1], r[2]), 0) < self.limit]

    def add(self, rows: list[tuple[int, int, int]]) -> None:
        counts = self._counts
        for key in {bucket_key(b, k) for _, b, k in rows}:
            counts[key] = counts.get(key, 0) + 1


def bucket_key(band: int, bucket: int) -> int:
    """One int per ``(band, bucket)`` pair, distinct for distinct pairs (``0 <= band < BANDS``)."""
    return bucket * BANDS + band
