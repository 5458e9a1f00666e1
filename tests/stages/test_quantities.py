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
