"""Quantities: notations, scales, ranges, counts, and numbers that are not quantities."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.document import Actor
from tidings.stages import quantities
from tidings.stages.base import Analysis, EntityHit, QuantityHit, TimexHit


def _run(nlp: Language, text: str, **extra: object) -> list[QuantityHit]:
    analysis = Analysis(doc=nlp(text))
    for key, value in extra.items():
        setattr(analysis, key, value)
    quantities.run(analysis)
    return analysis.quantities


def _by_text(text: str, hits: list[QuantityHit]) -> dict[str, QuantityHit]:
    return {text[h.start:h.end]: h for h in hits}


@pytest.mark.parametrize(("sentence", "surface", "value", "unit"), [
    ("The ministry set aside $250m for repairs.", "$250m", 250e6, "USD"),
    ("Investors pledged US$1.2bn to the fund.", "US$1.2bn", 1.2e9, "USD"),
    ("The budget grew to USD 40 million this spring.", "USD 40 million", 40e6, "USD"),
    ("Moscow earmarked 1.5 trillion roubles for roads.", "1.5 trillion roubles", 1.5e12, "RUB"),
    ("The state approved Rs 300 crore for flood relief.", "Rs 300 crore", 3e9, "INR"),
    ("Farmers received 4 lakh rupees each.", "4 lakh rupees", 4e5, "INR"),
    ("The club paid €75 million for the striker.", "€75 million", 75e6, "EUR"),
    ("Tickets cost £12 at the gate.", "£12", 12.0, "GBP"),
    ("The plant cost ¥900 billion to build.", "¥900 billion", 900e9, "JPY"),
])
def test_money_notations(nlp: Language, sentence: str, surface: str, value: float,
                         unit: str) -> None:
    hits = _by_text(sentence, _run(nlp, sentence))
    assert surface in hits
    assert hits[surface].kind == "money"
    assert hits[surface].value == pytest.approx(value)
    assert hits[surface].unit == unit


def test_percentages(nlp: Language) -> None:
    text = "Turnout fell 7 per cent, after rising 12.5% and about five percent before."
    hits = _by_text(text, _run(nlp, text))
    assert hits["7 per cent"].kind == "percent" and hits["7 per cent"].value == 7.0
    assert hits["12.5%"].value == pytest.approx(12.5)
    assert hits["about five percent"].approx == "about"


def test_counts_ranges_and_hedges(nlp: Language) -> None:
    text = ("Between 3 and 6 soldiers were wounded, nearly 2,000 troops moved north and "
            "dozens of protesters were detained.")
    hits = _by_text(text, _run(nlp, text))
    assert hits["Between 3 and 6"].approx == "range"
    assert hits["Between 3 and 6"].unit == "soldiers"
    assert hits["nearly 2,000"].value == 2000.0 and hits["nearly 2,000"].unit == "troops"
    assert hits["dozens"].approx == "about" and hits["dozens"].unit == "protesters"
    assert all(h.kind == "count" for h in hits.values())


def test_dates_ordinals_and_labels_are_not_quantities(nlp: Language) -> None:
    text = ("The 14th round opened on March 3 2019 at 09:30 near Route 66, where the "
            "Falcon 900 and COVID-19 were discussed.")
    found = [text[h.start:h.end] for h in _run(nlp, text)]
    assert found == []


def test_measure_between_and_period(nlp: Language) -> None:
    text = "Trade between Brazil and Kenya reached $3.1 billion in 2023."
    brazil, kenya = text.index("Brazil"), text.index("Kenya")
    entities = [
        EntityHit("Brazil", "GPE", [(brazil, brazil + 6)], Actor(code="BRA", country="BRA")),
        EntityHit("Kenya", "GPE", [(kenya, kenya + 5)], Actor(code="KEN", country="KEN")),
    ]
    year = text.index("2023")
    timexes = [TimexHit(year, year + 4, "DATE", "2023", "year")]
    hits = _by_text(text, _run(nlp, text, entities=entities, timexes=timexes))
    hit = hits["$3.1 billion"]
    assert hit.measure == "trade"
    assert hit.between == ["BRA", "KEN"]
    assert hit.period == "2023"


def test_measure_from_subject_with_nationality(nlp: Language) -> None:
    text = "Chilean exports to Japan stood at $900 million."
    chile, japan = text.index("Chilean"), text.index("Japan")
    entities = [
        EntityHit("Chilean", "NORP", [(chile, chile + 7)], Actor(code="CHL", country="CHL")),
        EntityHit("Japan", "GPE", [(japan, japan + 5)], Actor(code="JPN", country="JPN")),
    ]
    hit = _by_text(text, _run(nlp, text, entities=entities))["$900 million"]
    assert hit.measure == "exports"
    assert hit.between == ["CHL", "JPN"]


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The former mayor, aged 61, resigned on Friday.", "61", 61.0),
    ("The novelist died at the age of 88 in her home.", "88", 88.0),
])
def test_ages_are_counts_of_years(nlp: Language, sentence: str, surface: str,
                                  value: float) -> None:
    hits = _by_text(sentence, _run(nlp, sentence))
    assert surface in hits
    assert hits[surface].kind == "count" and hits[surface].value == value
    assert hits[surface].unit == "years"


def test_age_after_a_name_is_a_count(nlp: Language) -> None:
    sentence = "Marta Okafor, 47, was appointed to the board."
    doc = nlp(sentence)
    person = doc.char_span(0, len("Marta Okafor"), label="PERSON")
    assert person is not None
    doc.ents = [person]
    analysis = Analysis(doc=doc)
    quantities.run(analysis)
    hits = _by_text(sentence, analysis.quantities)
    assert "47" in hits and hits["47"].unit == "years"


def test_age_cue_does_not_make_other_numbers_ages(nlp: Language) -> None:
    sentence = "The average age of the 40 trucks is nine years."
    hits = _by_text(sentence, _run(nlp, sentence))
    assert all(h.unit != "years" or sentence[h.start:h.end] != "40" for h in hits.values())


def test_plural_model_numbers_are_names(nlp: Language) -> None:
    sentence = "The carrier flies nine 747s and will retire its oldest 747 jets next year."
    hits = _by_text(sentence, _run(nlp, sentence))
    assert "nine" in hits and "747" not in hits


# One invented sentence per notation or family: (sentence, surface, kind, value, unit, approx).
_TABLE = [
    # money, in every common notation
    ("The lender approved a US$3.5 billion credit line.", "US$3.5 billion", "money", 3.5e9,
     "USD", None),
    ("Brussels fined the carmaker €2.4bn in July.", "€2.4bn", "money", 2.4e9, "EUR", None),
    ("The club sold its winger for £45m.", "£45m", "money", 45e6, "GBP", None),
    ("The state spent ₹1,200 crore on the canal.", "₹1,200 crore", "money", 1.2e10, "INR", None),
    ("The bridge will cost Rs. 450 crore.", "Rs. 450 crore", "money", 4.5e9, "INR", None),
    ("The firm owes 300 million rubles in taxes.", "300 million rubles", "money", 3e8, "RUB",
     None),
    ("They paid C$40 million for the mine.", "C$40 million", "money", 4e7, "CAD", None),
    ("A fine of 10,000 yuan was imposed.", "10,000 yuan", "money", 1e4, "CNY", None),
    ("The deal is valued at 12 billion dollars.", "12 billion dollars", "money", 12e9, "USD",
     None),
    ("Tuition rose to $45k this autumn.", "$45k", "money", 45e3, "USD", None),
    # percentages
    ("Unemployment stood at 5% in May.", "5%", "percent", 5.0, None, None),
    ("Support for the party fell 4 percentage points.", "4 percentage points", "percent", 4.0,
     None, None),
    # counts of what event data counts
    ("At least 12 people were killed in the blast.", "At least 12", "count", 12.0, "people",
     "more_than"),
    ("Officers detained 40 protesters near the square.", "40", "count", 40.0, "protesters",
     None),
    ("More than 25 civilians were injured overnight.", "More than 25", "count", 25.0,
     "civilians", "more_than"),
    ("About 300 troops were sent to the border.", "About 300", "count", 300.0, "troops",
     "about"),
    ("The field pumps 80,000 barrels a day.", "80,000 barrels", "count", 8e4, "barrels", None),
    ("The ship carried 20,000 tonnes of wheat.", "20,000 tonnes", "count", 2e4, "tonnes", None),
    ("The air force lost six aircraft in the raid.", "six", "count", 6.0, "aircraft", None),
    ("Some 1.2 million people have fled the fighting.", "Some 1.2 million", "count", 1.2e6,
     "people", "about"),
    # ranges and hedges
    ("Up to 5,000 workers could lose their jobs.", "Up to 5,000", "count", 5e3, "workers",
     "up_to"),
    ("Fewer than 100 residents remain in the village.", "Fewer than 100", "count", 100.0,
     "residents", "less_than"),
    ("Between $2 million and $5 million was stolen.", "Between $2 million and $5 million",
     "money", 2e6, "USD", "range"),
    ("The new line runs 120 kilometres up the valley.", "120 kilometres", "count", 120.0, "km",
     None),
]


@pytest.mark.parametrize(("sentence", "surface", "kind", "value", "unit", "approx"), _TABLE)
def test_notation_table(nlp: Language, sentence: str, surface: str, kind: str, value: float,
                        unit: str | None, approx: str | None) -> None:
    hits = _by_text(sentence, _run(nlp, sentence))
    assert surface in hits, sorted(hits)
    hit = hits[surface]
    assert (hit.kind, hit.unit, hit.approx) == (kind, unit, approx)
    assert hit.value == pytest.approx(value)


@pytest.mark.parametrize(("sentence", "surface", "measure"), [
    ("The deal is valued at 12 billion dollars.", "12 billion dollars", "deal"),
    ("The bridge will cost Rs. 450 crore.", "Rs. 450 crore", "bridge"),
    ("Unemployment stood at 5% in May.", "5%", "unemployment"),
])
def test_measure_of_level_verbs(nlp: Language, sentence: str, surface: str,
                                measure: str) -> None:
    assert _by_text(sentence, _run(nlp, sentence))[surface].measure == measure


@pytest.mark.parametrize(("sentence", "surface", "direction"), [
    ("Shares fell 12 percent on Tuesday.", "12 percent", "down"),
    ("Exports to Chile dropped by $4 billion.", "$4 billion", "down"),
    ("Inflation rose to 7.2 per cent in March.", "7.2 per cent", "up"),
    ("Crude climbed 3% to a record $120 a barrel.", "3%", "up"),
    ("Crude climbed 3% to a record $120 a barrel.", "$120", "record"),
    ("The air force lost six aircraft in the raid.", "six", None),
])
def test_direction(nlp: Language, sentence: str, surface: str, direction: str | None) -> None:
    assert _by_text(sentence, _run(nlp, sentence))[surface].direction == direction


@pytest.mark.parametrize("sentence", [
    "The airline ordered the 787 Dreamliner and praised the 787 design.",
    "The update ships the Safari 4.0 browser and a USB 1.1 port.",
])
def test_model_and_version_numbers_are_not_counts(nlp: Language, sentence: str) -> None:
    found = {sentence[h.start:h.end] for h in _run(nlp, sentence)}
    assert not found & {"787", "4.0", "1.1"}


def test_number_before_a_company_name_still_counts(nlp: Language) -> None:
    sentence = "There are 500 Acme engineers working on the new phone."
    hits = _by_text(sentence, _run(nlp, sentence))
    assert "500" in hits and hits["500"].kind == "count"


def test_change_and_level_are_two_quantities(nlp: Language) -> None:
    text = "Sales of coffee grew 7.5% to $12.4 billion last year."
    hits = _by_text(text, _run(nlp, text))
    assert hits["7.5%"].kind == "percent" and hits["7.5%"].value == 7.5
    assert hits["$12.4 billion"].kind == "money" and hits["$12.4 billion"].value == 12.4e9


def test_money_range_still_joins(nlp: Language) -> None:
    text = "The bridge will cost $2 billion to $3 billion."
    hits = _run(nlp, text)
    assert len(hits) == 1 and hits[0].approx == "range"


def _coded(text: str, name: str, iso3: str, kind: str = "GPE") -> EntityHit:
    start = text.index(name)
    return EntityHit(name, kind, [(start, start + len(name))], Actor(code=iso3, country=iso3))


def test_possessive_trade_with_a_partner(nlp: Language) -> None:
    text = "Chile's trade with Vietnam rose to a record $9.2 billion in 2023."
    ents = [_coded(text, "Chile", "CHL"), _coded(text, "Vietnam", "VNM")]
    hit = _by_text(text, _run(nlp, text, entities=ents))["$9.2 billion"]
    assert hit.between == ["CHL", "VNM"]
    assert hit.measure is not None and "trade" in hit.measure


def test_the_two_countries_stand_for_their_members(nlp: Language) -> None:
    text = ("Peru and Ghana signed a pact on Monday. Trade between the two countries "
            "reached about $1.1 billion last year.")
    peru, ghana = _coded(text, "Peru", "PER"), _coded(text, "Ghana", "GHA")
    start = text.index("the two countries")
    group = EntityHit("Peru and Ghana", "GROUP", [(start, start + len("the two countries"))],
                      members=[peru, ghana])
    hit = _by_text(text, _run(nlp, text, entities=[peru, ghana, group]))["about $1.1 billion"]
    assert hit.between == ["GHA", "PER"]


def test_part_of_a_counted_group(nlp: Language) -> None:
    text = "Thirty miners were trapped, and nine of them were hurt."
    hits = _by_text(text, _run(nlp, text))
    assert hits["nine"].value == 9


def test_one_of_the_best_is_no_count(nlp: Language) -> None:
    text = "It is one of the best harbours on the coast."
    assert not _run(nlp, text)


def test_bilateral_measure_takes_its_other_party_from_the_sentence_before(nlp: Language) -> None:
    text = ("Peru is Chile's third largest customer. Bilateral trade reached $9 billion "
            "last year, with Chile selling mostly copper.")
    peru, chile = text.index("Peru"), text.index("Chile's")
    chile2 = text.index("Chile selling")
    entities = [
        EntityHit("Peru", "GPE", [(peru, peru + 4)], Actor(code="PER", country="PER")),
        EntityHit("Chile", "GPE", [(chile, chile + 5), (chile2, chile2 + 5)],
                  Actor(code="CHL", country="CHL")),
    ]
    hit = _by_text(text, _run(nlp, text, entities=entities))["$9 billion"]
    assert hit.between == ["CHL", "PER"]
    # A one-party measure does not borrow the sentence before's countries.
    text = "Peru signed a deal. Chile's exports reached $4 billion."
    peru, chile = text.index("Peru"), text.index("Chile")
    entities = [
        EntityHit("Peru", "GPE", [(peru, peru + 4)], Actor(code="PER", country="PER")),
        EntityHit("Chile", "GPE", [(chile, chile + 5)], Actor(code="CHL", country="CHL")),
    ]
    assert _by_text(text, _run(nlp, text, entities=entities))["$4 billion"].between == ["CHL"]
