"""English extraction through the real pipeline (lang/en data), on short invented articles in
AP/Reuters/AFP English: an air strike with a claimant, a suicide bombing claimed afterwards, an
ambush on soldiers, a threat (no event) and a monthly toll (a toll, not an event).

Each test names the English wording it checks ("Idlib province", "March 10", "1,200", "five
soldiers and three civilians"): those once needed changes in the code, now language data.
"""

from __future__ import annotations

from veille.model import DocResult, Event
from veille.nlp import entities
from veille.normalise import normalise
from veille.pipeline import extract_document
from veille.read import RawDoc

PUBLISHED = "2024-03-13"  # a Wednesday

AIRSTRIKE = """Russian strikes kill 12 civilians in Syria's Idlib

Russian warplanes struck the town of Ariha in the northwestern province of Idlib on Monday, \
killing at least 12 civilians, including five children, and wounding 20 others, according to \
the Syrian Observatory for Human Rights.

The Britain-based monitor said the strikes hit a busy market in the centre of the town."""

SUICIDE = """KABUL (AP) — A suicide bomber blew himself up outside a Shiite mosque in the western \
city of Herat on Tuesday, killing at least seven worshippers and wounding 15, officials said.

The Islamic State group claimed responsibility for the bombing in a statement on its Amaq news \
agency."""

AMBUSH = """MAIDUGURI, Nigeria (AP) — Gunmen ambushed a Nigerian army convoy near the town of Damboa \
in northeastern Nigeria on Sunday, killing nine soldiers, the army said in a statement.

The attackers fled on motorcycles after the ambush, the statement said."""

THREAT = """Turkey's president threatened on Wednesday to launch a new military offensive against \
Kurdish fighters in northern Syria if they do not withdraw from the border area.

Ankara has warned for weeks that it could strike the towns of Manbij and Kobani."""

TOLL = """More than 300 civilians have been killed in Russian and Syrian government airstrikes on \
Idlib province over the past month, the Syrian Observatory for Human Rights said on Wednesday.

The monitor said the toll included 90 children."""


def extract(text: str, published: str = PUBLISHED) -> DocResult:
    return extract_document(normalise(RawDoc(text=text, origin="t", id="t", published=published)))


def only_event(text: str) -> Event:
    result = extract(text)
    assert result.article.lang == "en"
    assert result.skipped is None
    assert len(result.events) == 1, [(e.location, e.sub_event_type) for e in result.events]
    return result.events[0]


def test_missing_english_model_gives_no_entities() -> None:
    # en_core_web_md is not installed: English runs without named entities instead of failing
    assert entities(["Gunmen ambushed a convoy near Boni."], "en") == [[]]


def test_english_is_extracted_not_skipped() -> None:
    result = extract(AIRSTRIKE)
    assert result.article.lang == "en"
    assert result.skipped is None
    assert "skipped" not in result.to_dict()
    assert result.events


def test_airstrike_with_children_injured_and_claimant() -> None:
    e = only_event(AIRSTRIKE)  # the headline restates it, with a place the gazetteer lacks
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert (e.location, e.admin1, e.country) == ("Ariha", "Idlib", "Syria")
    assert e.date == "2024-03-11"  # "on Monday" before a Wednesday publication
    assert e.actor1 == "Russia"
    assert e.actor2 == "Civilians"
    assert (e.fatalities, e.civilian_fatalities, e.child_fatalities, e.injured) == (12, 12, 5, 20)
    assert e.claimed_by == ["OSDH"]
    assert e.evidence.startswith("Russian warplanes struck the town of Ariha")


def test_suicide_bombing_claimed_in_a_later_sentence() -> None:
    e = only_event(SUICIDE)  # "the bombing" refers back: no second event
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Suicide bomb")
    assert (e.location, e.admin1, e.country) == ("Herat", "Herat", "Afghanistan")
    assert e.date == "2024-03-12"
    assert e.actor1 == "Islamic State"  # the claim of responsibility names the bomber's group
    assert (e.fatalities, e.injured) == (7, 15)
    assert e.civilian_fatalities is None  # "worshippers" is not the word "civilians"
    assert e.claimed_by == ["officials"]


def test_ambush_on_soldiers_is_a_battle_near_the_town() -> None:
    e = only_event(AMBUSH)  # "the ambush" in the second sentence is the same incident
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert (e.location, e.admin1, e.country) == ("Damboa", "Borno", "Nigeria")  # not the dateline
    assert e.date == "2024-03-10"
    assert e.actor1 == "Unidentified"
    assert e.actor2 == "Nigerian army"  # "soldiers" take the army of the document's country
    assert e.fatalities == 9
    assert e.civilian_fatalities is None


def test_threat_gives_no_event_and_no_toll() -> None:
    result = extract(THREAT)
    assert result.article.lang == "en" and result.skipped is None
    assert result.events == []
    assert result.tolls == []


def test_monthly_toll_is_a_toll_not_an_event() -> None:
    result = extract(TOLL)
    assert result.events == []
    assert len(result.tolls) == 1
    t = result.tolls[0]
    assert (t.fatalities, t.civilian_fatalities) == (300, 300)
    assert t.period == "over the past month"
    assert t.claimed_by == ["OSDH"]


def test_region_named_before_its_kind() -> None:
    e = only_event(AIRSTRIKE.replace("the northwestern province of Idlib", "Idlib province"))
    assert (e.location, e.admin1) == ("Ariha", "Idlib")


def test_an_incident_in_a_district_is_located_by_the_name_alone() -> None:
    e = only_event("Militants killed two soldiers in an attack in Anantnag district on Monday, police said.")
    assert (e.location, e.admin1, e.geo_precision) == ("Anantnag", "Kashmir", 1)


def test_soldiers_and_civilians_are_counted_apart() -> None:
    e = only_event(
        "Five soldiers and three civilians were killed in clashes with Islamic State militants in "
        "the village of Hamrat in the province of Raqqa on Sunday, the Observatory said."
    )
    assert (e.fatalities, e.civilian_fatalities) == (8, 3)


def test_thousands_written_with_a_comma() -> None:
    e = only_event("A car bomb killed 1,200 people in the town of Azaz on Sunday, the Observatory said.")
    assert e.fatalities == 1200


def test_month_day_date() -> None:
    e = only_event(
        "A car bomb exploded in the town of Azaz on March 10, killing eight people, the Observatory said."
    )
    assert e.date == "2024-03-10"


def test_a_village_named_beside_its_town_is_the_place() -> None:
    """"in Gumhang, Tinoc town": the village the gazetteer lacks is the incident's place, the
    town after the comma its context (not a second incident)."""
    e = only_event(
        "MANILA, Philippines - Eleven soldiers were killed in an ambush by communist rebels on Monday. "
        "The convoy was attacked by the rebels in Gumhang, Tinoc town, the military said."
    )
    assert e.location == "Gumhang"


def test_a_weekend_is_no_period_and_feared_dead_are_dead() -> None:
    """"during the weekend" is an incident's time, not a toll's period ("during the week" is);
    "are feared dead" counts the dead instead of making the attack a fear."""
    from veille.extract.tolls import find_period
    from veille.extract.triggers import find_trigger

    assert find_period("Seven persons were killed during the weekend by gunmen in Gudashi.", "en") is None
    assert find_period("Forty people were killed during the week in the province.", "en") == "during the week"
    hit = find_trigger("At least 150 villagers are feared dead in a brutal attack on the village.", "en", has_figure=True)
    assert hit is not None and hit.sub_event_type == "Attack"
    assert find_trigger("An attack on the town is feared by its residents.", "en") is None


def test_a_habit_in_a_clause_about_the_place_leaves_the_incident_one() -> None:
    from veille.extract.triggers import find_trigger

    hit = find_trigger("The attack took place in El Aguaje, where violence has spiked in recent months.", "en")
    assert hit is not None and not hit.habitual
    hit = find_trigger("Gunmen have attacked the villages repeatedly, officials said.", "en", has_figure=True)
    assert hit is not None and hit.habitual
