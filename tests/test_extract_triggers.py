"""What counts as an incident that happened."""

import pytest

from veille.extract.triggers import find_trigger


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        ("Des hélicoptères ont bombardé le village de Hbit.", "Shelling/artillery/missile attack"),
        ("Plus de dix raids ont été effectués par l'aviation russe sur la ville.", "Air/drone strike"),
        ("Un kamikaze s'est fait exploser au milieu de la foule.", "Suicide bomb"),
        ("Cinq policiers ont trouvé la mort dans l'explosion d'une bombe artisanale.", "Remote explosive/landmine/IED"),
        ("Des combats ont éclaté entre l'armée et les rebelles.", "Armed clash"),
        ("De nouveaux heurts ont éclaté jeudi soir entre les deux quartiers de Tripoli.", "Armed clash"),
        ("Une nouvelle vague d'affrontements éclatait ce jour-là entre les deux quartiers.", "Armed clash"),
        ("Sept touristes ont été enlevés mardi.", "Abduction/forced disappearance"),
        ("Trois civils ont été tués mardi soir dans le village par des hommes armés.", "Attack"),
        ("Les forces russes avaient conquis les villages de Mala Tokmatchka et Rivnopillya.", "Government regains territory"),
        # the verb that says it happened, in the forms the corpus showed missing
        ("Kidal et Tombouctou ont été aussi touchées par des attentats suicides.", "Suicide bomb"),
        ("Aden a été la cible de frappes aériennes particulièrement violentes.", "Air/drone strike"),
        ("Kharkiv a essuyé des tirs de missiles dans la nuit.", "Shelling/artillery/missile attack"),
        ("Deux explosions se sont produites presque simultanément ce jeudi.", "Remote explosive/landmine/IED"),
        ("Les combats faisaient rage dans le sud-est de la région.", "Armed clash"),
    ],
)
def test_triggers(sentence: str, sub: str) -> None:
    hit = find_trigger(sentence)
    assert hit is not None and hit.sub_event_type == sub


@pytest.mark.parametrize(
    "sentence",
    [
        "La Russie accuse les rebelles de préparer une attaque chimique dans la province.",
        "Washington réagirait très fortement si l'armée avait recours aux armes chimiques.",
        "La veille, M. Trump a appelé à cesser les frappes.",
        "Une offensive contre la province est attendue depuis des semaines.",
        "Les Casques blancs préparent la mise en scène d'une attaque chimique.",
    ],
)
def test_threats_plans_and_calls_are_not_incidents(sentence: str) -> None:
    assert find_trigger(sentence) is None


def test_ongoing_campaign_is_habitual() -> None:
    hit = find_trigger("Depuis fin avril, le régime et l'armée de l'air russe bombardent les secteurs djihadistes.")
    assert hit is None or hit.habitual


def test_an_incident_in_the_pluperfect_is_an_earlier_one() -> None:
    hit = find_trigger("Un attentat, sur la même place, avait fait 31 morts.", has_figure=True)
    assert hit is not None and hit.distinct


def test_a_foreign_army_fighting_the_state_overtakes_territory() -> None:
    from veille.extract.typing import sub_event_type

    hit = find_trigger("Les forces russes ont conquis le village de Keramik.")
    assert hit is not None
    args = (hit, "ont conquis", "", "Russia", False, False, None)
    assert sub_event_type(*args, country="UA") == "Non-state actor overtakes territory"
    assert sub_event_type(*args, country="SY") == "Government regains territory"


def test_a_generic_attack_that_killed_people_no_armed_side_is_an_attack() -> None:
    from veille.extract.typing import sub_event_type

    sentence = "Les assaillants ont tué sept personnes et emporté du bétail lors de cette attaque."
    hit = find_trigger(sentence)
    assert hit is not None and hit.generic
    assert sub_event_type(hit, "attaque", sentence, "Unidentified", False, False, 7) == "Attack"
    assert sub_event_type(hit, "attaque", sentence, "Unidentified", False, True, 7) == "Armed clash"
    assert sub_event_type(hit, "attaque", sentence, "Unidentified", False, False, None) == "Armed clash"


def test_english_air_attacks_are_air_strikes() -> None:
    hit = find_trigger("Air attacks have killed at least 18 people in rebel-held Idlib on Sunday.", "en")
    assert hit is not None and hit.sub_event_type == "Air/drone strike"


def test_an_english_encounter_with_an_armed_group_is_a_clash() -> None:
    hit = find_trigger("On Tuesday, troops had a fierce encounter with Boko Haram terrorists near Ngwom.", "en")
    assert hit is not None and hit.sub_event_type == "Armed clash"
    assert find_trigger("The minister will have an encounter with the press.", "en") is None


def test_an_english_grenade_lobbed_happened() -> None:
    hit = find_trigger("Unidentified militants lobbed a grenade at a police team.", "en")
    assert hit is not None and hit.sub_event_type == "Grenade"


def test_an_army_neutralising_fighters_is_a_clash_and_a_neutralised_missile_no_incident() -> None:
    hit = find_trigger("Le bilan fait état de 12 terroristes neutralisés, selon l'armée.", "fr", has_figure=True)
    assert hit is not None and hit.sub_event_type == "Armed clash"
    hit = find_trigger("Les FAMa ont, au cours d'une reconnaissance offensive, vigoureusement réagi à Diallassagou.")
    assert hit is not None and hit.realis
    assert find_trigger("Le missile a été neutralisé avant de franchir l'espace aérien, a dit l'armée.") is None
    assert find_trigger("L'armée a intensifié ses offensives pour tenter de neutraliser le groupe.") is None


def test_a_habit_in_a_clause_about_the_place_leaves_the_incident_one() -> None:
    hit = find_trigger("L'attaque a eu lieu à Djibo, où les violences se multiplient depuis des mois.")
    assert hit is not None and not hit.habitual
    hit = find_trigger("Les attaques se poursuivent dans la région, faisant des morts chaque semaine.")
    assert hit is not None and hit.habitual
