"""The spaCy model as veille loads it: only the entity recogniser, same entities as the full
pipeline (the shared tok2vec is not read by the md models' NER)."""

from __future__ import annotations

import spacy

from veille.nlp import entities, load_model

TEXTS = [
    "Trois civils ont été tués samedi à Maarat al-Nouman, dans la province d'Idleb, selon l'OSDH.",
    "Le ministère russe de la Défense a annoncé la prise de Novodarivka, dans la région de Zaporijjia.",
    "Des hommes armés ont attaqué le village de Tchoma Bangou, près de la frontière malienne.",
]


def test_only_the_entity_recogniser_is_loaded() -> None:
    assert load_model("fr").pipe_names == ["ner"]


def test_entities_match_the_pipeline_with_tok2vec() -> None:
    full = spacy.load("fr_core_news_md")
    expected = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in full.pipe(TEXTS)]
    got = entities(TEXTS, "fr")
    assert got == expected
    assert any(label == "LOC" for ents in got for _, _, label in ents)
