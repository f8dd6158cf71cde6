"""Invisible characters inside names: read across them, report the article's offsets."""

from __future__ import annotations

from typing import Any

from geonews.invisible import view_of
from geonews.model import Article


def test_a_text_without_invisible_characters_is_its_own_view() -> None:
    view = view_of("Officials in Moscow met envoys.")
    assert view.text == "Officials in Moscow met envoys." and view.origin is None


def test_the_view_drops_zero_width_characters_and_soft_hyphens() -> None:
    text = "Mos\u200bcow, War\u00adsaw, Ber\u2060lin, Pa\u200dris, \ufeffRome"
    assert view_of(text).text == "Moscow, Warsaw, Berlin, Paris, Rome"


def test_a_word_broken_at_a_line_end_in_old_print_is_read_whole() -> None:
    # OCR of 19th-century papers writes the end-of-line hyphen as a not sign.
    view = view_of("Nach Neuen¬\nburg und Frei¬ burg. Kosten: 5 ¬ 3")
    assert view.text == "Nach Neuenburg und Freiburg. Kosten: 5 ¬ 3"


def test_joiners_that_shape_a_script_stay() -> None:
    persian = "می\u200cخواهم"  # the non-joiner is part of the Persian spelling
    assert view_of(persian).text == persian


def test_places_are_read_across_invisible_characters_at_the_articles_offsets(
    geoparser: Any,
) -> None:
    text = "Les ministres se sont réunis à Var\u00adsovie, puis à Mos\u200bcou lundi."
    result = geoparser.parse(Article(text=text, lang="fr"))
    found = {gm.mention.text: gm for gm in result.mentions}
    assert set(found) == {"Var\u00adsovie", "Mos\u200bcou"}
    assert result.article.text == text
    for gm in result.mentions:
        m = gm.mention
        assert text[m.start : m.end] == m.text
        assert m.sentence[m.start - m.sentence_start : m.end - m.sentence_start] == m.text
        assert text[m.sentence_start : m.sentence_start + len(m.sentence)] == m.sentence
    assert found["Var\u00adsovie"].place is not None
    assert found["Var\u00adsovie"].place.country_code == "PL"
    assert found["Mos\u200bcou"].place is not None
    assert found["Mos\u200bcou"].place.country_code == "RU"
