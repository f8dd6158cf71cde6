"""Compass names: cut where two names share their place, joined where NER split one."""

from __future__ import annotations

from geonews.compass import full_name, is_compass, join_compass
from geonews.lexicon import load_lexicon
from geonews.model import Mention

EN = load_lexicon("en")


def _mention(text: str, name: str, start: int | None = None) -> Mention:
    at = text.index(name) if start is None else start
    return Mention(name, at, at + len(name), text, 0)


def test_compass_words_with_and_without_hyphens() -> None:
    assert is_compass("North", EN) and is_compass("South-east", EN) and is_compass("northwest", EN)
    assert not is_compass("Northern", EN) and not is_compass("South-Korea", EN)


def test_a_span_over_two_compass_names_is_cut_in_two() -> None:
    text = "Relations between North and South Korea soured."
    cut = join_compass([_mention(text, "North and South Korea")], text, EN)
    assert [(m.text, text[m.start : m.end]) for m in cut] == [
        ("North", "North"),
        ("South Korea", "South Korea"),
    ]
    assert full_name(cut[0], text, EN) == "North Korea"
    assert full_name(cut[1], text, EN) is None


def test_a_hyphened_compass_point_is_joined_to_its_place() -> None:
    text = "Trade across South-east Asia grew."
    parts = [_mention(text, "South-east"), _mention(text, "Asia")]
    (joined,) = join_compass(parts, text, EN)
    assert joined.text == "South-east Asia"
    assert full_name(joined, text, EN) == "South east Asia"


def test_a_lone_compass_point_names_the_place_after_it() -> None:
    text = "East and West Africa lag behind, and the East won."
    assert full_name(_mention(text, "East", 0), text, EN) == "East Africa"
    # No second point after it: the word is what it says.
    assert full_name(_mention(text, "East", text.rindex("East")), text, EN) is None


def test_other_spans_are_left_alone() -> None:
    text = "Officials in Paris and Berlin met; Northern Ireland voted."
    mentions = [_mention(text, "Paris and Berlin"), _mention(text, "Northern Ireland")]
    assert join_compass(mentions, text, EN) == mentions


def test_a_compass_point_alone_is_no_place() -> None:
    text = "East and West Africa lag behind; West African lions reached the West's zoos."
    first = _mention(text, "East", 0)
    lone = [_mention(text, "West", i) for i in (text.index("West African"), text.index("West'"))]
    assert join_compass([first, *lone], text, EN) == [first]
    text = "Tanks crossed from the North at dawn."
    assert join_compass([_mention(text, "North")], text, EN) == []


def test_an_abbreviated_compass_point_is_written_out() -> None:
    text = "Exports from S. Korea rose. Two held in W. Columbia slaying."
    assert full_name(_mention(text, "S. Korea"), text, EN) == "South Korea"
    assert full_name(_mention(text, "W. Columbia"), text, EN) == "West Columbia"
    # An initial before a name is no compass point in a language that has none.
    assert full_name(_mention(text, "S. Korea"), text, load_lexicon("fr")) is None
