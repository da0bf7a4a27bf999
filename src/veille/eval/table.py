"""Plain-text tables for terminal summaries."""

from __future__ import annotations

from collections.abc import Sequence

MAX_CELL = 34


def _cell(value: object, limit: int) -> str:
    text = "-" if value is None or value == "" else " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], max_cell: int = MAX_CELL
) -> str:
    """Left-aligned columns separated by two spaces, numbers right-aligned, a rule under the
    header; None and empty cells print as "-"."""
    cells = [[_cell(v, max_cell) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    numeric = [
        bool(rows) and all(isinstance(r[i], int) or r[i] is None for r in rows)
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(widths[i]) if numeric[i] else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    return "\n".join(out)
