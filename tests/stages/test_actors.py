"""Actor knowledge base: tables load, codes compose, office terms by date."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from tidings.stages.actors import code_of, load_kb


def test_every_iso_country_has_a_name_and_surfaces_point_to_known_roots() -> None:
    kb = load_kb()
    assert len(kb.country_names) >= 249
    assert kb.surfaces["Indian"].root == "IND"
    assert kb.surfaces["Kremlin"].code == "RUSGOV"
    assert kb.surfaces["U.S."].code == "USA"


def test_code_composition() -> None:
    assert code_of("RUS", "GOV") == "RUSGOV"
    assert code_of("IND", None) == "IND"
    assert code_of(None, "GOV") == "---GOV"
    assert code_of(None, None) == "UNK"
    assert code_of(None, "UNK") == "UNK"


def test_office_holder_by_date() -> None:
    kb = load_kb()
    earlier = kb.holder("USA", "president", date(2019, 6, 1))
    later = kb.holder("USA", "president", date(2022, 6, 1))
    assert earlier is not None and earlier.name == "Donald Trump"
    assert later is not None and later.name == "Joe Biden"
    term, current = kb.person_term("Boris Johnson", date(2017, 1, 1))
    assert term is not None and term.office == "foreign minister" and current


def test_table_terms_do_not_overlap_within_one_office() -> None:
    kb = load_kb()
    for (country, office), terms in kb.by_office.items():
        ordered = sorted(terms, key=lambda t: t.start)
        for before, after in pairwise(ordered):
            assert before.end is not None, (country, office, before.name)
            assert before.end <= after.start, (country, office, before.name, after.name)
