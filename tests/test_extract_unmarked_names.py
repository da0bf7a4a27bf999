"""Capitalised names no pattern introduced: candidates the gazetteer confirms or drops.

The sentences are written for this test (not taken from any article)."""

from veille.extract.analysis import (
    SentenceAnalysis,
    add_entities,
    add_unmarked_names,
    analyse,
    drop_unknown_names,
)
from veille.extract.geocode import resolve_places, spelling_similarity
from veille.extract.sentences import split_sentences

TEXT = (
    "Des jihadistes ont attaqué mardi un camp de l'armée dans la région de Tombouctou, au Mali. "
    "Toutefois, le Comité local affirme que Goundam et Diré ont été visées par des tirs d'obus."
)


def _analysed(text: str) -> list[SentenceAnalysis]:
    """Sentences read, unmarked names added, geocoded in the text's context, unknown ones dropped."""
    analyses = [analyse(s, "fr", "2024-05-02", [], None, [], None) for s in split_sentences(text, 0, "fr")]
    for a in analyses:
        add_unmarked_names(a)
    resolve_places(analyses, text)
    for a in analyses:
        drop_unknown_names(a)
    return analyses


def _places() -> list[list[tuple[str, str | None]]]:
    return [[(m.name, m.hint) for m in a.places] for a in _analysed(TEXT)]


def test_names_the_gazetteer_knows_in_the_story_s_country_are_kept() -> None:
    second = _places()[1]
    assert ("Goundam", "gazetteer") in second and ("Diré", "gazetteer") in second


def test_words_that_only_sound_like_a_place_are_dropped() -> None:
    names = [name for sentence in _places() for name, _ in sentence]
    assert "Comité" not in names and "Toutefois" not in names
    assert spelling_similarity("Khan Younès", "Khan Yunis") >= 0.8 > spelling_similarity("Comité", "Kumamoto")


def test_a_transliteration_with_the_same_consonants_is_the_same_place() -> None:
    text = "Des avions ont bombardé samedi la province d'Idleb, en Syrie, notamment Khan Cheikhoun et Saraqeb."
    kept = {m.name: m.place for a in _analysed(text) for m in a.places}
    assert kept["Khan Cheikhoun"] is not None and kept["Khan Cheikhoun"].admin1 == "Idlib"
    assert spelling_similarity("Khan Cheikhoun", "Khan Shaykhun") < 0.8  # the letters alone would drop it


def test_a_capital_after_a_preposition_stays_a_place_once_the_story_s_country_is_known() -> None:
    from veille.extract.assemble import analyse_document
    from veille.model import Article

    text = (
        "Onze militaires syriens ont été tués mardi dans des raids israéliens à Damas, selon l'OSDH. "
        "Damas a dénoncé une agression."
    )
    doc = analyse_document(Article(id="t", text=text, published="2024-05-02", lang="fr"))
    first, second = doc.analyses
    assert [m.name for m in first.places] == ["Damas"]
    assert "Damas" not in [first.text[a.start : a.end] for a in first.actors]
    assert "Damas" in [second.text[a.start : a.end] for a in second.actors]


def test_initials_and_peoples_the_tagger_calls_places_are_not_places() -> None:
    text = "Les Forces de soutien rapide (FAR) ont bombardé Nyala, tuant deux Européens."
    a = analyse(split_sentences(text, 0, "fr")[0], "fr", "2024-05-02", [], None, [], None)
    ents = [(text.index(w), text.index(w) + len(w), "LOC") for w in ("FAR", "Nyala", "Européens")]
    add_entities(a, ents)
    assert [m.name for m in a.places] == ["Nyala"]


def test_unknown_names_listed_with_a_known_village_are_kept() -> None:
    from veille.extract.assemble import analyse_document
    from veille.model import Article

    text = (
        "Gunmen attacked villages in Guma, Benue State, on Friday. "
        "The attacked communities are Daudu, Tse-Abikpa and Gbentsav."
    )
    doc = analyse_document(Article(id="t", text=text, lang="en", published="2024-01-10"))
    places = {m.name: m.place.status for m in doc.analyses[1].places if m.place is not None}
    assert places.get("Daudu") == "named" and places.get("Gbentsav") == "named"
    assert places.get("Tse-Abikpa") == "resolved"
