"""Place mentions as French news writes them."""

from veille.extract.places import find_place_mentions


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
