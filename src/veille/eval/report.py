"""Render scores as a readable text report or a JSON-ready dict."""

from __future__ import annotations

from typing import Any

from veille.eval.score import FIELDS, PRF, CorpusScore, DocScore, LabelScore, Ratio
from veille.eval.table import format_table

EVIDENCE_CHARS = 160


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _clip(text: Any, limit: int = EVIDENCE_CHARS) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


# --- JSON -----------------------------------------------------------------------------------


def prf_dict(prf: PRF) -> dict[str, Any]:
    return {
        "gold": prf.gold,
        "pred": prf.pred,
        "matched": prf.matched,
        "precision": prf.precision,
        "recall": prf.recall,
        "f1": prf.f1,
    }


def ratio_dict(r: Ratio) -> dict[str, Any]:
    return {"correct": r.hits, "total": r.total, "accuracy": r.value}


def label_dict(s: LabelScore) -> dict[str, Any]:
    return {"docs": s.docs, "with_events": s.with_events, "rate": s.rate}


def _event_brief(ev: dict[str, Any]) -> dict[str, Any]:
    keys = ("event_type", "sub_event_type", "location", "admin1", "date", "actor1", "fatalities")
    out = {k: ev.get(k) for k in keys}
    out["evidence"] = ev.get("evidence")
    return out


def doc_dict(doc: DocScore) -> dict[str, Any]:
    out: dict[str, Any] = {"id": doc.id, "label": doc.label, "skipped": doc.skipped}
    if doc.missing_prediction:
        out["missing_prediction"] = True
    if doc.annotated:
        out["events"] = prf_dict(doc.events)
        out["missed"] = [_event_brief(doc.gold_events[i]) for i in doc.missed]
        out["mismatches"] = [
            {
                "location": doc.gold_events[p.gold].get("location"),
                "fields": {k: {"gold": g, "pred": v} for k, (g, v) in p.mismatches.items()},
            }
            for p in doc.pairs
            if p.mismatches
        ]
        out["toll_missed"] = doc.toll_missed
        out["toll_false"] = doc.toll_false
    out["false_alarms"] = [_event_brief(doc.pred_events[i]) for i in doc.false_alarms]
    return out


def to_json(
    score: CorpusScore, per_doc: bool = False, gold: str = "", pred: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "gold": gold,
        "pred": pred,
        "docs": score.docs,
        "annotated_docs": score.annotated_docs,
        "skipped_docs": score.skipped_docs,
        "missing_predictions": score.missing_predictions,
        "events": prf_dict(score.events),
        "fields": {name: ratio_dict(r) for name, r in score.fields.items()},
        "tolls": prf_dict(score.tolls),
        "killed": prf_dict(score.killed),
        "gold_empty_docs": label_dict(score.gold_empty),
        "labels": {k: label_dict(v) for k, v in sorted(score.labels.items())},
        "false_alarm_rate": score.false_alarm_rate,
        "pos_recall": score.pos_recall,
    }
    if per_doc:
        out["per_doc"] = [doc_dict(d) for d in score.per_doc if _worth_listing(d)]
    return out


# --- text -----------------------------------------------------------------------------------


def _prf_line(name: str, prf: PRF, found: str = "matched") -> str:
    return (
        f"  {name:<8} gold {prf.gold:>4}  pred {prf.pred:>4}  {found} {prf.matched:>4}   "
        f"P {_num(prf.precision)}  R {_num(prf.recall)}  F1 {_num(prf.f1)}"
    )


def _event_line(ev: dict[str, Any]) -> str:
    place = ev.get("location") or "?"
    if ev.get("admin1"):
        place += f" ({ev['admin1']})"
    parts = [f"{ev.get('sub_event_type') or ev.get('event_type')} @ {place}"]
    if ev.get("fatalities") is not None:
        parts.append(f"killed {ev['fatalities']}")
    if ev.get("date"):
        parts.append(str(ev["date"]))
    evidence = _clip(ev.get("evidence"))
    return ", ".join(parts) + f' | "{evidence}"'


def _toll_line(t: dict[str, Any]) -> str:
    return (
        f"killed {t.get('fatalities')}, civilians {t.get('civilian_fatalities')}, "
        f"period {t.get('period')!r}"
    )


def _worth_listing(doc: DocScore) -> bool:
    if not doc.annotated:
        return (doc.label == "neg" and bool(doc.pred_events)) or (
            doc.label == "pos" and not doc.pred_events
        )
    return bool(
        doc.missed
        or doc.false_alarms
        or any(p.mismatches for p in doc.pairs)
        or doc.toll_missed
        or doc.toll_false
    )


def doc_lines(doc: DocScore) -> list[str]:
    head = f"== {doc.id}"
    if doc.annotated:
        e = doc.events
        head += f"  gold {e.gold}  pred {e.pred}  matched {e.matched}"
    else:
        head += f"  label {doc.label}  pred {len(doc.pred_events)}"
    if doc.skipped:
        head += f"  [skipped: {doc.skipped}]"
    if doc.missing_prediction:
        head += "  [no prediction line]"
    lines = [head]
    if not doc.annotated and doc.label == "pos" and not doc.pred_events:
        lines.append("  MISS   pos document yielded no event")
    for i in doc.missed:
        lines.append(f"  MISS   {_event_line(doc.gold_events[i])}")
    for i in doc.false_alarms:
        lines.append(f"  FALSE  {_event_line(doc.pred_events[i])}")
    for pair in doc.pairs:
        if pair.mismatches:
            loc = doc.gold_events[pair.gold].get("location")
            diffs = ", ".join(f"{k} {g!r} != {p!r}" for k, (g, p) in pair.mismatches.items())
            lines.append(f"  FIELD  @ {loc}: {diffs}")
    for t in doc.toll_missed:
        lines.append(f"  TOLL-  {_toll_line(t)}")
    for t in doc.toll_false:
        lines.append(f"  TOLL+  {_toll_line(t)}")
    return lines


def render_text(
    score: CorpusScore, per_doc: bool = False, gold: str = "", pred: str | None = None
) -> str:
    source = f"predictions from {pred}" if pred else "predictions extracted from the gold texts"
    lines = [
        f"veille eval: {gold} ({score.docs} documents, {score.annotated_docs} annotated; {source})"
    ]
    if score.skipped_docs:
        lines.append(f"  {score.skipped_docs} document(s) skipped (language)")
    if score.missing_predictions:
        lines.append(f"  {score.missing_predictions} gold document(s) have no prediction line")
    if score.annotated_docs:
        lines.append(_prf_line("events", score.events))
        lines.append(_prf_line("tolls", score.tolls))
        lines.append(_prf_line("killed", score.killed, found="found  "))
        lines.append(f"  fields on {score.events.matched} matched pairs:")
        for name in FIELDS:
            r = score.fields[name]
            lines.append(f"    {name:<20} {_num(r.value):>6}  ({r.hits}/{r.total})")
        ge = score.gold_empty
        lines.append(
            f"  gold-empty documents with any predicted event: {ge.with_events}/{ge.docs}"
            f" ({_pct(ge.rate)})"
        )
    if score.labels:
        lines.append("  labelled documents yielding any event:")
        notes = {"neg": "false-alarm rate", "pos": "recall"}
        for label, s in sorted(score.labels.items()):
            note = notes.get(label, "share")
            lines.append(f"    {label:<5} {s.with_events:>4}/{s.docs:<4} {note} {_pct(s.rate)}")
    if per_doc:
        listed = [d for d in score.per_doc if _worth_listing(d)]
        lines.append("")
        lines.append(f"per document ({len(listed)} with misses, false alarms or field errors):")
        for doc in listed:
            lines.extend(doc_lines(doc))
    return "\n".join(lines)


def render_comparison(rows: list[tuple[str, CorpusScore]]) -> str:
    """One line per corpus (and split): the figures the issue tracker and the README quote."""
    headers = ["corpus", "docs", "event P", "R", "F1", "sub-type", "fatal.", "civ.", "admin1",
               "date", "actor1", "killed F1", "tolls F1", "neg with events"]
    table_rows = []
    for name, s in rows:
        f = s.fields
        table_rows.append([
            name, s.docs,
            _num(s.events.precision), _num(s.events.recall), _num(s.events.f1),
            _num(f["sub_event_type"].value), _num(f["fatalities"].value),
            _num(f["civilian_fatalities"].value), _num(f["admin1"].value),
            _num(f["date"].value), _num(f["actor1"].value),
            _num(s.killed.f1), _num(s.tolls.f1), _pct(s.false_alarm_rate),
        ])
    return format_table(headers, table_rows, max_cell=40)
