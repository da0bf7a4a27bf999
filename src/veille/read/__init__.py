"""Readers: turn paths (files, directories, ``-`` for stdin) into raw documents.

No NLP here. Each reader yields :class:`RawDoc` objects or :class:`~veille.errors.ReadError`
values (not raised), so one bad file or line never stops the batch.
"""

from __future__ import annotations

from veille.read.base import MAX_BYTES, RawDoc
from veille.read.walk import iter_raw_docs

__all__ = ["MAX_BYTES", "RawDoc", "iter_raw_docs"]
