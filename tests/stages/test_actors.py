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


HEAD_OFFICES = ("president", "monarch", "prime minister", "chancellor", "supreme leader",
                "chief adviser")
# Populous countries whose leaders the table is meant to cover for 2015-2026.
POPULOUS = ("IND", "CHN", "USA", "IDN", "PAK", "NGA", "BRA", "BGD", "RUS", "ETH", "MEX",
            "JPN", "EGY", "PHL", "COD", "VNM", "IRN", "TUR", "DEU", "THA", "GBR", "TZA",
            "FRA", "ZAF", "ITA", "KEN", "COL", "KOR", "UGA", "ESP", "DZA", "IRQ", "ARG",
            "AFG", "YEM", "CAN", "POL", "MAR", "AGO", "UKR", "UZB", "MYS", "MOZ", "GHA",
            "PER", "SAU", "MDG", "CIV")


def test_table_rows_are_well_formed() -> None:
    kb = load_kb()
    seen: set[tuple[str, str, date]] = set()
    for terms in kb.by_office.values():
        open_terms = [t for t in terms if t.end is None]
        assert len(open_terms) <= 1, [t.name for t in open_terms]
        for term in terms:
            assert term.end is None or term.start < term.end, term.name
            assert date(1940, 1, 1) < term.start < date(2027, 1, 1), term.name
            key = (term.name, term.office, term.start)
            assert key not in seen, key
            seen.add(key)


def test_every_populous_country_has_a_leader_on_sample_days() -> None:
    kb = load_kb()
    for day in (date(2016, 6, 1), date(2020, 6, 1), date(2025, 8, 15)):
        missing = [c for c in POPULOUS
                   if not any(kb.holder(c, office, day) for office in HEAD_OFFICES)]
        assert not missing, (day, missing)


def test_holder_is_chosen_by_publication_date() -> None:
    kb = load_kb()
    cases = [
        ("PER", "president", date(2020, 11, 12), "Manuel Merino"),
        ("PER", "president", date(2021, 1, 5), "Francisco Sagasti"),
        ("THA", "prime minister", date(2024, 10, 1), "Paetongtarn Shinawatra"),
        ("POL", "prime minister", date(2024, 2, 1), "Donald Tusk"),
        ("POL", "prime minister", date(2023, 6, 1), "Mateusz Morawiecki"),
        ("NGA", "president", date(2015, 5, 28), "Goodluck Jonathan"),
        ("NGA", "president", date(2015, 5, 29), "Muhammadu Buhari"),
    ]
    for country, office, day, name in cases:
        term = kb.holder(country, office, day)
        assert term is not None and term.name == name, (country, day, term)
    assert kb.holder("PER", "president", date(2020, 11, 16)) is None  # two days without one


def test_one_person_in_two_offices_keeps_both_terms() -> None:
    kb = load_kb()
    offices = {(t.country, t.office) for t in kb.terms["Nguyễn Xuân Phúc"]}
    assert offices == {("VNM", "prime minister"), ("VNM", "president")}
    term, current = kb.person_term("Abdelmadjid Tebboune", date(2017, 7, 1))
    assert term is not None and term.office == "prime minister" and current
