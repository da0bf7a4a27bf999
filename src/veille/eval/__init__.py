"""Scoring extraction against gold files (``veille eval``).

``score`` is pure (gold + predictions -> scores), ``report`` renders scores as text or JSON,
``predict`` runs the pipeline on gold texts, ``gold`` loads and checks the files.
"""

from __future__ import annotations

from pathlib import Path

from veille.eval.gold import GoldDoc, PredDoc, load_gold, load_pred
from veille.eval.predict import iter_predictions
from veille.eval.score import CorpusScore, score_corpus

__all__ = [
    "CorpusScore",
    "GoldDoc",
    "PredDoc",
    "evaluate",
    "load_gold",
    "load_pred",
    "score_corpus",
]


def evaluate(gold_path: str | Path, pred_path: str | Path | None = None) -> CorpusScore:
    """Score ``pred_path`` (or fresh extraction from the gold texts) against ``gold_path``."""
    gold = load_gold(gold_path, need_text=pred_path is None)
    if pred_path is not None:
        preds = load_pred(pred_path)
    else:
        preds = {p.id: p for p in iter_predictions(gold)}
    return score_corpus(gold, preds)
