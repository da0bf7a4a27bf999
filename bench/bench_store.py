"""Store and resolution figures (printed, never asserted).

1. copy detection on seeds 000/001: word shingles vs character n-grams on the reused passage;
2. ingest throughput, articles/s including extraction, copy detection and merging
   (seeds + dev passages + POPCORN texts from ../shared when present);
3. merge precision/recall on the synthetic corpus tests/corpus/merge: on its hand-written
   events, and through the real pipeline (extracted events matched to the hand-written ones);
4. incident resolution on 10k and 100k synthetic events, in memory and through SQLite, and the
   ratio between the two sizes (near-linear means a ratio near 10).

Run: ``make bench`` or ``.venv/bin/python bench/bench_store.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from veille.batch import ingest
from veille.model import Article, DocResult, Event
from veille.normalise import split_header
from veille.resolve.copies import containment, jaccard, ngrams, paragraphs
from veille.resolve.fold import fold_text, place_key
from veille.resolve.incremental import resolve_pending, run_all
from veille.resolve.merge import Resolver, report_from_row
from veille.resolve.profile import build_profile
from veille.resolve.score import pair_scores
from veille.store import IncidentQuery, SQLiteStore
from veille.store.synthetic import synthetic_events

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
MERGE = ROOT / "tests" / "corpus" / "merge"


def word_shingles(text: str, k: int) -> set[tuple[str, ...]]:
    w = fold_text(text).split()
    return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}


def bench_copies() -> None:
    print("== copy detection: seeds 000 / 001")
    seeds = SHARED / "seeds"
    if not seeds.exists():
        print("   ../shared not available: skipped")
        return
    t0 = next(seeds.glob("000_*.txt")).read_text(encoding="utf-8")
    body0 = t0[split_header(t0)[1] :]
    body1 = next(seeds.glob("001_*.txt")).read_text(encoding="utf-8")
    reused = next(p for p in paragraphs(body0) if "Les Etats-Unis sont prêts" in p)
    keys = ("Washington", "Pentagone", "militaires américains", "Dunford")
    original = " ".join(p for p in paragraphs(body1) if any(k in p for k in keys))
    unrelated = paragraphs(body0)[0]
    print(f"   {'feature':24} {'Jaccard':>8} {'contain.':>9} {'unrelated J':>12}")
    for name, fn in (
        ("word 5-shingles", lambda t: word_shingles(t, 5)),
        ("word 3-shingles", lambda t: word_shingles(t, 3)),
        ("char 5-grams", lambda t: ngrams(t, 5)),
        ("char 7-grams (used)", lambda t: ngrams(t, 7)),
        ("char 9-grams", lambda t: ngrams(t, 9)),
    ):
        a, b, u = fn(reused), fn(original), fn(unrelated)
        print(f"   {name:24} {jaccard(a, b):8.2f} {containment(a, fn(body1)):9.2f} {jaccard(u, b):12.2f}")


def load_merge_corpus() -> tuple[list[Article], dict[str, list[Event]], dict]:
    articles = []
    for line in (MERGE / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        articles.append(Article(id=d["id"], text=d["text"], published=d["published"],
                                source=d["source"], lang="fr"))  # fmt: skip
    events = {}
    for line in (MERGE / "events.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        events[d["id"]] = [Event.from_dict(e) for e in d["events"]]
    return articles, events, json.loads((MERGE / "expected_merges.json").read_text(encoding="utf-8"))


def clusters_of(store: SQLiteStore) -> list[list[str]]:
    out = []
    for row in store.iter_incidents(IncidentQuery()):
        detail = store.get_incident(row["id"]) or {"events": []}
        out.append([f"{e['article_doc_id']}#{e['ordinal']}" for e in detail["events"]])
    return out


def bench_merge_corpus(tmp: Path) -> None:
    print("== merge precision/recall on tests/corpus/merge (synthetic, 15 articles)")
    articles, events, expected = load_merge_corpus()
    truth = [v["events"] for v in expected["incidents"].values()]
    with SQLiteStore(str(tmp / "merge_gold.sqlite")) as store:
        for art in articles:
            store.write_document(DocResult(article=art, events=events.get(art.id, [])))
        run_all(store)
        s = pair_scores(clusters_of(store), truth)
    print(f"   hand-written events: pairs {s.correct_pairs}/{s.predicted_pairs} predicted, "
          f"{s.correct_pairs}/{s.true_pairs} expected: P={s.precision:.2f} R={s.recall:.2f}")  # fmt: skip
    # Through the pipeline: map each extracted event to the hand-written event of the same
    # article with the same type and place (the guide's matching rule), then score the pairs.
    from veille.pipeline import extract_document

    gold_key = {}
    for aid, evs in events.items():
        for i, e in enumerate(evs):
            gold_key[(aid, e.event_type, place_key(e.location))] = f"{aid}#{i}"
    with SQLiteStore(str(tmp / "merge_pipe.sqlite")) as store:
        extracted = matched = 0
        mapping: dict[str, str] = {}
        for art in articles:
            doc = extract_document(art)
            store.write_document(doc)
            for i, e in enumerate(doc.events):
                extracted += 1
                ref = gold_key.get((art.id, e.event_type, place_key(e.location)))
                if ref is None and e.admin1:  # region-level extraction of a town-level event
                    ref = next((v for (a, t, _), v in gold_key.items() if a == art.id and t == e.event_type
                                and any(g.admin1 == e.admin1 for g in events[a])), None)  # fmt: skip
                if ref is not None:
                    matched += 1
                    mapping[f"{art.id}#{i}"] = ref
        run_all(store)
        predicted = [[mapping[r] for r in c if r in mapping] for c in clusters_of(store)]
    gold_total = sum(len(v) for v in events.values())
    covered = {r for c in predicted for r in c}
    truth_cov = [[r for r in t if r in covered] for t in truth]
    s = pair_scores(predicted, truth_cov)
    print(f"   through extraction: {extracted} events extracted, {matched} matched to "
          f"{len(covered)}/{gold_total} hand-written events; on those: "
          f"P={s.precision:.2f} R={s.recall:.2f} ({s.true_pairs} expected pairs)")  # fmt: skip


def bench_ingest(tmp: Path, quick: bool) -> None:
    print("== ingest throughput (read + extract + store + copies + merge, one process)")
    paths = [p for p in (SHARED / "seeds", SHARED / "dev_fr.jsonl") if p.exists()]
    popcorn = SHARED / "popcorn" / "train_docs.jsonl"
    if popcorn.exists() and not quick:
        paths.append(popcorn)
    if not paths:
        print("   ../shared not available: skipped")
        return
    from veille.pipeline import extract_document, iter_articles

    warm = next(a for a in iter_articles([str(paths[0])]) if isinstance(a, Article))
    extract_document(warm)  # load the model outside the timing
    with SQLiteStore(str(tmp / "ingest.sqlite")) as store:
        t = time.perf_counter()
        report = ingest([str(p) for p in paths], store)
        dt = time.perf_counter() - t
        stats = store.stats()
        t = time.perf_counter()
        again = ingest([str(p) for p in paths], store)
        dt2 = time.perf_counter() - t
    n = report.counts.added
    print(f"   {n} articles ({', '.join(p.name for p in paths)}), {stats['events']} events, "
          f"{stats['incidents']} incidents ({stats['merged_incidents']} from >1 article), "
          f"{stats['copy_links']} copy links, {len(report.errors)} errors")  # fmt: skip
    print(f"   {dt:.1f} s: {n / dt:.1f} articles/s; re-ingest (all unchanged): "
          f"{again.counts.unchanged / dt2:.0f} articles/s")  # fmt: skip


def bench_resolution(tmp: Path, sizes: tuple[int, ...]) -> None:
    print("== incident resolution on synthetic events (constant density, period grows with n)")
    memory: dict[int, float] = {}
    database: dict[int, float] = {}
    for n in sizes:
        rows = synthetic_events(n, seed=1)
        t = time.perf_counter()
        resolver = Resolver()
        for r in rows:
            resolver.add(report_from_row(r))
        for c in resolver.clusters:
            build_profile([m.row for m in c.members])
        memory[n] = time.perf_counter() - t
        truth: dict[int, list[int]] = {}
        for r in rows:
            truth.setdefault(r["true_incident"], []).append(r["id"])
        s = pair_scores([[m.event_id for m in c.members] for c in resolver.clusters], truth.values())
        print(f"   in memory  n={n:>7,}: {memory[n]:6.2f} s, {resolver.comparisons / n:.2f} "
              f"comparisons/event, {len(resolver.clusters):,} incidents (true {len(truth):,}), "
              f"pairwise P={s.precision:.3f} R={s.recall:.3f}")  # fmt: skip
        database[n] = _resolve_in_db(tmp / f"res{n}.sqlite", rows)
        print(f"   in SQLite  n={n:>7,}: {database[n]:6.2f} s (resolve_pending on stored events)")
    if len(sizes) == 2:
        a, b = sizes
        print(f"   ratio {b // a}x events: in memory {memory[b] / memory[a]:.1f}x time, "
              f"in SQLite {database[b] / database[a]:.1f}x time")  # fmt: skip


def _resolve_in_db(path: Path, rows: list[dict]) -> float:
    with SQLiteStore(str(path)) as store:
        with store.transaction() as conn:  # bulk-load synthetic articles and events
            conn.executemany(
                "INSERT INTO articles (id, doc_id, content_hash, source, published, lang, text, "
                "copies_checked, ingested_at) VALUES (?, ?, ?, ?, ?, 'fr', '', 1, '')",
                {(r["article_id"], r["article_doc_id"], r["article_doc_id"], r["source"], r["published"])
                 for r in rows},
            )  # fmt: skip
            cols = ("id", "article_id", "event_type", "sub_event_type", "location", "admin1",
                    "country", "country_code", "date", "actor1", "fatalities", "lat", "lon",
                    "geo_precision")  # fmt: skip
            conn.executemany(
                f"INSERT INTO events (ordinal, {', '.join(cols)}) VALUES (0, {', '.join('?' * len(cols))})",
                [tuple(r[c] for c in cols) for r in rows],
            )
        t = time.perf_counter()
        resolve_pending(store)
        return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, no POPCORN ingest")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        bench_copies()
        bench_merge_corpus(tmp)
        bench_ingest(tmp, args.quick)
        bench_resolution(tmp, (1_000, 10_000) if args.quick else (10_000, 100_000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
