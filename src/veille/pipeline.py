"""The orchestrator: the only module that knows the order of the stages.

``extract_document`` is a pure function of one Article: it can run in a test, a CLI batch, or
a worker process. Heavy resources (spaCy model, lexicons, gazetteer) are loaded lazily and
cached per process by the stages that own them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from veille.errors import InputWarning, ReadError
from veille.extract.decide import extract_events
from veille.lexicon import extraction_languages
from veille.model import Article, DocResult
from veille.normalise import normalise, published_problems, split_long
from veille.read import RawDoc, iter_raw_docs


def extract_document(article: Article) -> DocResult:
    """Events and tolls for one article, or a skipped result for an unsupported language."""
    if article.lang not in extraction_languages():
        return DocResult(article=article, skipped=f"language '{article.lang}' is not supported")
    events, tolls = extract_events(article)
    return DocResult(article=article, events=events, tolls=tolls)


def iter_articles(paths: Iterable[str]) -> Iterator[Article | ReadError]:
    """Read and normalise every input; errors are yielded, not raised. A warning
    (:class:`~veille.errors.InputWarning`) comes before the article it is about, which follows
    anyway. A very long document comes out as its parts (:func:`~veille.normalise.split_long`)."""
    for item in iter_raw_docs(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        for problem in published_problems(item):
            yield InputWarning(item.origin, problem)
        yield from split_long(normalise(item))


def process_paths(paths: Iterable[str]) -> Iterator[DocResult | ReadError]:
    """Read, normalise and extract every document under ``paths``."""
    for item in iter_articles(paths):
        yield item if isinstance(item, ReadError) else extract_document(item)


def article_from_text(text: str, doc_id: str = "text", published: str | None = None) -> Article:
    """Convenience for tests and the API: an Article from a bare string."""
    return normalise(RawDoc(text=text, origin=doc_id, id=doc_id, published=published))
