"""Killed, civilians, children and injured in one sentence."""

from veille.extract.casualties import extract_casualties


def test_figures_add_up_across_groups() -> None:
    c = extract_casualties("Deux femmes et un enfant ont été tués.")
    assert (c.killed, c.children, c.civilians) == (3, 1, None)


def test_dont_is_a_subset_not_an_addition() -> None:
    c = extract_casualties("Au moins 11 civils, dont cinq enfants, ont été tués lundi et des dizaines blessés.")
    assert (c.killed, c.civilians, c.children, c.injured) == (11, 11, 5, None)


def test_coordinated_groups_share_the_verb() -> None:
    c = extract_casualties("Quinze civils et dix combattants ont été tués lors de raids visant la ville.")
    assert (c.killed, c.civilians) == (25, 15)


def test_left_verb_and_injured_nouns() -> None:
    c = extract_casualties("Les frappes ont touché le quartier, tuant deux civils, dont un enfant et blessant deux autres.")
    assert (c.killed, c.civilians, c.children, c.injured) == (2, 2, 1, 2)


def test_lower_bound_and_injured() -> None:
    c = extract_casualties("Deux kamikazes se sont fait exploser, faisant au moins 32 morts et 110 blessés.")
    assert (c.killed, c.injured) == (32, 110)


def test_counts_that_are_not_casualties() -> None:
    c = extract_casualties("Entre 20.000 à 30.000 terroristes se trouvent dans la province, à 20 kilomètres de la ville.")
    assert c.killed is None and c.injured is None


def test_partial_count_is_not_a_total() -> None:
    c = extract_casualties("Parmi les morts figurent au moins 19 civils, dont sept enfants.")
    assert (c.killed, c.civilians, c.children) == (None, 19, 7)


def test_a_relative_clause_about_another_time_is_not_added() -> None:
    c = extract_casualties(
        "Dix-sept soldats ont été tués mardi près du village, où quatre soldats américains avaient été tués en 2017."
    )
    assert c.killed == 17


def test_the_verb_before_a_count_belongs_to_it() -> None:
    c = extract_casualties("Entre 10 et 12 hommes armés ont attaqué le poste, tuant sept policiers.")
    assert c.killed == 7


def test_protesters_detainees_and_separatists_are_counted() -> None:
    assert extract_casualties("Trois manifestants ont été tués dimanche par les forces de l'ordre.").killed == 3
    assert extract_casualties("Au moins six séparatistes ont été tués à l'aube.").killed == 6
    assert extract_casualties("Four protesters were killed and two detainees died in custody.", "en").killed == 6


def test_women_are_counted_by_their_own_noun() -> None:
    cas = extract_casualties("La frappe a tué cinq garçons et quatre filles ainsi qu'une femme.")
    assert (cas.killed, cas.children, cas.women) == (10, 9, 1)


def test_neutralised_fighters_and_beheaded_citizens_are_dead() -> None:
    assert extract_casualties("L'armée a neutralisé au moins une trentaine d'assaillants.").killed == 30
    assert extract_casualties("Les jihadistes ont décapité trois citoyens.").killed == 3


def test_english_names_and_nationalities_before_the_noun() -> None:
    assert extract_casualties("Three Abu Sayyaf members were killed during an encounter.", "en").killed == 3
    assert extract_casualties("Four Colombian regular soldiers were killed in an ambush.", "en").killed == 4
    assert extract_casualties("Insurgents butchered ten villagers.", "en").killed == 10


def test_a_short_aside_between_the_verb_and_the_count() -> None:
    c = extract_casualties("Les rebelles ont tué, dans la nuit de lundi à mardi, 23 civils lors d'une attaque.")
    assert (c.killed, c.civilians) == (23, 23)


def test_a_subset_list_belongs_to_the_count_before_it() -> None:
    c = extract_casualties("Au moins onze personnes, dont deux femmes et trois enfants, ont été tuées jeudi.")
    assert (c.killed, c.children) == (11, 3)
    c = extract_casualties("Quinze civils, dont deux femmes, et dix combattants ont été tués.")
    assert (c.killed, c.civilians) == (25, 15)


def test_a_part_of_a_group_is_counted() -> None:
    assert extract_casualties("Deux des combattants ont été tués dans une frappe.").killed == 2
    assert extract_casualties("Two of the soldiers were killed in the ambush.", "en").killed == 2


def test_a_number_alone_as_the_subject_is_a_count() -> None:
    c = extract_casualties("Cinq personnes sont mortes et trois ont été blessées, quatre autres ont perdu la vie plus loin.")
    assert (c.killed, c.injured) == (9, 3)
    assert extract_casualties("En 2015 ont été blessés dix soldats.").injured != 2015
    c = extract_casualties("Three soldiers were killed and two others were wounded; four died later.", "en")
    assert (c.killed, c.injured) == (7, 2)


def test_a_count_of_others_continues_the_count_before_it() -> None:
    c = extract_casualties(
        "Au moins 72 des victimes ont été abattues dans le faubourg de Halnaj, 48 autres dans le quartier de "
        "Maqtaleh et 26 autres dans le village de Barkh Boutan."
    )
    assert [(m.value, m.role) for m in c.killed_counts] == [(72, "killed"), (48, "killed"), (26, "killed")]
    c = extract_casualties("Five people were killed in Kano and three others in Kaduna.", "en")
    assert c.killed == 8
    # "autres" with a noun of another role keeps that role
    assert extract_casualties("Deux soldats ont été tués, trois autres blessés.").injured == 3
    # and a first count has nothing to continue
    assert extract_casualties("48 autres dossiers ont été ouverts.").killed is None


def test_a_quoted_verb_keeps_its_count() -> None:
    c = extract_casualties('Des soldats ont "exécuté" dix jeunes dans le quartier Chamas.')
    assert c.killed == 10


def test_a_number_of_dead_and_bodies_are_counts_of_killed() -> None:
    assert extract_casualties("On estime le nombre de morts à environ 5 000, selon l'ONU.").killed == 5000
    assert extract_casualties("Des fosses contenant les corps de près de 12 000 personnes ont été découvertes.").killed == 12000
    c = extract_casualties("Il a attiré des armées étrangères, tué plus de 500 000 personnes, déplacé des millions.")
    assert c.killed == 500000
    assert extract_casualties("Le nombre de déplacés atteint 5 000.").killed is None


def test_nobody_killed_or_hurt_is_a_count_of_zero() -> None:
    # the guide: "aucune victime", "no casualties" give 0, not null
    assert extract_casualties("Le missile a touché un site industriel, sans faire de victimes.").killed == 0
    assert extract_casualties("Aucune victime n'a été signalée.").killed == 0
    c = extract_casualties("Une roquette a explosé près de la ville, ne faisant aucun blessé ni dégât.")
    assert (c.killed, c.injured) == (0, 0)
    c = extract_casualties("A grenade was lobbed at the checkpoint. No one was injured.", "en")
    assert (c.killed, c.injured) == (0, 0)
    assert extract_casualties("The rocket hit an open field, causing no casualties.", "en").killed == 0
    # a zero never hides a count: "trois morts et aucun blessé" is 3 killed, 0 injured
    c = extract_casualties("L'attaque a fait trois morts et aucun blessé.")
    assert (c.killed, c.injured) == (3, 0)
    assert extract_casualties("Le bilan fait état de victimes civiles.").killed is None
