"""Language: French and English are detected per document; other languages are reported as
skipped, never silently dropped; a foreign passage is recognised inside a French article."""

from __future__ import annotations

from pathlib import Path

from veille.langid import detect_language
from veille.pipeline import article_from_text, extract_document

EN = (
    "At least twelve people were killed on Sunday when a suicide bomber blew himself up in a "
    "crowded market in the city, police officials said."
)
ES = (
    "Al menos doce personas murieron el domingo cuando un terrorista suicida se hizo estallar "
    "en un mercado de la ciudad, según informaron las autoridades."
)
DE = (
    "Mindestens zwölf Menschen sind am Sonntag bei einem Selbstmordanschlag auf einem Markt in "
    "der Stadt getötet worden, wie die Polizei mitteilte."
)
FR = (
    "Au moins douze personnes ont été tuées dimanche lorsqu'un kamikaze s'est fait exploser sur "
    "un marché de la ville, ont indiqué des sources policières."
)


def test_french_and_english_are_detected() -> None:
    assert detect_language(FR) == "fr"
    assert detect_language(EN) == "en"


def test_english_document_has_lang_en() -> None:
    result = extract_document(article_from_text(EN, doc_id="en-doc"))
    assert result.article.lang == "en"
    assert result.to_dict()["lang"] == "en"


def test_french_document_is_extracted_not_skipped() -> None:
    result = extract_document(article_from_text(FR, doc_id="fr-doc"))
    assert result.article.lang == "fr"
    assert result.skipped is None


def test_other_languages_are_reported_as_skipped() -> None:
    for text, code in [(ES, "es"), (DE, "de")]:
        result = extract_document(article_from_text(text, doc_id=code))
        assert result.article.lang == code
        assert result.skipped and code in result.skipped
        assert result.events == [] and result.tolls == []
        out = result.to_dict(include_text=False)
        assert out["skipped"] == result.skipped and out["lang"] == code


def test_too_short_to_tell_is_undetermined() -> None:
    assert detect_language("Idleb !") == "und"


def test_seed_002_is_french_with_an_english_tweet(seeds_dir: Path) -> None:
    text = (seeds_dir / "002_420619a0683505b1.txt").read_text(encoding="utf-8")
    assert detect_language(text) == "fr"
    paragraphs = [p for p in text.split("\n") if p.strip()]
    tweet = [p for p in paragraphs if p.startswith("Hearing word that Russia")]
    assert len(tweet) == 1
    assert detect_language(tweet[0]) == "en"
    # the French paragraphs around it stay French
    assert detect_language(paragraphs[0]) == "fr"
