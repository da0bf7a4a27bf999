"""The English one-sentence summary of an incident (ACLED ``notes`` style)."""

from __future__ import annotations

from veille.resolve.summary import summarize

ARIHA = {
    "date": "2025-03-12", "date_max": "2025-03-12", "location": "Ariha", "admin1": "Idlib",
    "country": "Syria", "geo_precision": 1, "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike", "actor1": "Syrian government", "actor2": "Civilians",
    "fatalities_best": 8, "fatalities_min": 8, "fatalities_max": 8, "civilian_fatalities": 8,
    "claimants": ["OSDH"],
}  # fmt: skip


def test_acled_notes_style_sentence():
    assert summarize(ARIHA) == (
        "On 12 March 2025, Syrian government air or drone strikes hit Ariha (Idlib); "
        "8 civilians killed, according to OSDH."
    )


def test_range_children_injured_and_disputed_attribution():
    text = summarize({**ARIHA, "fatalities_max": 11, "civilian_fatalities": 5,
                      "child_fatalities_min": 3, "injured_min": 10, "injured_max": 14,
                      "claimants": ["OSDH", "Défense civile"], "disputed_attribution": True})  # fmt: skip
    assert "8 killed (up to 11 reported), including 5 civilians and 3 children" in text
    assert "3 children; 10-14 injured" in text  # the injured are not among the killed
    assert "according to OSDH and Défense civile; responsibility is disputed." in text


def test_clash_near_a_town_between_two_actors():
    text = summarize({"date": "2025-11-03", "date_max": "2025-11-05", "location": "Boulkessi",
                      "admin1": "Mopti", "geo_precision": 2, "sub_event_type": "Armed clash",
                      "actor1": "JNIM", "actor2": "Military Forces of Mali", "fatalities_best": 17})  # fmt: skip
    assert text == (
        "Between 3 and 5 November 2025, JNIM clashed with Military Forces of Mali near "
        "Boulkessi (Mopti); 17 killed."
    )


def test_unknown_fields_still_give_a_sentence():
    assert summarize({}) == (
        "On an unknown date, an incident of political violence occurred in an unknown place; "
        "no fatalities reported."
    )
    estimated = summarize({"date": "2024-01-05", "date_estimated": True, "admin1": "Idlib",
                           "sub_event_type": "Attack", "actor1": "Unidentified"})  # fmt: skip
    assert estimated.startswith("Around 5 January 2024 (publication date), unidentified assailants")


def test_injured_after_a_plain_toll():
    text = summarize({**ARIHA, "civilian_fatalities": None, "injured_min": 30, "claimants": []})
    assert text.endswith("Ariha (Idlib); 8 killed and 30 injured.")
