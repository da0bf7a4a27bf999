"""Extraction speed and memory on one core (``make bench``). Prints figures only.

The dev texts (``dev_fr.jsonl`` and the seeds) are repeated to about 200k words and run through
the full veille pipeline (normalise + extract), then through spaCy alone (``fr_core_news_md``,
full pipeline, ``nlp.pipe``) for comparison. Peak memory is the process's maximum RSS, taken
after the veille run and before spaCy alone is loaded.
"""

from __future__ import annotations

import os

# one core: set before numpy/spaCy are imported
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import psutil  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = ("dev_fr.jsonl", "seeds_gold.jsonl")
TARGET_WORDS = 200_000


def load_texts() -> list[dict]:
    rows = []
    for name in SOURCES:
        path = CORPUS / name
        if not path.exists():
            sys.exit(f"bench_extract: {path} not found (../shared is not beside the project)")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                rows.append({k: obj.get(k) for k in ("id", "text", "published", "source", "url")})
    return rows


def repeat_to(rows: list[dict], target_words: int) -> list[dict]:
    out: list[dict] = []
    words = 0
    rep = 0
    while words < target_words:
        for row in rows:
            out.append({**row, "id": f"{row['id']}#{rep}"})
            words += len(row["text"].split())
        rep += 1
    return out


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=TARGET_WORDS, help="words to process")
    args = parser.parse_args()

    from veille.normalise import normalise
    from veille.pipeline import extract_document
    from veille.read import RawDoc

    base = load_texts()
    docs = repeat_to(base, args.words)
    n_words = sum(len(d["text"].split()) for d in docs)
    n_chars = sum(len(d["text"]) for d in docs)
    affinity = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "n/a"
    print(
        f"bench_extract: cpu affinity {affinity}, OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}"
    )
    print(
        f"corpus: {len(base)} dev texts ({', '.join(SOURCES)}) repeated to {len(docs)} documents, "
        f"{n_words:,} words, {n_chars:,} characters"
    )
    rss_start = psutil.Process().memory_info().rss / 2**20

    def raw(d: dict) -> RawDoc:
        return RawDoc(
            text=d["text"],
            origin=d["id"],
            id=d["id"],
            published=d["published"],
            source=d["source"],
            url=d["url"],
        )

    t0 = time.perf_counter()
    extract_document(normalise(raw(base[0])))  # warm-up: loads the model and lexicons
    load_s = time.perf_counter() - t0

    events = tolls = skipped = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for d in docs:
        result = extract_document(normalise(raw(d)))
        events += len(result.events)
        tolls += len(result.tolls)
        skipped += result.skipped is not None
    veille_s = time.perf_counter() - t0
    veille_cpu = time.process_time() - c0
    peak_veille = peak_rss_mb()
    print(
        f"veille (normalise + extract): {veille_s:.1f} s, {len(docs) / veille_s:.1f} docs/s, "
        f"{n_words / veille_s:,.0f} words/s  (first document incl. model load: {load_s:.1f} s; "
        f"{events} events, {tolls} tolls, {skipped} skipped)"
    )
    print(
        f"  by CPU time ({veille_cpu:.1f} s): {len(docs) / veille_cpu:.1f} docs/s, "
        f"{n_words / veille_cpu:,.0f} words/s (wall time suffers when the machine is shared)"
    )
    print(
        f"peak memory (max RSS) after veille: {peak_veille:.0f} MB (RSS at start {rss_start:.0f} MB)"
    )

    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load("fr_core_news_md")
    spacy_load_s = time.perf_counter() - t0
    texts = [d["text"] for d in docs]
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    spacy_s = time.perf_counter() - t0
    spacy_cpu = time.process_time() - c0
    print(
        f"spaCy alone (fr_core_news_md, full pipeline {nlp.pipe_names}, nlp.pipe): "
        f"{spacy_s:.1f} s, {len(docs) / spacy_s:.1f} docs/s, {n_words / spacy_s:,.0f} words/s "
        f"(load {spacy_load_s:.1f} s)"
    )
    print(
        f"  by CPU time ({spacy_cpu:.1f} s): {len(docs) / spacy_cpu:.1f} docs/s, "
        f"{n_words / spacy_cpu:,.0f} words/s"
    )
    print(
        f"veille / spaCy-alone: {veille_s / spacy_s:.2f}x wall time, "
        f"{veille_cpu / spacy_cpu:.2f}x CPU time"
    )
    print(f"peak memory (max RSS) at the end, incl. a second spaCy model: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
