"""Recognition rules, on Docs whose entities are set by hand (no model needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from geonews.known import Known
from geonews.lexicon import load_lexicon
from geonews.patterns import bare_dateline, looks_like_demonym, opens_as_dateline
from geonews.sentences import MAX_SENTENCE_CHARS, hard_wrapped, mention_sentence, split_sentences
from geonews.toponyms import clean_span, find_mentions

FR = load_lexicon("fr")
EN = load_lexicon("en")

KNOWN = {
    "france": (("country",), 68_000_000),
    "bakhmout": (("city",), 80_500),
    "calais": (("city",), 75_000),
    "kremlin": (("landmark",), 0),
    "suisse": (("country",), 8_500_000),
    "texas": (("region",), 29_000_000),
    "kentucky": (("region",), 4_500_000),
    "gainesville": (("city",), 140_000),
    "dublin": (("city",), 1_000_000),
    "commerce": (("city",), 13_000),
    "strickland": (("city",), 25_000),
    "henderson county": (("county",), 80_000),
    "columbus": (("city",), 900_000),
    "isle of palms": (("city",), 4_000),
    "ky.": (("region",), 4_500_000),
    "u.s.": (("country",), 330_000_000),
    "elbow lake": (("city",), 1_100),
    "alexandria": (("city",), 50_000),
    "glen carbon": (("city",), 13_000),
    "hopkins": (("city",), 17_000),
    "march": (("city",), 22_000),
    "barrow county": (("county",), 80_000),
    "jackson county": (("county",), 70_000),
    "allemagne": (("country",), 83_000_000),
    "odessa": (("city",), 1_000_000),
    "russia": (("country",), 144_000_000),
    "meadow grove": (("city",), 300),
    "but": (("city",), 1_000),
    "newark": (("city",), 280_000),
    "beirut": (("city",), 1_900_000),
    "harvey": (("city",), 25_000),
    "havana": (("city",), 2_100_000),
    "seoul": (("city",), 10_000_000),
    "law": (("city",), 3_000),
    "que.": (("region",), 8_000_000),
    "rapides parish": (("county",), 130_000),
}


def known(name: str) -> Known:
    return Known(*KNOWN.get(name.casefold(), ((), 0)))


def make_doc(text: str, ents: list[tuple[str, str]], lang: str = "fr") -> Doc:
    """A Doc with sentence boundaries and the given (surface, label) entities, first match."""
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    spans = []
    cursor = 0
    for surface, label in ents:
        start = text.index(surface, cursor)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
        cursor = start + len(surface)
    doc.ents = spans
    return doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la France", "France"),
        ("l'Ukraine", "Ukraine"),
        ("l’Ukraine", "Ukraine"),
        ("Le Mans", "Le Mans"),
        ("La Paz", "La Paz"),
        ("« Moscou »", "Moscou"),
        ("lasagne", "lasagne"),
        # Prepositions NER takes in too: "Le maire de Saint-Denis".
        ("de Saint-Denis", "Saint-Denis"),
        ("à Genève", "Genève"),
        ("De Panne", "De Panne"),
        ("dentelle", "dentelle"),
    ],
)
def test_clean_span_strips_lowercase_articles_only(text: str, expected: str) -> None:
    start, end = clean_span(text, 0, len(text), FR)
    assert text[start:end] == expected


def test_clean_span_drops_english_possessive() -> None:
    text = "Georgia's governor"
    start, end = clean_span(text, 0, len("Georgia's"), EN)
    assert text[start:end] == "Georgia"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("D-Iowa City", "Iowa City"), ("(R-Ocilla)", "Ocilla"), ("Dover", "Dover"), ("R-", "R")],
)
def test_clean_span_drops_a_party_tag(text: str, expected: str) -> None:
    start, end = clean_span(text, 0, len(text), EN)
    assert text[start:end] == expected


@pytest.mark.parametrize("word", ["Français", "américains", "Russians", "Occidentaux"])
def test_demonyms_are_recognised(word: str) -> None:
    lang = "en" if word == "Russians" else "fr"
    assert looks_like_demonym(word, load_lexicon(lang))


def test_unknown_demonym_shaped_name_is_dropped() -> None:
    doc = make_doc("Les Marseillais chantent.", [("Marseillais", "LOC")])
    assert find_mentions(doc, lexicon=FR, known=known) == []


def test_leading_article_is_stripped_from_mention() -> None:
    doc = make_doc("Paris et la France.", [("la France", "LOC")])
    [mention] = find_mentions(doc, lexicon=FR, known=known)
    assert (mention.text, mention.start, mention.end) == ("France", 12, 18)


def test_name_tagged_once_is_a_place_everywhere() -> None:
    text = "La ville de Bakhmout tient. Bakhmout résiste. Quitter Bakhmout."
    doc = make_doc(text, [("Bakhmout", "LOC"), ("Bakhmout", "PER")])
    mentions = find_mentions(doc, lexicon=FR, known=known)
    assert [m.start for m in mentions] == [12, 28, 54]
    assert {m.text for m in mentions} == {"Bakhmout"}


def test_propagation_respects_word_boundaries() -> None:
    doc = make_doc("Calais et Calaisien.", [("Calais", "LOC")])
    assert [m.text for m in find_mentions(doc, lexicon=FR, known=known)] == ["Calais"]


def test_demonym_tagged_as_place_is_dropped() -> None:
    doc = make_doc("Les Français quittent la France.", [("Français", "LOC"), ("France", "LOC")])
    assert [m.text for m in find_mentions(doc, lexicon=FR, known=known)] == ["France"]


def test_demonym_shaped_real_town_is_kept() -> None:
    doc = make_doc("Le ferry part de Calais.", [("Calais", "LOC")])
    assert [m.text for m in find_mentions(doc, lexicon=FR, known=known)] == ["Calais"]


def test_lowercase_span_is_not_a_place() -> None:
    doc = make_doc("Les forces russes avancent.", [("russes", "LOC")])
    assert find_mentions(doc, lexicon=FR, known=known) == []


def test_organisation_is_not_a_place_but_metonym_is() -> None:
    doc = make_doc("L'Otan et le Kremlin.", [("Otan", "ORG"), ("Kremlin", "ORG")])
    mentions = find_mentions(doc, lexicon=FR, known=known, metonyms={"kremlin": "Kremlin"})
    assert [(m.text, m.metonym) for m in mentions] == [("Kremlin", True)]


def test_mention_carries_its_sentence_and_offset() -> None:
    text = "Premier point. Les chars arrivent à Kiev demain. Fin."
    doc = make_doc(text, [("Kiev", "LOC")])
    [mention] = find_mentions(doc, lexicon=FR, known=known)
    assert mention.sentence == "Les chars arrivent à Kiev demain."
    offset = mention.start - mention.sentence_start
    assert mention.sentence[offset : offset + len(mention.text)] == "Kiev"


def test_overlapping_spans_keep_the_ner_span() -> None:
    text = "Saint-Pétersbourg et Pétersbourg."
    doc = make_doc(text, [("Saint-Pétersbourg", "LOC"), ("Pétersbourg", "LOC")])
    mentions = find_mentions(doc, lexicon=FR, known=known)
    assert [m.text for m in mentions] == ["Saint-Pétersbourg", "Pétersbourg"]
    assert mentions[1].start == 21


def test_fallback_sentence_splitter_covers_text() -> None:
    text = "Un. Deux ! Trois\nQuatre"
    bounds = split_sentences(text)
    assert [text[s:e].strip() for s, e in bounds] == ["Un.", "Deux !", "Trois", "Quatre"]


def test_country_spelled_like_its_demonym_is_a_place() -> None:
    doc = make_doc("La Suisse et les Suisses.", [("Suisse", "LOC"), ("Suisses", "LOC")])
    assert [m.text for m in find_mentions(doc, lexicon=FR, known=known)] == ["Suisse"]


def test_lowercase_demonym_of_a_country_is_not_a_place() -> None:
    doc = make_doc("Les banques suisse ferment.", [("suisse", "LOC")])
    assert find_mentions(doc, lexicon=FR, known=known) == []


def test_name_unknown_to_gazetteer_is_not_propagated() -> None:
    text = "Then Saakashvili spoke. Saakashvili left."
    doc = make_doc(text, [("Saakashvili", "LOC")], lang="en")
    mentions = find_mentions(doc, lexicon=EN, known=known)
    assert [(m.text, m.start) for m in mentions] == [("Saakashvili", 5)]


def test_one_word_gpe_unknown_to_gazetteer_is_dropped() -> None:
    doc = make_doc("Obama met Democrats in Texas.", [("Obama", "GPE"), ("Texas", "GPE")], "en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == ["Texas"]


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        (
            "He joined the Texas Department of Transportation.",
            "Texas Department of Transportation",
            ["Texas"],
        ),
        ("She teaches at the University of Kentucky now.", "University of Kentucky", ["Kentucky"]),
        ("A call to Gainesville Police came late.", "Gainesville Police", ["Gainesville"]),
        ("A call to Gainesville Rotary came late.", "Gainesville Rotary", []),
        ("Talks at the Department of Commerce ended.", "Department of Commerce", []),
        ("Lunch at Dublin Road Grill was fine.", "Dublin Road Grill", []),
        ("Governor Ted Strickland Foundation met.", "Ted Strickland Foundation", []),
        (
            "She studied at Northern Kentucky University.",
            "Northern Kentucky University",
            ["Kentucky"],
        ),
        ("A Texas Safety Council course ran.", "A Texas Safety Council", ["Texas"]),
        ("He is due in Gainesville Superior Court.", "Gainesville Superior Court", ["Gainesville"]),
    ],
)
def test_place_inside_organisation_name(text: str, entity: str, expected: list[str]) -> None:
    doc = make_doc(text, [(entity, "ORG")], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


def test_town_inside_organisation_is_kept_when_ner_names_it_elsewhere() -> None:
    text = "Gainesville Rotary met. Gainesville grows."
    doc = make_doc(text, [("Gainesville Rotary", "ORG"), ("Gainesville", "GPE")], lang="en")
    mentions = find_mentions(doc, lexicon=EN, known=known)
    assert [(m.text, m.start) for m in mentions] == [("Gainesville", 0), ("Gainesville", 24)]


def test_unmappable_facility_gives_way_to_the_place_it_names() -> None:
    text = "He was taken to Henderson County Jail on Monday."
    doc = make_doc(text, [("Henderson County Jail", "FAC")], lang="en")
    [mention] = find_mentions(doc, lexicon=EN, known=known)
    assert (mention.text, mention.label) == ("Henderson County", "FAC-part")


def test_person_name_holding_a_town_name_is_not_a_place() -> None:
    doc = make_doc("Ted Strickland spoke.", [("Ted Strickland", "PERSON")], lang="en")
    assert find_mentions(doc, lexicon=EN, known=known) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("COLUMBUS, Ohio (AP) — Gov. Ted Strickland said.", ["COLUMBUS"]),
        ("Budget vote. ISLE OF PALMS — Two members will run.", ["ISLE OF PALMS"]),
        ("Le Conseil siège.\nCOLUMBUS. — La grève s'étend.", ["COLUMBUS"]),
        ("UPDATE — The NASA team said.", []),
        ("He said COLUMBUS, not Dayton.", []),
    ],
)
def test_capitalised_dateline_is_a_place(text: str, expected: list[str]) -> None:
    doc = make_doc(text, [], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


def test_abbreviation_keeps_its_full_stop() -> None:
    text = "Born in Paducah, Ky. He moved."
    doc = make_doc(text, [("Ky.", "GPE")], lang="en")
    [mention] = find_mentions(doc, lexicon=EN, known=known)
    assert mention.text == "Ky."


def test_full_stop_ending_a_sentence_is_not_kept() -> None:
    doc = make_doc("He moved to Texas.", [("Texas.", "GPE")], lang="en")
    [mention] = find_mentions(doc, lexicon=EN, known=known)
    assert mention.text == "Texas"


@pytest.mark.parametrize(
    ("text", "surface", "sentence"),
    [
        (
            "Nouvelle offensive russe\n\nSur le front, Bakhmout tient.",
            "Bakhmout",
            "Sur le front, Bakhmout tient.",
        ),
        ("Offensive sur Bakhmout\nLa ville tient.", "Bakhmout", "Offensive sur Bakhmout"),
        ("Le Kremlin attend.\n\n« Bakhmout tient », dit-il.", "Kremlin", "Le Kremlin attend."),
    ],
)
def test_sentence_of_a_mention_ends_at_a_line_break(text: str, surface: str, sentence: str) -> None:
    doc = make_doc(text, [(surface, "LOC")])
    [mention] = [m for m in find_mentions(doc, lexicon=FR, known=known) if m.text == surface]
    assert mention.sentence == sentence
    offset = mention.start - mention.sentence_start
    assert mention.sentence[offset : offset + len(surface)] == surface


# A column of a scanned newspaper: lines cut at a fixed width, sentences running on.
WRAPPED = (
    "La flotte anglaise, qui croise depuis le\n"
    "10 juillet dans la mer\n"
    "Baltique, n'a point encore rencontré\n"
    "l'ennemi ; on attend des nouvelles de\n"
    "la France et des lettres de\n"
    "Bakhmout.\n\n"
    "Nouvelles diverses"
)


def test_text_cut_at_a_fixed_width_is_recognised_as_wrapped() -> None:
    assert hard_wrapped(WRAPPED)
    assert not hard_wrapped("Nouvelle offensive russe\nSur le front.\nLa ville tient.")
    assert not hard_wrapped("Un seul paragraphe, sans retour à la ligne.")


def test_in_wrapped_text_a_name_and_its_sentence_run_over_line_breaks() -> None:
    doc = make_doc(WRAPPED, [("mer\nBaltique", "LOC"), ("France", "LOC"), ("Bakhmout", "LOC")])
    mentions = find_mentions(doc, lexicon=FR, known=known)
    assert [m.text for m in mentions] == ["mer\nBaltique", "France", "Bakhmout"]
    # The sentence runs across the lines to its full stop, and stops at the blank line.
    sentence = WRAPPED[: WRAPPED.index("Bakhmout.") + len("Bakhmout.")]
    assert [m.sentence for m in mentions] == [sentence] * 3


def test_outside_wrapped_text_a_line_break_ends_a_name() -> None:
    text = "Offensive sur la mer\nBaltique. La ville tient."
    doc = make_doc(text, [("mer\nBaltique", "LOC")])
    assert find_mentions(doc, lexicon=FR, known=known) == []


@pytest.mark.parametrize("street", ["Cooper Street", "City Hall"])
def test_facility_unknown_to_gazetteer_is_not_a_place(street: str) -> None:
    doc = make_doc(f"They met at {street} in Texas.", [(street, "FAC"), ("Texas", "GPE")], "en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == ["Texas"]


def test_facility_the_gazetteer_knows_is_a_place() -> None:
    doc = make_doc("Delays at Heathrow grew.", [("Heathrow", "FAC")], lang="en")
    known_here = {**KNOWN, "heathrow": (("airport",), 0)}
    mentions = find_mentions(
        doc, lexicon=EN, known=lambda n: Known(*known_here.get(n.casefold(), ((), 0)))
    )
    assert [m.text for m in mentions] == ["Heathrow"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sen. Ray Miller, D-Columbus, said no.", ["Columbus"]),
        ("Sen. Jim Bunning, R-Ky., said no.", ["Ky."]),
        ("Rep. Torrey Westrom (R-Elbow Lake Township) said no.", ["Elbow Lake"]),
        ("Troops landed on D-Day in June.", []),
    ],
)
def test_home_town_in_party_tag_is_a_place(text: str, expected: list[str]) -> None:
    doc = make_doc(text, [], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("An Alexandria woman was charged.", ("Alexandria", "PERSON"), ["Alexandria"]),
        ("She was stopped in Alexandria on Sunday.", ("Alexandria", "ORG"), ["Alexandria"]),
        ("Alexandria Police said so.", ("Alexandria", "ORG"), ["Alexandria"]),
        ("Alexandria said she would run.", ("Alexandria", "PERSON"), []),
        ("He grew up in Hopkins.", ("Hopkins", "PERSON"), ["Hopkins"]),
        ("He grew up in Smith.", ("Smith", "PERSON"), []),
        (
            "Finalists: Alexandria, Texas and others.",
            ("Alexandria", "PERSON"),
            ["Alexandria"],
        ),
    ],
)
def test_known_name_tagged_person_or_organisation_is_a_place_in_context(
    text: str, entity: tuple[str, str], expected: list[str]
) -> None:
    doc = make_doc(text, [entity], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The road in Glen Carbon is shut.", ["Glen Carbon"]),
        ("The vote in March was close.", []),
        ("He works near Glen Carbon High School.", []),
    ],
)
def test_untagged_known_name_after_locative_word_is_a_place(text: str, expected: list[str]) -> None:
    doc = make_doc(text, [], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


def test_place_found_by_context_is_a_place_everywhere() -> None:
    text = "An Alexandria man was hurt. Alexandria grows."
    doc = make_doc(text, [("Alexandria", "PERSON")], lang="en")
    mentions = find_mentions(doc, lexicon=EN, known=known)
    assert [(m.text, m.start) for m in mentions] == [("Alexandria", 3), ("Alexandria", 28)]


def test_place_name_is_not_propagated_into_a_surname() -> None:
    text = "He moved to Hopkins. Director David Hopkins said so."
    doc = make_doc(text, [("Hopkins", "GPE"), ("David Hopkins", "PERSON")], lang="en")
    assert [(m.text, m.start) for m in find_mentions(doc, lexicon=EN, known=known)] == [
        ("Hopkins", 12)
    ]


def test_names_in_a_list_of_counties_are_places() -> None:
    text = "In Barrow and Jackson counties, growth slowed."
    doc = make_doc(text, [("Jackson", "PERSON")], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == ["Barrow", "Jackson"]


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("Il part. Résultat ? Une victoire.", "Résultat", []),
        ("Un homme d'état. La visite d'Etat dure.", "Etat", []),
        # Common in French, though this article never writes it in lowercase.
        ("La police d'Etat l'a retenu neuf heures.", "Etat", []),
        ("Il part. PETERSBOURG, 3 août. Rien.", "PETERSBOURG", ["PETERSBOURG"]),
        ("Il part. L'Amérique rit.", "L'Amérique", ["L'Amérique"]),
        ("Il part. Bakhmout tient.", "Bakhmout", ["Bakhmout"]),
        ("Il part pour Chippis demain.", "Chippis", ["Chippis"]),
    ],
)
def test_unknown_common_word_tagged_as_place_is_dropped(
    text: str, entity: str, expected: list[str]
) -> None:
    doc = make_doc(text, [(entity, "LOC")])
    assert [m.text for m in find_mentions(doc, lexicon=FR, known=known)] == expected


def test_a_small_town_named_like_a_common_word_the_article_also_uses_is_no_place() -> None:
    text = "La police de Sens a parlé. Dans ce sens, la ville attend."
    town = {"sens": Known(("city",), 26_000)}
    doc = make_doc(text, [("Sens", "LOC")])
    assert (
        find_mentions(doc, lexicon=FR, known=lambda n: town.get(n.casefold(), Known((), 0))) == []
    )
    paris = "La police de Paris a parlé. Paris attend."
    big = {"paris": Known(("city",), 2_100_000)}
    doc = make_doc(paris, [("Paris", "LOC")])
    found = find_mentions(doc, lexicon=FR, known=lambda n: big.get(n.casefold(), Known((), 0)))
    assert [m.text for m in found] == ["Paris", "Paris"]


@pytest.mark.parametrize("name", ["canton de Vaud", "mer Noire", "lac de Genève", "île d'Elbe"])
def test_french_kind_of_place_in_lowercase_before_its_name_is_kept(name: str) -> None:
    doc = make_doc(f"Il pleut sur le {name} ce matin.", [(name, "LOC")])
    assert [m.text for m in find_mentions(doc, lexicon=FR, known=known)] == [name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NOUVELLES. ALLEMAGNE. Rastadt 21 août. La diète siège.", ["ALLEMAGNE"]),
        ("GUERRE.\nODESSA 22 octobre. L'empereur arrive.", ["ODESSA"]),
        ("Rien.\nALLEMAGNE\nLa diète siège.", ["ALLEMAGNE"]),
        ("Rien. LA DIÈTE. Elle siège.", []),
    ],
)
def test_capitalised_heading_is_a_place(text: str, expected: list[str]) -> None:
    doc = make_doc(text, [], lang="fr")
    assert [m.text for m in find_mentions(doc, lexicon=FR, known=known)] == expected


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("Il vit à Bakhmout depuis dix ans.", ("Bakhmout", "PER"), ["Bakhmout"]),
        ("Notre ministre en Suisse part.", ("Suisse", "ORG"), ["Suisse"]),
        ("Bakhmout a parlé hier.", ("Bakhmout", "PER"), []),
    ],
)
def test_known_name_tagged_person_in_french_is_a_place_after_a(
    text: str, entity: tuple[str, str], expected: list[str]
) -> None:
    doc = make_doc(text, [entity])
    assert [m.text for m in find_mentions(doc, lexicon=FR, known=known)] == expected


def test_name_before_a_speech_verb_is_a_person_unless_an_area() -> None:
    text = "Hopkins said no. Russia said yes."
    doc = make_doc(text, [("Hopkins", "GPE"), ("Russia", "GPE")], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == ["Russia"]


def test_place_name_is_not_propagated_to_a_person() -> None:
    text = "He moved to Hopkins. Mrs. Hopkins stayed. Hopkins told us. Hopkins grew."
    doc = make_doc(text, [("Hopkins", "GPE")], lang="en")
    mentions = find_mentions(doc, lexicon=EN, known=known)
    assert [m.start for m in mentions] == [12, 59]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A Meadow Grove man was charged.", ["Meadow Grove"]),
        ("It rained. But police said no.", []),
    ],
)
def test_untagged_known_name_before_a_word_that_needs_a_place_is_a_place(
    text: str, expected: list[str]
) -> None:
    doc = make_doc(text, [], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Kent Mallett Advocate Reporter March 30, 2009 NEWARK -- The shop opened.", ["NEWARK"]),
        ("Bust near airport . BEIRUT: A dealer was arrested.", ["BEIRUT"]),
        ("It cost 2009 NEWARK dollars.", []),
        # A title-case dateline a flattened page runs on from its headline, known by the
        # agency credited after it.
        ("Chavez says his cancer is back Havana (CNN) -- He spoke.", ["Havana"]),
        ("Exports fell sharply Seoul (Yonhap) — The ministry said.", ["Seoul"]),
        ("President Havana (AP) said nothing.", []),
        # An interview printed as a transcript: the labels are speakers, not datelines.
        ("HARVEY: I do not remember that. LAW: We did two trips.\nHARVEY: Yes.", []),
    ],
)
def test_dateline_after_a_byline_date_or_before_a_colon_is_a_place(
    text: str, expected: list[str]
) -> None:
    doc = make_doc(text, [], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She lives in the town of Alexandria now.", ["Alexandria"]),
        ("Paul Block, 49, of Alexandria was held.", ["Alexandria"]),
        ("He moved to Alexandria last year.", ["Alexandria"]),
        ("He spoke to Alexandria yesterday.", []),
        ("The daughter of Alexandria spoke.", []),
    ],
)
def test_known_name_tagged_person_after_of_or_to_in_context_is_a_place(
    text: str, expected: list[str]
) -> None:
    doc = make_doc(text, [("Alexandria", "PERSON")], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


def test_name_found_by_context_is_not_spread_when_the_article_uses_it_as_a_surname() -> None:
    text = "He lived in Hopkins. Officer Tim Hopkins came. Hopkins left."
    doc = make_doc(text, [("Hopkins", "PERSON"), ("Tim Hopkins", "PERSON")], lang="en")
    mentions = find_mentions(doc, lexicon=EN, known=known)
    assert [(m.text, m.start) for m in mentions] == [("Hopkins", 12)]


def test_name_ner_tags_as_a_place_is_spread_even_if_also_a_surname() -> None:
    text = "He lived in Hopkins. Officer Tim Hopkins came. Hopkins grew."
    doc = make_doc(text, [("Hopkins", "GPE"), ("Tim Hopkins", "PERSON")], lang="en")
    mentions = find_mentions(doc, lexicon=EN, known=known)
    assert [(m.text, m.start) for m in mentions] == [("Hopkins", 12), ("Hopkins", 47)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She sold her home in Gatineau, Que., and left.", ["Que."]),
        ("Born in Paducah, Ky. He moved.", ["Ky."]),
        ("Prices rose, Que. said nothing.", []),
    ],
)
def test_abbreviated_region_after_a_town_is_a_place(text: str, expected: list[str]) -> None:
    doc = make_doc(text, [], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == expected


def test_county_named_inside_any_entity_is_a_place() -> None:
    text = "The Rapides Parish Fire District 2 investigated."
    doc = make_doc(text, [("Rapides Parish Fire District", "PERSON")], lang="en")
    assert [m.text for m in find_mentions(doc, lexicon=EN, known=known)] == ["Rapides Parish"]


def test_a_sentence_without_end_is_shown_as_a_window_around_its_mention() -> None:
    words = [f"word{i}" for i in range(400)]
    words[200] = "Kiev"
    text = " ".join(words)  # 3,000 characters, no full stop
    start = text.index("Kiev")
    s_start, s_end = mention_sentence(text, [(0, len(text))], start, start + 4)
    window = text[s_start:s_end]
    assert s_start <= start and start + 4 <= s_end
    assert len(window) <= MAX_SENTENCE_CHARS
    assert len(window) > MAX_SENTENCE_CHARS - 20  # nearly all the room is used
    assert window.split()[0] in words and window.split()[-1] in words  # cut between words


def test_a_window_at_the_start_or_end_of_a_long_sentence_keeps_its_mention() -> None:
    text = "Kiev " + "x" * 5 + " y" * 2000 + " Lviv"
    for name in ("Kiev", "Lviv"):
        start = text.index(name)
        s_start, s_end = mention_sentence(text, [(0, len(text))], start, start + 4)
        assert text[s_start:s_end].count(name) == 1 and s_end - s_start <= MAX_SENTENCE_CHARS


def test_a_short_sentence_is_kept_whole_without_its_spaces() -> None:
    text = "  Les chars arrivent à Kiev demain.  Autre phrase."
    start = text.index("Kiev")
    assert mention_sentence(text, [(0, 37), (37, len(text))], start, start + 4) == (2, 35)


def test_every_mention_of_a_text_without_full_stops_keeps_a_short_sentence() -> None:
    text = " ".join(["les chars arrivent à Kiev puis"] * 200)  # 6,200 characters, one line
    doc = make_doc(text, [("Kiev", "LOC")] * 200)
    mentions = find_mentions(doc, lexicon=FR, known=known)
    assert len(mentions) == 200
    for m in mentions:
        assert len(m.sentence) <= MAX_SENTENCE_CHARS
        assert m.sentence[m.start - m.sentence_start : m.end - m.sentence_start] == "Kiev"


def test_a_town_placed_in_the_country_named_next_is_a_place() -> None:
    places = {
        "goma": Known(("city",), 670_000, 30, 670_000, frozenset({"CD"})),
        "kigali": Known(("city",), 1_100_000, 40, 1_100_000, frozenset({"RW"})),
        "congo": Known(("country",), 100_000_000, 200, 100_000_000, frozenset({"CD", "CG"})),
    }
    text = "Aid reached Goma, in the east of Congo, and Kigali, in northern Congo, said so."
    doc = make_doc(text, [("Goma", "PERSON"), ("Congo", "GPE"), ("Congo", "GPE")], lang="en")
    found = find_mentions(doc, lexicon=EN, known=lambda n: places.get(n.casefold(), Known((), 0)))
    # Kigali has no reading in Congo: the phrase does not make it a place.
    assert [m.text for m in found] == ["Goma", "Congo", "Congo"]


def test_a_country_ner_reads_as_a_person_is_the_country_unless_a_first_name() -> None:
    places = {
        "sri lanka": Known(("country",), 21_000_000, 150, 21_000_000, frozenset({"LK"})),
        "chad": Known(("country",), 17_000_000, 150, 17_000_000, frozenset({"TD"})),
    }
    text = "Sri Lanka's president thanked Chad for the flowers."
    doc = make_doc(text, [("Sri Lanka's", "PERSON"), ("Chad", "PERSON")], lang="en")
    found = find_mentions(doc, lexicon=EN, known=lambda n: places.get(n.casefold(), Known((), 0)))
    assert [m.text for m in found] == ["Sri Lanka"]


@pytest.mark.parametrize(
    ("text", "name", "alone"),
    [
        ("WASHINGTON (AP) — Families walked the halls of Congress.", "WASHINGTON", True),
        ("Gun bill stalls\n\nPARIS — Talks resumed on Monday.", "PARIS", True),
        ("Stimulus plan stalls. WASHINGTON — Senators met.", "WASHINGTON", True),
        ("Moscou (AFP) - Le Kremlin a démenti.", "Moscou", True),
        # The wires give the state or country of a city that does not stand alone.
        ("SPRINGFIELD, Ill. (AP) — The governor spoke.", "SPRINGFIELD", False),
        ("PARIS, Texas — The council met.", "PARIS", False),
        # A name inside the body, even before a dash, is no dateline.
        ("Talks went on. Leaders met in Paris — and in Rome — on Monday.", "Paris", False),
        ("One.\nTwo.\nThree.\nFour.\nPARIS — Late in the text.", "PARIS", False),
    ],
)
def test_bare_dateline(text: str, name: str, alone: bool) -> None:
    start = text.index(name)
    assert bare_dateline(text, start, start + len(name)) is alone


@pytest.mark.parametrize(
    ("text", "name", "dateline"),
    [
        ("MINNEAPOLIS -- A federal judge dismissed the claims.", "MINNEAPOLIS", True),
        ("SPRINGFIELD, Ill. (AP) — The governor spoke.", "SPRINGFIELD", True),
        ("Raid claims dismissed. COLUMBUS, New Mexico — Deputies met.", "COLUMBUS", True),
        ("Moscou (AFP) - Le Kremlin a démenti.", "Moscou", True),
        # Not the story's opening, or no dash after the name and its state.
        ("Talks went on. Leaders met in Paris — and in Rome — on Monday.", "Paris", False),
        ("PARIS, Texas, is a small town.", "PARIS", False),
        ("One.\nTwo.\nThree.\nFour.\nPARIS — Late in the text.", "PARIS", False),
    ],
)
def test_opens_as_dateline(text: str, name: str, dateline: bool) -> None:
    start = text.index(name)
    assert opens_as_dateline(text, start, start + len(name)) is dateline
