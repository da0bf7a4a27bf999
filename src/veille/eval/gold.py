"""Load gold and prediction JSONL files for scoring; every problem names ``file:line``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.errors import EvalError

LABELS = ("neg", "pos", "skip")
"""Document labels of labelled corpora (POPCORN): no conflict event / some / neither."""


@dataclass(slots=True)
class GoldDoc:
    """One gold line: annotated ``events``/``tolls``, or only a document ``label``."""

    id: str
    where: str  # "file:line"
    text: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    events: list[dict[str, Any]] | None = None  # None for a labelled-only line
    tolls: list[dict[str, Any]] = field(default_factory=list)
    label: str | None = None

    @property
    def annotated(self) -> bool:
        return self.events is not None


@dataclass(slots=True)
class PredDoc:
    """What the system output for one document."""

    id: str
    events: list[dict[str, Any]] = field(default_factory=list)
    tolls: list[dict[str, Any]] = field(default_factory=list)
    lang: str | None = None
    skipped: str | None = None


def _lines(path: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvalError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EvalError(f"{path}: not valid UTF-8 (offset {exc.start})") from None
    out = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise EvalError(f"{where}: expected a JSON object, got {type(obj).__name__}")
        out.append((where, obj))
    if not out:
        raise EvalError(f"{path}: no document in file")
    return out


def _doc_id(obj: dict[str, Any], where: str) -> str:
    doc_id = obj.get("id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or doc_id == "":
        raise EvalError(f"{where}: missing or invalid 'id'")
    return str(doc_id)


def _items(obj: dict[str, Any], key: str, where: str, required: bool) -> list[dict[str, Any]]:
    value = obj.get(key)
    if value is None:
        if required:
            raise EvalError(f"{where}: missing field '{key}'")
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise EvalError(f"{where}: field '{key}' must be a list of objects")
    return value


def _check_events(events: list[dict[str, Any]], where: str) -> None:
    for n, ev in enumerate(events, start=1):
        if not isinstance(ev.get("event_type"), str):
            raise EvalError(f"{where}: event {n} has no 'event_type' string")
        loc = ev.get("location")
        if loc is not None and not isinstance(loc, str):
            raise EvalError(f"{where}: event {n} 'location' must be a string or null")
        for name in ("fatalities", "civilian_fatalities"):
            value = ev.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise EvalError(f"{where}: event {n} '{name}' must be an integer or null")


def _opt_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise EvalError(f"{where}: field '{key}' must be a string or null")
    return value


def load_gold(path: str | Path, need_text: bool = True) -> list[GoldDoc]:
    """Gold lines: ``id`` plus ``events`` (and ``tolls``), or ``id`` plus ``label``.
    ``text`` is required when predictions are to be extracted from the gold itself."""
    path = Path(path)
    docs: list[GoldDoc] = []
    seen: dict[str, str] = {}
    for where, obj in _lines(path):
        doc_id = _doc_id(obj, where)
        if doc_id in seen:
            raise EvalError(f"{where}: duplicate id '{doc_id}' (first at {seen[doc_id]})")
        seen[doc_id] = where
        text = obj.get("text")
        if need_text and (not isinstance(text, str) or not text.strip()):
            raise EvalError(f"{where}: missing or empty 'text' (needed to extract; or pass --pred)")
        label = obj.get("label")
        if "events" in obj:
            events: list[dict[str, Any]] | None = _items(obj, "events", where, required=True)
            _check_events(events or [], where)
            tolls = _items(obj, "tolls", where, required=False)
        elif label is not None:
            events, tolls = None, []
        else:
            raise EvalError(f"{where}: gold line has neither 'events' nor 'label'")
        if label is not None and label not in LABELS:
            raise EvalError(
                f"{where}: unknown label {label!r} (expected one of {', '.join(LABELS)})"
            )
        docs.append(
            GoldDoc(
                id=doc_id,
                where=where,
                text=text if isinstance(text, str) else None,
                published=_opt_str(obj, "published", where),
                source=_opt_str(obj, "source", where),
                url=_opt_str(obj, "url", where),
                events=events,
                tolls=tolls,
                label=label,
            )
        )
    return docs


def pred_from_dict(obj: dict[str, Any], where: str) -> PredDoc:
    """One output line of ``veille extract`` (or any file in the gold shape)."""
    events = _items(obj, "events", where, required=True)
    _check_events(events, where)
    return PredDoc(
        id=_doc_id(obj, where),
        events=events,
        tolls=_items(obj, "tolls", where, required=False),
        lang=obj.get("lang") if isinstance(obj.get("lang"), str) else None,
        skipped=obj.get("skipped") if isinstance(obj.get("skipped"), str) else None,
    )


def load_pred(path: str | Path) -> dict[str, PredDoc]:
    path = Path(path)
    preds: dict[str, PredDoc] = {}
    for where, obj in _lines(path):
        pred = pred_from_dict(obj, where)
        if pred.id in preds:
            raise EvalError(f"{where}: duplicate id '{pred.id}'")
        preds[pred.id] = pred
    return preds
