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


class FetchError(VeilleError):
    """A feed or page could not be fetched or used: timeout, HTTP error, redirect loop, too
    large, disallowed by robots.txt, not a feed, not an article.

    ``where`` is the URL, so the CLI prints ``url: message``. ``permanent`` is false for
    faults worth retrying at the next poll (timeouts, connection errors, 5xx answers).
    """

    def __init__(
        self, where: str, message: str, permanent: bool = True, status: int | None = None
    ) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
        self.permanent = permanent
        self.status = status


class FeedError(FetchError):
    """A feed answered but is not a usable RSS or Atom document (HTML, malformed, truncated)."""


class NotArticleError(FetchError):
    """A page was fetched but holds no article text (an index, a login wall, an empty page)."""


class InputWarning(ReadError):
    """A fault in an input that does not stop it (an invalid ``published`` value, left out):
    the document is still read; the CLI prints one line and the exit status is 1."""


class OptionError(VeilleError):
    """A command-line option or API parameter has a value veille cannot use (a port out of
    range, a negative limit). ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class FilterError(OptionError):
    """An incident filter (CLI option or API parameter) has a value no query can use: an unknown
    event type, a figure too large, a NUL in a text."""
