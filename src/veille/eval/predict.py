"""Predictions for a gold file, made by running the real pipeline on the gold texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from veille.eval.gold import GoldDoc, PredDoc
from veille.model import DocResult
from veille.normalise import normalise
from veille.pipeline import extract_document
from veille.read import RawDoc


def pred_from_result(result: DocResult) -> PredDoc:
    data = result.to_dict(include_text=False)
    return PredDoc(
        id=data["id"],
        events=data["events"],
        tolls=data["tolls"],
        lang=data["lang"],
        skipped=data.get("skipped"),
    )


def iter_predictions(gold: Iterable[GoldDoc]) -> Iterator[PredDoc]:
    """Extract from each gold line's text, passing ``id``, ``text``, ``published``, ``source``
    and ``url`` as a JSONL input line would (the language is detected, not taken from gold)."""
    for doc in gold:
        raw = RawDoc(
            text=doc.text or "",
            origin=doc.where,
            id=doc.id,
            published=doc.published,
            source=doc.source,
            url=doc.url,
        )
        yield pred_from_result(extract_document(normalise(raw)))
