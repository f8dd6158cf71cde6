"""How often a word names a person: the recogniser's evidence against a place."""

from __future__ import annotations

from geonews.personal_names import is_first_name, person_name_score


def test_common_names_score_high_and_place_names_nothing() -> None:
    assert person_name_score("Wilson") > person_name_score("Ripley") > 0
    assert person_name_score("Nepal") == 0.0
    assert person_name_score("Kigali") == 0.0
    assert person_name_score("wilson") == person_name_score("WILSON")  # case does not matter


def test_several_words_are_a_first_name_then_a_surname() -> None:
    assert person_name_score("Glen Allen") > 2  # a first name, then a surname
    assert person_name_score("New York") == 0.0  # "New" names nobody
    assert person_name_score("") == 0.0


def test_common_first_names_are_told_from_rare_ones_accents_aside() -> None:
    assert is_first_name("Luís") and is_first_name("Charles") and is_first_name("Maria")
    assert not is_first_name("Paris") and not is_first_name("London")
    assert not is_first_name("Montenegro")
