"""Place mentions as French news writes them."""

from veille.extract.places import PlaceMention, find_place_mentions, is_landmark, unmarked_names


def _names(sentence: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.hint) for m in find_place_mentions(sentence)]


def test_prefixed_regions_keep_their_prefix_and_towns_drop_it() -> None:
    found = _names("Des hélicoptères ont bombardé le village de Hbit, dans la province d'Idleb.")
    assert ("Hbit", "town") in found and ("province d'Idleb", "admin1") in found


def test_coordinated_names_share_the_prefix() -> None:
    found = _names("D'autres raids ont visé les villes de Khan Sheikhoun et Benish.")
    assert [t for t, _ in found] == ["Khan Sheikhoun", "Benish"]


def test_arabic_particles_stay_in_the_name() -> None:
    found = _names("tuant six civils dont quatre dans la localité de Maaret al-Noomane, soumise à des raids")
    assert found[0][0] == "Maaret al-Noomane"


def test_a_dateline_is_not_the_place_of_the_incident() -> None:
    found = _names("Niamey — Dix-sept soldats ont été tués vers le village de Tongo Tongo.")
    assert [t for t, _ in found] == ["Tongo Tongo"]


def test_directions_are_written_in_full() -> None:
    assert ("sud du Liban", "part") in _names("les frappes israéliennes sur le sud du Liban lundi")


def _english(sentence: str) -> list[tuple[str, str, str | None]]:
    return [(m.name, m.text, m.hint) for m in find_place_mentions(sentence, "en")]


def test_a_list_with_a_serial_comma_gives_every_place() -> None:
    found = _names("Les assaillants ont incendié les villages de Kobané, Marto, Tilé, et Bouro.")
    assert [t for t, _ in found] == ["Kobané", "Marto", "Tilé", "Bouro"]


def test_portuguese_and_spanish_particles_stay_in_the_name() -> None:
    assert _names("Des insurgés ont attaqué Mocimboa da Praia mardi.")[0][0] == "Mocimboa da Praia"


def test_a_named_site_is_written_in_full_and_located_by_its_town() -> None:
    found = [(m.name, m.text, m.hint) for m in find_place_mentions("Des obus sont tombés sur l'aéroport international de Donetsk.")]
    assert found == [("Donetsk", "aéroport international de Donetsk", "site")]
    assert ("Nuseirat", "Nuseirat refugee camp", "site") in _english("A drone struck the Nuseirat refugee camp on Friday.")


def test_an_english_possessive_names_the_place_it_introduces() -> None:
    found = find_place_mentions("A grenade exploded in south Kashmir's Anantnag district and in Baghdad's Karrada.", "en")
    assert [(m.name, m.hint, m.within) for m in found] == [("Anantnag", "admin2", "Kashmir"), ("Karrada", None, "Baghdad")]


def test_unmarked_names_skip_sentence_starts_acronyms_and_function_words() -> None:
    sentence = "Toutefois, l'ONU affirme que Kidal et Tombouctou ont été touchées selon SANA."
    assert [m.name for m in unmarked_names(sentence, [])] == ["Kidal", "Tombouctou"]
    taken = [(sentence.index("Kidal"), sentence.index("Kidal") + 5)]
    assert [m.name for m in unmarked_names(sentence, taken)] == ["Tombouctou"]
    assert unmarked_names("Selon l'OSDH, dix soldats ont été tués.", []) == []


def test_a_first_name_coordinated_or_set_off_by_a_comma_may_be_a_place() -> None:
    listed = "Kidal et Tombouctou ont été touchées par des attentats."
    assert [m.name for m in unmarked_names(listed, [])] == ["Kidal", "Tombouctou"]
    apposed = "Kharkiv, deuxième ville du pays, a essuyé des tirs de missiles."
    assert [m.name for m in unmarked_names(apposed, [])] == ["Kharkiv"]
    assert unmarked_names("Toutefois, aucun bilan n'a été donné.", []) == []
    assert unmarked_names("Hamadou a été tué.", []) == []


def test_a_place_noun_right_before_a_name_introduces_it() -> None:
    found = _names("Dix jeunes ont été exécutés dans le quartier Chamas, puis aux villages Liko et Lai.")
    assert [t for t, _ in found] == ["Chamas", "Liko", "Lai"]
    english = find_place_mentions("A landmine exploded in Barangay Baguindan in Tipo-tipo.", "en")
    assert [m.name for m in english][:1] == ["Baguindan"]


def test_english_lists_may_carry_direction_adjectives() -> None:
    found = find_place_mentions("Strikes hit Gaza City, central Khan Yunis and southern Rafah.", "en")
    assert [m.name for m in found] == ["Gaza City", "Khan Yunis", "Rafah"]


def test_names_joined_by_commas_alone_are_an_apposition_not_a_list() -> None:
    found = _names("Le maire de Kharkiv, Ihor Terekhov, a fait savoir que deux civils avaient été tués.")
    assert [t for t, _ in found] == ["Kharkiv"]


def test_an_english_nationality_before_a_noun_is_no_place() -> None:
    names = unmarked_names("The raid killed seven Colombian soldiers near Tame on Thursday.", [], "en")
    assert [m.text for m in names] == ["Tame"]


def test_a_place_named_by_an_armed_group_is_dropped() -> None:
    from veille.extract.assemble import analyse_document
    from veille.pipeline import article_from_text

    doc = analyse_document(article_from_text(
        "Trois soldats ont été tués mardi dans une attaque contre une position de la branche armée du Hamas à Rafah."
    ))
    places = [m.name for a in doc.analyses for m in a.places]
    assert "Hamas" not in places and "Rafah" in places


def test_a_name_joined_by_d_apostrophe_is_one_name() -> None:
    assert [t for t, _ in _names("Des affrontements ont fait trois morts en Côte d'Ivoire, près de la frontière.")] == ["Côte d'Ivoire"]


def test_an_english_possessive_with_nothing_named_after_it_names_the_possessor() -> None:
    found = find_place_mentions("Russian shelling killed three civilians in Ukraine's southern Kherson region.", "en")
    assert [m.name for m in found] == ["Ukraine", "Kherson"]


def test_news_agencies_are_no_places() -> None:
    names = unmarked_names("Cinq civils ont été tués, a rapporté Anadolu, citant Xinhua et Kidal.", [])
    assert [m.name for m in names] == ["Kidal"]


def test_english_names_a_village_before_its_kind() -> None:
    found = find_place_mentions("Insurgents killed six men in Kijimatari village in northeast Borno.", "en")
    assert [(m.text, m.hint) for m in found] == [("Kijimatari", "town"), ("Borno", None)]


def test_a_name_after_an_operation_or_a_title_is_no_village() -> None:
    sentence = "Un soldat de l'opération Barkhane et le colonel Sangaré ont été vus près de Ménaka, puis Gao."
    assert [m.name for m in unmarked_names(sentence, [])] == ["Ménaka", "Gao"]


def test_a_suburb_is_written_in_full() -> None:
    """The annotators write "banlieue sud de Beyrouth", "banlieue de Damas": a town's suburbs are
    not the town (a neighbourhood named by its direction, "nord de Bagdad", still is)."""
    found = _names(
        "La frappe sur la banlieue sud de Beyrouth a fait 37 morts, d'autres dans les banlieues de Damas, "
        "puis au nord de Bagdad."
    )
    assert ("banlieue sud de Beyrouth", "site") in found and ("banlieues de Damas", "site") in found
    assert ("nord de Bagdad", "part") in found


def test_a_weapon_s_model_is_no_place() -> None:
    sentence = "Les frappes ont été menées avec des missiles hypersoniques Kinzhal, puis au lance-roquettes multiples Grad à Marioupol."
    assert [m.name for m in unmarked_names(sentence, [])] == ["Marioupol"]


def test_a_capital_a_without_its_accent_introduces_a_place() -> None:
    assert ("Bagdad", None) in _names("A Bagdad, des manifestants ont été tués.")
    assert not _names("Le groupe a Kidal en ligne de mire.")


def test_english_communities_of_a_list_are_places() -> None:
    found = find_place_mentions("Gunmen targeted the communities of Mangor Tamiso, Daffo and Tadai.", "en")
    assert [(m.name, m.hint) for m in found] == [("Mangor Tamiso", "town"), ("Daffo", "town"), ("Tadai", "town")]


def test_a_capitalised_plural_after_a_determiner_or_a_number_is_people() -> None:
    sentence = "La région dirigée par les Kurdes a perdu deux Européens à Erbil, puis à Mossoul et Dohouk."
    assert [m.name for m in unmarked_names(sentence, [])] == ["Erbil", "Mossoul", "Dohouk"]


def test_a_capital_named_after_a_direction_is_a_landmark() -> None:
    for text, lang, town, capital in (
        ("Des rebelles ont attaqué Kaya, au nord de la capitale Ouagadougou.", "fr", "Kaya", "Ouagadougou"),
        ("Rebels attacked soldiers in Quezon just south of the capital Manila.", "en", "Quezon", "Manila"),
    ):
        mentions = [
            PlaceMention(text=name, name=name, start=text.index(name), end=text.index(name) + len(name), hint=None)
            for name in (town, capital)
        ]
        assert [is_landmark(text, m, lang) for m in mentions] == [False, True], text


def test_a_name_in_parentheses_opening_a_dispatch_is_where_it_was_filed() -> None:
    text = "(Beyrouth) Quatre personnes ont été tuées dans une frappe à Nabatiyé."
    assert [m.name for m in find_place_mentions(text, "fr")] == ["Nabatiyé"]
    assert [m.name for m in unmarked_names(text, [])] == ["Nabatiyé"]


def test_a_family_or_a_tribe_is_no_village() -> None:
    sentence = "La frappe a visé la maison de la famille Boustane et la tribu Chaitat, près de Tyr et Saïda."
    assert [m.name for m in unmarked_names(sentence, [])] == ["Tyr", "Saïda"]


def test_a_bare_name_before_its_town_is_a_place_inside_it() -> None:
    found = find_place_mentions("The convoy was attacked in Gumhang, Tinoc town.", "en")
    assert [(m.name, m.hint) for m in found] == [("Gumhang", "beside"), ("Tinoc", "town")]
    found = find_place_mentions("Ils ont attaqué Kafolo, la ville de Kong.")
    assert [(m.name, m.hint) for m in found] == [("Kafolo", "beside"), ("Kong", "town")]


def test_coordinated_names_form_a_list_and_an_apposition_does_not() -> None:
    from veille.extract.places import coordinated_lists

    text = "Les villages de Mabuo, Beu, et Makakwa ont été touchés, tandis que Kayna demeure menacé."
    found = find_place_mentions(text)
    assert [[found[k].name for k in x] for x in coordinated_lists(found, text, "fr")] == [["Mabuo", "Beu", "Makakwa"]]
    text = "The convoy was attacked in Gumhang, Tinoc town."
    assert coordinated_lists(find_place_mentions(text, "en"), text, "en") == []
    text = "Le maire de Kharkiv, Ihor Terekhov, a parlé."
    assert coordinated_lists(find_place_mentions(text), text, "fr") == []


def test_a_kind_word_before_media_names_no_place() -> None:
    # "French state media": a nationality, not a state named French
    assert not [n for n, _, _ in _english("French state media reported that 20 soldiers were killed.") if n == "French"]
    assert ("Kaduna", "Kaduna state", "admin1") in _english("Gunmen killed five people in Kaduna state on Monday.")
