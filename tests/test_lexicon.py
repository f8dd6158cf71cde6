"""The language lexicons: shipped files load and hold what the rules need; new ones plug in."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import spacy

from geonews.errors import LexiconError
from geonews.known import Known
from geonews.lexicon import load_lexicon
from geonews.toponyms import find_mentions

SHIPPED = resources.files("geonews") / "lexicons"
LANGS = sorted(item.name.removesuffix(".toml") for item in SHIPPED.iterdir())


def test_every_language_the_models_read_has_a_lexicon() -> None:
    from geonews.pipeline import DEFAULT_MODELS

    assert set(DEFAULT_MODELS) <= set(LANGS)
    assert {"de", "es", "it"} <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_shipped_lexicon_loads_with_its_own_articles(lang: str) -> None:
    lexicon = load_lexicon(lang)
    assert lexicon.lang == lang
    assert lexicon.leading_articles
    assert all(a.endswith((" ", "'", "’")) for a in lexicon.leading_articles)


def test_english_lexicon_has_the_lists_its_rules_read() -> None:
    en = load_lexicon("en")
    assert {"americans", "texans"} <= en.demonyms
    assert en.leading_articles == ("the ",)
    assert {"north", "southwest"} <= en.of_heads & en.part_words & en.skipped_determiners
    assert en.untagged_before.search("stopped in Glen Carbon").group(2) == "Glen Carbon"
    assert en.untagged_after.search("a Meadow Grove man").group(1) == "Meadow Grove"
    assert en.party_home.search("Ray Miller, D-Columbus").group(1) == "Columbus"
    assert en.subdivision_list.search("Barrow, Jackson and Madison counties").group(2) == "counties"
    assert en.subdivision_plurals["counties"] == "County"
    assert en.border_trigger.search("closed its Border with Chad")
    assert en.border_between == ("between",)
    assert not en.generic_feature.match("lake Geneva")


def test_french_lexicon_has_the_lists_its_rules_read() -> None:
    fr = load_lexicon("fr")
    assert fr.leading_articles[:3] == ("le ", "la ", "les ")
    assert "de l'" in " ".join(fr.leading_articles)
    assert {"français", "russes"} <= fr.demonyms
    assert {"à", "en"} == fr.cue_before
    assert fr.generic_feature.match("canton de Vaud")
    assert fr.generic_feature.match("lac Léman")
    assert fr.border_trigger.search("les points de passage frontaliers avec la Lituanie")
    assert fr.border_list_gap.match(", et de la ")
    # The English-only rules are off: their words are not in the French file.
    assert not fr.untagged_before.search("stopped in Glen Carbon")
    assert not fr.party_home.search("Ray Miller, D-Columbus")
    assert not fr.of_words


def test_lists_every_language_shares_are_the_same_for_all() -> None:
    en, fr, de = load_lexicon("en"), load_lexicon("fr"), load_lexicon("de")
    assert en.not_town_after == fr.not_town_after == de.not_town_after
    assert {"Rue", "Road"} <= en.not_town_after  # from fr.toml and en.toml
    assert {"la", "north"} <= de.part_words
    assert {"san", "of", "de"} <= en.dangling_words  # from es.toml, en.toml, fr.toml
    assert en.title_before.search("reçu par Mme ")
    assert fr.speaks.match(" said")


def test_language_without_a_file_gets_shared_lists_and_english_borders() -> None:
    ru, en = load_lexicon("ru"), load_lexicon("en")
    assert ru.leading_articles == ()
    assert not ru.demonyms
    assert not ru.cue_before
    assert ru.skipped_determiners == en.skipped_determiners
    assert ru.border_trigger.pattern == en.border_trigger.pattern
    assert load_lexicon("de").border_between == ("zwischen",)  # its own


def _lexicon_dir(tmp_path: Path, **files: str) -> Path:
    for lang, text in files.items():
        (tmp_path / f"{lang}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_typo_in_a_key_fails_loudly(tmp_path: Path) -> None:
    directory = _lexicon_dir(tmp_path, xx='demonym = ["foo"]\n')
    with pytest.raises(
        LexiconError, match=r"xx\.toml: unknown key 'demonym'; did you mean 'demonyms'"
    ):
        load_lexicon("xx", directory)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('demonyms = "foo"\n', "demonyms must be a list of non-empty strings"),
        ('demonyms = ["foo", ""]\n', "demonyms must be a list of non-empty strings"),
        ("subdivision_plurals = { counties = 1 }\n", "subdivision_plurals must be a table"),
        ("border_phrases = ['fronti(er']\n", "border phrase 'fronti\\(er' is not a valid"),
        ("demonyms = [\n", "not valid TOML"),
    ],
)
def test_malformed_lexicon_fails_loudly(tmp_path: Path, text: str, message: str) -> None:
    directory = _lexicon_dir(tmp_path, xx=text)
    with pytest.raises(LexiconError, match=message):
        load_lexicon("xx", directory)


def test_new_language_is_a_new_file(tmp_path: Path) -> None:
    shipped = {lang: (SHIPPED / f"{lang}.toml").read_text(encoding="utf-8") for lang in LANGS}
    swedish = """
demonyms = ["svenskar"]
titles = ["Fru"]
border_phrases = ['gräns(?:en)?']
border_links = ["mot"]
"""
    sv = load_lexicon("sv", _lexicon_dir(tmp_path, sv=swedish, **shipped))
    assert sv.border_trigger.search("gränsen mot Norge")
    assert sv.title_before.search("sade Fru. ")
    nlp = spacy.blank("sv")
    doc = nlp("Svenskar bor i Skåne.")
    doc.ents = [doc.char_span(0, 8, label="LOC"), doc.char_span(15, 20, label="LOC")]
    places = {"skåne": Known(("region",), 1_400_000)}

    mentions = find_mentions(
        doc, lexicon=sv, known=lambda n: places.get(n.casefold(), Known((), 0))
    )

    assert [m.text for m in mentions] == ["Skåne"]


def test_words_of_one_language_stand_out_from_names_every_language_writes() -> None:
    from geonews.lexicon import language_specificity

    # German capitalises nouns: "Stadt" looks like a name but is German's word alone.
    assert language_specificity("Stadt", "de") > 3.0
    assert language_specificity("Berlin", "de") < 2.0
    assert language_specificity("London", "en") < 1.0
    assert language_specificity("Xanadu", "en") == 0.0


def test_german_names_are_looked_up_in_the_forms_the_gazetteer_has() -> None:
    from geonews.lexicon import base_forms

    de = load_lexicon("de")
    assert base_forms("Deutschlands", de)[0] == "Deutschland"
    assert "Vereinigte Staaten" in base_forms("Vereinigten Staaten", de)
    assert "Schwarzes Meer" in base_forms("Schwarze Meer", de)
    assert base_forms("Oesterreich", de) == ["Österreich"]
    assert "Os" not in base_forms("Oss", de)  # no stem under three letters
    assert base_forms("Athens", load_lexicon("en")) == []


def test_the_countries_a_language_is_spoken_in_come_from_cldr() -> None:
    from geonews.lexicon import countries_speaking

    assert {"NL", "BE", "SR"} <= countries_speaking("nl")
    assert {"DE", "AT", "CH"} <= countries_speaking("de")
    assert "FR" not in countries_speaking("de")
