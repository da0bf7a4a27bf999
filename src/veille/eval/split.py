"""The fixed blind split of the annotated training corpora.

About a quarter of ``train_fr.jsonl`` and ``train_en.jsonl`` is kept for measurement only: rules
and lexicons are never written while reading it, and models are never trained on it. The split
is a stable hash of the document id, so it never moves when lines are added, removed or
reordered, and every tool (``veille eval --split``, ``make train``, the gate) agrees on it.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["tune", "blind"]
SPLITS: tuple[str, ...] = ("all", "tune", "blind")
BLIND_BUCKETS = 4
"""One document in this many (by hash) is blind."""
SALT = "veille-blind-split-v1:"


def split_of(doc_id: str) -> Split:
    """``"blind"`` for about one id in four, ``"tune"`` for the rest; stable across runs."""
    digest = hashlib.sha256((SALT + doc_id).encode("utf-8")).digest()
    return "blind" if int.from_bytes(digest[:8], "big") % BLIND_BUCKETS == 0 else "tune"


def in_split(doc_id: str, split: str) -> bool:
    """Does ``doc_id`` belong to ``split`` (``all``, ``tune`` or ``blind``)?"""
    return split == "all" or split_of(doc_id) == split
