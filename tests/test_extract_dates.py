"""Days resolved against the publication date."""

from veille.extract.dates import explicit_dates, resolve_day


def test_weekday_is_the_latest_such_day_on_or_before_publication() -> None:
    assert resolve_day("ont été tués samedi à Dinangourou", "2016-07-10").date == "2016-07-09"
    assert resolve_day("ce jeudi matin", "2021-01-21").date == "2021-01-21"


def test_relative_words() -> None:
    assert resolve_day("les frappes ont repris hier", "2018-09-09").date == "2018-09-08"


def test_a_month_header_never_invents_a_day() -> None:
    assert resolve_day("les frappes ont repris hier", "2018-09").date is None
    assert resolve_day("Samedi, les avions ont frappé", "2018-09").date is None


def test_explicit_day_takes_its_year_from_publication() -> None:
    assert resolve_day("ont été tués lundi 2 décembre", "2024-12").date == "2024-12-02"
    assert resolve_day("le 19 décembre", "2013-02").date == "2012-12-19"


def test_weekday_with_a_month_header_uses_an_explicit_date_of_the_text() -> None:
    dates = explicit_dates("Le 14 mai vers 8 h, une colonne a été attaquée.", "2019-05")
    assert resolve_day("Dix-sept soldats ont été tués mardi", "2019-05", doc_dates=dates).date == "2019-05-14"


def test_night_span_is_dated_to_its_first_day() -> None:
    assert resolve_day("dans la nuit de mardi à mercredi", "2014-03-05").date == "2014-03-04"


def test_the_day_of_a_report_is_not_the_day_of_the_incident() -> None:
    assert resolve_day("Deux soldats ont été tués, a-t-on appris dimanche", "2016-07-10").date is None
