"""Whole documents through the real pipeline (spaCy model, gazetteer)."""

from pathlib import Path

from veille.normalise import normalise
from veille.pipeline import extract_document
from veille.read import RawDoc


def _extract(text: str, published: str | None = None):
    return extract_document(normalise(RawDoc(text=text, origin="t", id="t", published=published)))


def test_seed_001_accusation_of_a_staged_provocation_gives_nothing(seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("001_*.txt")).read_text(encoding="utf-8")
    result = _extract(text)
    assert result.events == [] and result.tolls == []


def test_a_breakdown_by_place_splits_the_figure(seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8")
    result = _extract(text)
    by_place = {e.location: e.fatalities for e in result.events}
    assert by_place.get("Maaret al-Noomane") == 4
    assert 2 in by_place.values()
    assert [t.fatalities for t in result.tolls] == [1000]


def test_the_english_tweet_is_not_parsed_as_french(seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8")
    assert all("Hearing word" not in e.evidence for e in _extract(text).events)


def test_an_invented_article_resolves_place_day_actor_and_claim() -> None:
    text = (
        "Au moins sept civils, dont deux enfants, ont été tués mardi dans des frappes aériennes "
        "russes sur la ville de Saraqeb, dans la province d'Idleb, a indiqué l'Observatoire syrien "
        "des droits de l'Homme (OSDH)."
    )
    [event] = _extract(text, published="2019-05-29").events
    assert event.sub_event_type == "Air/drone strike"
    assert (event.location, event.admin1, event.country) == ("Saraqeb", "Idlib", "Syria")
    assert (event.fatalities, event.civilian_fatalities, event.child_fatalities) == (7, 7, 2)
    assert event.date == "2019-05-28"
    assert event.actor1 == "Russia"
    assert event.claimed_by == ["OSDH"]


def test_an_aggregate_over_a_month_is_a_toll() -> None:
    result = _extract("Plus de 300 civils ont été tués en un mois dans les bombardements du régime, selon l'OSDH.")
    assert result.events == [] and [t.fatalities for t in result.tolls] == [300]


def test_a_threat_gives_nothing() -> None:
    text = "Le chef de la milice a menacé de bombarder la ville de Gao si l'armée ne se retirait pas."
    assert _extract(text).events == []


def test_a_national_army_named_by_its_acronym_is_an_actor_not_a_place() -> None:
    from veille.extract.actors import find_actor_mentions

    assert [m.label for m in find_actor_mentions("Les FAMa ont riposté à l'attaque.", None)] == ["Malian army"]
    assert [m.label for m in find_actor_mentions("Des éléments des FARDC ont été tués.", "UG")] == ["Congolese army"]
    assert [m.label for m in find_actor_mentions("FACA soldiers repelled the attack.", None, "en")] == ["Central African army"]


def test_more_states_forces_and_sudanese_movements_are_actors() -> None:
    from veille.extract.actors import find_actor_mentions

    found = find_actor_mentions("The military said troops clashed with Abu Sayyaf bandits.", "PH", "en")
    assert "Philippine military" in [m.label for m in found]
    assert [m.label for m in find_actor_mentions("The SPLM-N attacked at dawn.", "SD", "en")] == ["SPLM-N"]
    assert [m.label for m in find_actor_mentions("Les soldats ont repoussé l'attaque.", "CO")] == ["Colombian army"]


def test_a_figure_restated_without_a_period_stays_the_incidents() -> None:
    from veille.extract.assemble import analyse_document, rule_events

    text = (
        "Quinze soldats nigériens ont été tués dans une attaque perpétrée mercredi contre une patrouille "
        "à Ouallam, à l'ouest du Niger.\n"
        "«Nous déplorons 15 morts et 19 blessés dans nos rangs», a affirmé le porte-parole de l'armée."
    )
    doc = analyse_document(normalise(RawDoc(text=text, origin="invented.txt", id="restated", published="2024-05-02")))
    events, _ = rule_events(doc)
    assert [(e.location, e.fatalities) for e in events] == [("Ouallam", 15)]


def test_role_cues_are_whole_words() -> None:
    """"contre les" is a cue for the target; inside "rencontre les" it is none."""
    from veille.extract.actors import lexicon

    lex = lexicon("fr")
    assert lex.target_cue.search("une attaque contre les ")
    assert lex.target_cue.search("après la rencontre les ") is None
    assert lex.target_cue.search("de faux ") is None
