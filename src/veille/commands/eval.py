"""``veille eval GOLD.jsonl [--pred PRED.jsonl]``: score extraction as the annotation guide says."""

from __future__ import annotations

import argparse
import json
import sys

from tqdm import tqdm

from veille.eval import load_gold, load_pred, score_corpus
from veille.eval.predict import iter_predictions
from veille.eval.report import render_text, to_json

PROGRESS_MIN_DOCS = 20


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "eval",
        help="score extraction against a gold JSONL file",
        description=(
            "Extract from the gold texts (or read --pred) and print event P/R/F1, field "
            "accuracy on matched events, toll and killed-count P/R/F1. For labelled corpora "
            "(lines with 'label' neg/pos/skip) it prints the share of documents yielding events."
        ),
    )
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold file in the guide's shape")
    p.add_argument("--pred", metavar="PRED.jsonl", help="predictions (veille extract output)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--per-doc", action="store_true", help="list misses and false alarms per document"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    gold = load_gold(args.gold, need_text=args.pred is None)
    if args.pred is not None:
        preds = load_pred(args.pred)
    else:
        show = not args.quiet and (sys.stderr.isatty() or len(gold) > PROGRESS_MIN_DOCS)
        stream = tqdm(
            iter_predictions(gold),
            total=len(gold),
            unit="doc",
            file=sys.stderr,
            disable=not show,
            desc="eval",
        )
        preds = {p.id: p for p in stream}
    score = score_corpus(gold, preds)
    if args.json:
        data = to_json(score, per_doc=args.per_doc, gold=args.gold, pred=args.pred)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_text(score, per_doc=args.per_doc, gold=args.gold, pred=args.pred))
    return 0
