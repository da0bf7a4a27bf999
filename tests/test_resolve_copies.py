"""Copied-text detection on the seeds: 000 reuses, reworded, a paragraph of 001."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.model import Article, DocResult
from veille.normalise import split_header
from veille.resolve.copies import (
    article_bands,
    containment,
    detect_link,
    jaccard,
    ngrams,
    paragraphs,
)
from veille.resolve.incremental import detect_copies
from veille.store import SQLiteStore


def seed(seeds_dir: Path, prefix: str) -> tuple[str, str | None]:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    published, start = split_header(text)
    return text[start:], published


def word_shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    from veille.resolve.fold import fold_text

    words = fold_text(text).split()
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def test_reworded_paragraph_scores_high_on_char_ngrams_where_word_shingles_fail(seeds_dir: Path) -> None:
    body0, _ = seed(seeds_dir, "000")
    body1, _ = seed(seeds_dir, "001")
    reused = next(p for p in paragraphs(body0) if "Les Etats-Unis sont prêts" in p)
    original = " ".join(p for p in paragraphs(body1) if "Washington" in p or "Pentagone" in p
                        or "militaires américains" in p or "Dunford" in p)  # fmt: skip
    unrelated = paragraphs(body0)[0]
    assert jaccard(word_shingles(reused), word_shingles(original)) < 0.5  # the issue's ~0.39
    assert jaccard(ngrams(reused), ngrams(original)) >= 0.55
    assert containment(ngrams(reused), ngrams(body1)) >= 0.75
    assert containment(ngrams(unrelated), ngrams(body1)) < 0.35


def test_seed_000_is_linked_as_reusing_seed_001(seeds_dir: Path) -> None:
    body0, pub0 = seed(seeds_dir, "000")
    body1, pub1 = seed(seeds_dir, "001")
    for args in ((0, body0, pub0, 1, body1, pub1), (1, body1, pub1, 0, body0, pub0)):
        link = detect_link(*args)  # type: ignore[arg-type]
        assert link is not None
        assert (link.reuser, link.original) == (0, 1)
        assert 0.3 <= link.share <= 0.7 and link.paragraphs >= 1
    # LSH finds the pair as a candidate: the two share band buckets
    assert {b[1:] for b in article_bands(body0)} & {b[1:] for b in article_bands(body1)}


def test_no_copy_links_between_seeds_that_share_only_the_topic(seeds_dir: Path) -> None:
    bodies = {p: seed(seeds_dir, p) for p in ("000", "002", "003", "004")}
    keys = sorted(bodies)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            assert detect_link(1, bodies[a][0], None, 2, bodies[b][0], None) is None, (a, b)


@pytest.mark.parametrize("order", [("000", "001"), ("001", "000")])
def test_store_records_the_link_whatever_the_ingest_order(
    seeds_dir: Path, tmp_path: Path, order: tuple[str, str]
) -> None:
    with SQLiteStore(str(tmp_path / "c.sqlite")) as store:
        for prefix in order:
            path = next(seeds_dir.glob(f"{prefix}_*.txt"))
            text = path.read_text(encoding="utf-8")
            published, start = split_header(text)
            art = Article(id=path.stem, text=text, published=published, lang="fr", body_start=start)
            store.write_document(DocResult(article=art))
        counts = detect_copies(store)
        assert (counts.articles_checked, counts.copy_links) == (2, 1)
        a000 = store.get_article(next(seeds_dir.glob("000_*.txt")).stem)
        assert a000 is not None
        assert [c["doc_id"][:3] for c in a000["copies"]] == ["001"]
        assert detect_copies(store).articles_checked == 0  # incremental: nothing left to do


# -- linear copy detection (issue 11): same keys, same comparisons, computed once --------------


def test_band_keys_are_datasketch_minhash_bands_so_stored_bands_stay_valid(seeds_dir: Path) -> None:
    import hashlib

    import numpy as np
    from datasketch import MinHash

    from veille.resolve.copies import BANDS, NUM_PERM, ROWS, band_keys, units

    body, _ = seed(seeds_dir, "001")
    for unit in [u for p in paragraphs(body) for u in units(p)][:6]:
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([g.encode("utf-8") for g in ngrams(unit)])
        hv = np.asarray(m.hashvalues, dtype=np.uint64)
        expected = [
            (b, int.from_bytes(hashlib.blake2b(hv[b * ROWS : (b + 1) * ROWS].tobytes(),
                                               digest_size=8).digest(), "big", signed=True))
            for b in range(BANDS)
        ]  # fmt: skip
        assert band_keys(unit) == expected


def test_bulk_hashed_containment_equals_the_string_sets(seeds_dir: Path) -> None:
    from veille.resolve.copies import compare

    bodies = [seed(seeds_dir, p)[0] for p in ("000", "001", "002")]
    for a in bodies:
        for b in bodies:
            got = compare(a, b)
            b_grams = ngrams(b)
            want = [containment(ngrams(p), b_grams) for p in paragraphs(a)]
            reused = [p for p, c in zip(paragraphs(a), want, strict=True) if c >= 0.5]
            assert got.paragraphs == len(reused)
            assert got.reused_chars == sum(len(p) for p in reused)


def _fillers(seed: int, n: int) -> list[str]:
    """``n`` paragraphs of 40 random pseudo-words each, the same for the same seed: texts that
    share nothing but by chance."""
    import random

    rng = random.Random(seed)
    return [" ".join("".join(rng.choice("bcdfglmnprstvz") + rng.choice("aeiou")
                             for _ in range(rng.randint(2, 4))) for _ in range(40)) + "."
            for _ in range(n)]  # fmt: skip


def _store_bodies(store: SQLiteStore, bodies: list[str]) -> None:
    for i, body in enumerate(bodies):
        art = Article(id=f"s{i}", text=body, published="2024-03-01", lang="fr")
        store.write_document(DocResult(article=art))


def test_boilerplate_shared_by_many_articles_neither_links_nor_hides_a_copy(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """Seventy articles share an agency credit line (boilerplate: no link); the seeds' reused
    paragraph is still found among them."""
    from veille.resolve import copies

    credit = "(Agence synthétique) Texte inventé pour ce test, repris au bas de chaque dépêche."
    fillers = _fillers(3, 70)
    body0, _ = seed(seeds_dir, "000")
    body1, _ = seed(seeds_dir, "001")
    bodies = [f"{f}\n\n{credit}" for f in fillers[:35]] + [f"{body1}\n\n{credit}"]
    bodies += [f"{f}\n\n{credit}" for f in fillers[35:]] + [f"{body0}\n\n{credit}"]
    with SQLiteStore(str(tmp_path / "b.sqlite")) as store:
        _store_bodies(store, bodies)
        counts = detect_copies(store)
        assert counts.articles_checked == 72 and counts.copy_links == 1
        reuser = store.get_article("s71")
        assert reuser is not None and [c["doc_id"] for c in reuser["copies"]] == ["s35"]
    assert copies.POPULAR_BUCKET_ARTICLES < 70  # the credit line became boilerplate


def test_links_do_not_depend_on_how_articles_are_batched(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch is looked up before it is written (its earlier articles are found in memory):
    batches of 3 articles, of 1 and one batch for all give the same links and band rows."""
    from veille.resolve import incremental

    fillers = _fillers(5, 12)
    body0, _ = seed(seeds_dir, "000")
    body1, _ = seed(seeds_dir, "001")
    bodies = [*fillers[:4], body1, *fillers[4:9], body0, *fillers[9:]]
    bodies += [f"{fillers[2]}\n\n{fillers[7]}"]  # reuses two earlier articles
    found = []
    for batch in (1, 3, 1000):
        monkeypatch.setattr(incremental, "COPY_BATCH_ARTICLES", batch)
        with SQLiteStore(str(tmp_path / f"batch{batch}.sqlite")) as store:
            _store_bodies(store, bodies)
            counts = detect_copies(store)
            links = store._read(lambda c: c.execute(
                "SELECT article_id, source_article_id, share, similarity FROM article_copies "
                "ORDER BY 1, 2").fetchall())  # fmt: skip
            bands = store._read(lambda c: c.execute(
                "SELECT article_id, paragraph, band, bucket FROM paragraph_bands "
                "ORDER BY 1, 2, 3, 4").fetchall())  # fmt: skip
            found.append(([tuple(r) for r in links], [tuple(r) for r in bands]))
            assert counts.articles_checked == len(bodies) and counts.copy_links == 3
    assert found[0] == found[1] == found[2]


def test_bucket_counts_keep_no_object_the_garbage_collector_traverses() -> None:
    """Boilerplate buckets are still those shared by POPULAR_BUCKET_ARTICLES articles, counted
    under one int per (band, bucket), so the garbage collector does not walk the million keys
    of a long pass at each full collection (that made copy detection grow faster than the
    archive); distinct pairs keep distinct keys, negative buckets included."""
    import gc

    from veille.resolve.copies import BANDS, BucketCounts, bucket_key

    pairs = [(b, k) for b in range(BANDS) for k in (-(2**63), -1, 0, 1, 2**63 - 1)]
    assert len({bucket_key(b, k) for b, k in pairs}) == len(pairs)
    counts = BucketCounts(limit=3)
    rows = [(0, 4, -17), (1, 4, -17), (1, 5, 2**62)]  # one bucket in two paragraphs
    for _ in range(2):
        counts.add(rows)
    assert counts.usable(rows) == rows
    counts.add(rows[:1])
    assert counts.usable(rows) == [(1, 5, 2**62)]
    assert not gc.is_tracked(counts._counts)


def test_the_first_look_at_all_candidates_at_once_decides_as_one_at_a_time(seeds_dir: Path) -> None:
    """:func:`reusable` (every candidate's sketch in one pass) keeps exactly the candidates
    :func:`may_reuse` keeps one at a time: on the seeds (reused, unrelated, boilerplate
    skipped) and on random samples where values repeat across paragraphs and sketches."""
    import numpy as np

    from veille.resolve.copies import Probe, body_sketch, features, may_reuse, probe, reusable

    bodies = [seed(seeds_dir, p)[0] for p in ("000", "001", "002")]
    sketches = [body_sketch(b) for b in bodies] + [np.empty(0, dtype=np.uint64)]
    for body in bodies:
        mine = features(body)
        for skip in (frozenset(), frozenset({0})):
            samples = probe(mine, skip)
            for chosen in ([], sketches, sketches * 2, sketches[::-1] * 3, sketches[1:2] * 6):
                assert reusable(samples, chosen) == [may_reuse(samples, s) for s in chosen]
    rng = np.random.default_rng(7)
    for _ in range(300):
        pool = rng.integers(0, 2**64 - 1, size=80, dtype=np.uint64, endpoint=True)
        parts = [
            np.unique(rng.choice(pool, size=int(rng.integers(8, 40))))
            for _ in range(int(rng.integers(1, 4)))
        ]
        sizes = np.asarray([len(p) for p in parts])
        owner = np.repeat(np.arange(len(parts)), sizes)
        samples = Probe(np.concatenate(parts), owner, 0.3 * sizes, False)
        chosen = [
            np.unique(rng.choice(pool, size=int(rng.integers(0, 60))))
            for _ in range(int(rng.integers(0, 12)))
        ]
        assert reusable(samples, chosen) == [may_reuse(samples, s) for s in chosen]
