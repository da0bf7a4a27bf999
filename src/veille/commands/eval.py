"""``veille eval GOLD.jsonl... [--split tune,blind] [--pred PRED.jsonl]``: score extraction as the
annotation guide says, one corpus (and split) per row when several are asked for."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from veille.errors import EvalError
from veille.eval import load_gold, load_pred, score_corpus
from veille.eval.gold import GoldDoc, PredDoc
from veille.eval.predict import iter_predictions
from veille.eval.report import render_comparison, render_text, to_json
from veille.eval.split import SPLITS, in_split

PROGRESS_MIN_DOCS = 20


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "eval",
        help="score extraction against gold JSONL files",
        description=(
            "Extract from the gold texts (or read --pred) and print event P/R/F1, field "
            "accuracy on matched events (actors compared through actor_aliases.tsv), toll and "
            "killed-count P/R/F1. For labelled corpora (lines with 'label' neg/pos/skip) it "
            "prints the share of documents yielding events. With several files or splits it "
            "prints one row per corpus and split, side by side."
        ),
        epilog=(
            "Splits: 'blind' is a fixed quarter of each file chosen by a stable hash of the id, "
            "never read while writing rules and never trained on; 'tune' is the rest. "
            "Example: veille eval --split tune,blind ../shared/corpus/train_fr.jsonl"
        ),
    )
    p.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="gold file(s) in the guide's shape")
    p.add_argument("--pred", metavar="PRED.jsonl", help="predictions (veille extract output)")
    p.add_argument(
        "--split",
        default="all",
        metavar="SPLITS",
        help="comma-separated among all, tune, blind (default: all)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--per-doc", action="store_true", help="list misses and false alarms per document"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def _splits(value: str) -> list[str]:
    names = [s.strip() for s in value.split(",") if s.strip()]
    bad = [s for s in names if s not in SPLITS]
    if bad or not names:
        raise EvalError(f"--split: unknown split {', '.join(bad) or value!r} (use {', '.join(SPLITS)})")
    return names


def _predict(gold: list[GoldDoc], quiet: bool, label: str) -> dict[str, PredDoc]:
    show = not quiet and (sys.stderr.isatty() or len(gold) > PROGRESS_MIN_DOCS)
    stream = tqdm(
        iter_predictions(gold), total=len(gold), unit="doc", file=sys.stderr,
        disable=not show, desc=f"eval {label}",
    )
    return {p.id: p for p in stream}


def run(args: argparse.Namespace) -> int:
    splits = _splits(args.split)
    if args.pred is not None and len(args.gold) > 1:
        raise EvalError("--pred: give one gold file with --pred")
    rows = []
    for path in args.gold:
        gold_all = load_gold(path, need_text=args.pred is None)
        for split in splits:
            gold = [g for g in gold_all if in_split(g.id, split)]
            name = Path(path).name if split == "all" else f"{Path(path).name} [{split}]"
            if not gold:
                continue
            if args.pred is not None:
                preds = load_pred(args.pred)
            else:
                preds = _predict(gold, args.quiet, name)
            rows.append((name, path, score_corpus(gold, preds)))
    if args.json:
        data = [to_json(s, per_doc=args.per_doc, gold=p, pred=args.pred) | {"corpus": n} for n, p, s in rows]
        print(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    elif len(rows) == 1 or args.per_doc:
        print("\n\n".join(render_text(s, per_doc=args.per_doc, gold=n, pred=args.pred) for n, _, s in rows))
    else:
        print(render_comparison([(n, s) for n, _, s in rows]))
    return 0
