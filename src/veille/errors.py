"""Named exceptions. The library raises these; only the CLI turns them into one-line messages."""

from __future__ import annotations


class VeilleError(Exception):
    """Base class for every error veille raises on purpose."""


class ReadError(VeilleError):
    """An input could not be read: bad encoding, binary, empty, too large, malformed JSON.

    ``where`` names the file (and line), so the CLI can print ``where: message``.
    """

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class LexiconError(VeilleError):
    """A language data file is missing or does not match its schema."""


class ModelError(VeilleError):
    """The spaCy model for a language is not installed or cannot be loaded."""


class GazetteerError(VeilleError):
    """The gazetteer file is missing or corrupt."""


class StoreError(VeilleError):
    """The database is locked, read-only, corrupt or of an unknown schema version."""


class EvalError(VeilleError):
    """A gold or prediction file cannot be scored."""
