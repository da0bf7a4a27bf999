"""The spaCy model, loaded lazily once per process.

veille uses spaCy for named entities (which capitalised names are places, people or
organisations). Only the components that named entities need are kept; the model is parsed
sentence by sentence and only on sentences that may report an incident, which keeps the
extractor several times faster than parsing whole articles.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from veille.errors import ModelError

MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_md"}
KEEP = ("ner",)
"""The md models' NER carries its own embedding layer: the shared ``tok2vec`` output is never
read by it, so loading it would cost about a third of the time for identical entities
(``tests/test_nlp.py`` checks they are identical)."""


@cache
def load_model(lang: str) -> Any:
    """The spaCy pipeline for ``lang``, restricted to the tokenizer and the entity recogniser."""
    name = MODELS.get(lang)
    if name is None:
        raise ModelError(f"no spaCy model configured for language '{lang}'")
    try:
        import spacy

        nlp = spacy.load(name, exclude=[p for p in _pipe_names(name) if p not in KEEP])
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"spaCy model '{name}' is not installed (pip install {name.replace('_', '-')}): {exc}"
        ) from None
    return nlp


@cache
def _optional_model(lang: str) -> Any:
    """The model for a language veille can extract without one, or None (tried once)."""
    try:
        return load_model(lang)
    except ModelError:
        return None


def _pipe_names(name: str) -> list[str]:
    import spacy

    return list(spacy.util.get_model_meta(spacy.util.get_package_path(name)).get("pipeline", []))


def entities(texts: Iterable[str], lang: str) -> list[list[tuple[int, int, str]]]:
    """Named entities (start, end, label) of each text, character offsets within it."""
    texts = list(texts)
    nlp = load_model(lang) if lang == "fr" else _optional_model(lang)
    if nlp is None:
        return [[] for _ in texts]  # no model for this language: patterns and gazetteer only
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=64)]
