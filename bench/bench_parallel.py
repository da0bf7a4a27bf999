"""Extraction and ingest on every core (printed figures, never asserted).

The dev passages and the seeds (``../shared/corpus``) are repeated to about 400 documents and
extracted with 1 worker (in this process) and with N workers (forked processes, N = the cores
this process may use), then ingested (read, extract, store; copy detection and merging left
out, ``bench_scale.py`` measures them) with 1 and N workers into fresh databases. Loading the
model is left out of the timings (done once before); the N-worker runs include forking.

Run: ``make bench`` or ``.venv/bin/python bench/bench_parallel.py [--docs 400]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from veille import parallel
from veille.batch import ingest
from veille.model import Article, DocResult
from veille.normalise import normalise
from veille.read import RawDoc
from veille.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = ("dev_fr.jsonl", "seeds_gold.jsonl")


def load_rows(n_docs: int) -> list[dict]:
    rows = []
    for name in SOURCES:
        path = CORPUS / name
        if not path.exists():
            sys.exit(f"bench_parallel: {path} not found (../shared is not beside the project)")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                rows.append({k: obj.get(k) for k in ("id", "text", "published", "source")})
    out = []
    rep = 0
    while len(out) < n_docs:
        for row in rows[: n_docs - len(out)]:
            # a distinct text per repetition, so ingest stores every one
            out.append({**row, "id": f"{row['id']}#{rep}", "text": f"{row['text']}\n\n(Rep. {rep}.)"})
        rep += 1
    return out


def _articles(rows: list[dict]) -> list[Article]:
    return [normalise(RawDoc(text=r["text"], origin="bench", id=r["id"], published=r["published"],
                             source=r["source"])) for r in rows]  # fmt: skip


def time_extract(articles: list[Article], workers: int) -> tuple[float, list[str]]:
    t = time.perf_counter()
    lines = []
    for _, outcome in parallel.extract_ordered(articles, lambda a: a, workers):
        assert isinstance(outcome, DocResult), outcome
        lines.append(json.dumps(outcome.to_dict(), ensure_ascii=False))
    return time.perf_counter() - t, lines


def time_ingest(path: Path, tmp: Path, workers: int) -> tuple[float, int]:
    with SQLiteStore(str(tmp / f"ingest{workers}.sqlite")) as store:
        t = time.perf_counter()
        report = ingest([str(path)], store, resolve=False, workers=workers)
        return time.perf_counter() - t, report.counts.added


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400, help="documents to extract")
    ap.add_argument("--workers", type=int, default=parallel.default_workers())
    args = ap.parse_args()
    rows = load_rows(args.docs)
    articles = _articles(rows)
    words = sum(len(a.text.split()) for a in articles)
    t = time.perf_counter()
    parallel.preload()
    print(f"== extraction on every core: {len(articles)} documents, {words:,} words; "
          f"model loaded in {time.perf_counter() - t:.1f} s (once, before forking)")  # fmt: skip
    n = max(2, args.workers)
    one, lines_one = time_extract(articles, 1)
    many, lines_many = time_extract(articles, n)
    same = "identical" if lines_one == lines_many else "DIFFERENT"
    print(f"   extract, 1 worker : {len(articles) / one:6.1f} docs/s ({one:5.1f} s)")
    print(f"   extract, {n} workers: {len(articles) / many:6.1f} docs/s ({many:5.1f} s): "
          f"{one / many:.2f}x, output {same}")  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        src = tmp / "docs.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        i_one, added = time_ingest(src, tmp, 1)
        i_many, _ = time_ingest(src, tmp, n)
    print(f"   ingest (read, extract, store), 1 worker : {added / i_one:6.1f} articles/s")
    print(f"   ingest (read, extract, store), {n} workers: {added / i_many:6.1f} articles/s: "
          f"{i_one / i_many:.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
