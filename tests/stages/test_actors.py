"""Actor knowledge base: tables load, codes compose, office terms by date."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path

from tidings.stages import actors
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


# Permanent members of the Security Council and the G20 (EUR: the EU's foreign
# policy chief); their foreign and defence ministers are kept from 2015 on.
MINISTER_COUNTRIES = ("USA", "CHN", "RUS", "GBR", "FRA", "DEU", "ITA", "JPN", "CAN", "IND",
                      "BRA", "ARG", "AUS", "IDN", "MEX", "SAU", "ZAF", "KOR", "TUR")
QID = re.compile(r"^Q[1-9][0-9]*$")
IGO_ROOTS = ("EUR", "UNO", "NAT", "IMF")


def test_table_ids_countries_and_sources_are_valid() -> None:
    kb = load_kb()
    ids_by_name: dict[str, set[str]] = defaultdict(set)
    names_by_id: dict[str, set[str]] = defaultdict(set)
    for terms in kb.by_office.values():
        for term in terms:
            assert term.country in kb.country_names or term.country in IGO_ROOTS, term
            if term.wikidata is not None:
                assert QID.match(term.wikidata), (term.name, term.wikidata)
                ids_by_name[term.name].add(term.wikidata)
                names_by_id[term.wikidata].add(term.name)
    assert all(len(ids) == 1 for ids in ids_by_name.values()), ids_by_name
    assert all(len(names) == 1 for names in names_by_id.values()), names_by_id
    assert len(names_by_id) >= 100  # ids are filled only where checked


def test_every_row_says_where_it_comes_from() -> None:
    path = Path(actors.DATA_DIR) / "office_holders.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        assert row["source"].strip() and "/" not in row["source"], row["name"]
        assert row["role"].strip() and row["office"].strip(), row["name"]


def test_ministers_of_major_powers_are_known_on_sample_days() -> None:
    kb = load_kb()
    for day in (date(2016, 6, 1), date(2018, 6, 1), date(2020, 6, 1), date(2023, 6, 1)):
        missing = [(c, office) for c in MINISTER_COUNTRIES
                   for office in ("foreign minister", "defence minister")
                   if kb.holder(c, office, day) is None]
        assert not missing, (day, missing)
        assert kb.holder("EUR", "foreign minister", day) is not None


def test_minister_is_chosen_by_date() -> None:
    kb = load_kb()
    cases = [
        ("PAK", "foreign minister", date(2019, 3, 1), "Shah Mahmood Qureshi"),
        ("PAK", "foreign minister", date(2024, 6, 1), "Ishaq Dar"),
        ("KEN", "defence minister", date(2021, 12, 1), "Eugene Wamalwa"),
        ("BRA", "defence minister", date(2021, 3, 29), "Fernando Azevedo e Silva"),
        ("BRA", "defence minister", date(2021, 3, 30), "Walter Braga Netto"),
        ("TUR", "defence minister", date(2015, 10, 1), "Vecdi Gönül"),
        ("TUR", "defence minister", date(2016, 1, 1), "İsmet Yılmaz"),
        ("SVK", "prime minister", date(2016, 1, 1), "Robert Fico"),
        ("SVK", "prime minister", date(2021, 1, 1), "Igor Matovič"),
    ]
    for country, office, day, name in cases:
        term = kb.holder(country, office, day)
        assert term is not None and term.name == name, (country, office, day, term)
    # A last-confirmed end leaves the office open rather than naming a stale holder.
    assert kb.holder("ARG", "defence minister", date(2026, 1, 1)) is None
    assert kb.holder("TZA", "foreign minister", date(2026, 1, 1)) is None


def test_ministers_appointed_in_2024_and_2025() -> None:
    kb = load_kb()
    cases = [
        ("KOR", "foreign minister", date(2025, 8, 1), "Cho Hyun"),
        ("KOR", "defence minister", date(2025, 3, 1), "Kim Seon-ho"),
        ("KOR", "defence minister", date(2025, 8, 1), "Ahn Gyu-back"),
        ("ETH", "defence minister", date(2024, 5, 1), "Abraham Belay"),
        ("ETH", "defence minister", date(2025, 1, 1), "Aisha Mohammed Mussa"),
        ("ETH", "foreign minister", date(2024, 6, 1), "Taye Atske Selassie"),
        ("ETH", "foreign minister", date(2025, 1, 1), "Gedion Timothewos"),
        ("COL", "foreign minister", date(2025, 3, 1), "Laura Sarabia"),
        ("PHL", "foreign minister", date(2025, 7, 2), "Ma. Theresa Lazaro"),
        ("THA", "defence minister", date(2025, 8, 1), "Natthaphon Narkphanit"),
        ("TZA", "foreign minister", date(2018, 1, 1), "Augustine Mahiga"),
    ]
    for country, office, day, name in cases:
        term = kb.holder(country, office, day)
        assert term is not None and term.name == name, (country, office, day, term)
    acting = kb.holder("THA", "defence minister", date(2025, 8, 1))
    assert acting is not None and acting.role.startswith("Acting")
    # One person keeps one identity across an earlier and a later term.
    term, current = kb.person_term("Aisha Mohammed Mussa", date(2020, 1, 1))
    assert term is not None and term.end == date(2019, 4, 18) and not current


def test_one_person_moving_between_offices() -> None:
    kb = load_kb()
    term, current = kb.person_term("Khawaja Muhammad Asif", date(2016, 5, 1))
    assert term is not None and term.office == "defence minister" and current
    term, current = kb.person_term("Khawaja Muhammad Asif", date(2018, 1, 10))
    assert term is not None and term.office == "foreign minister" and current
    term, current = kb.person_term("Khawaja Muhammad Asif", date(2018, 12, 1))
    assert term is not None and term.office == "foreign minister" and not current
    assert kb.surfaces["Khawaja Asif"].canonical == "Khawaja Muhammad Asif"


def test_party_labels_resolve_by_context() -> None:
    kb = load_kb()
    assert kb.surfaces["SPD"].code == "DEUPTY"
    assert kb.surfaces["Social Democrats"].kind == "party"
    german = kb.party("Social Democrats", None, {"DEU": 3.0, "FRA": 1.0})
    swedish = kb.party("Social Democrats", None, {"SWE": 2.0, "DEU": 1.0})
    assert german is not None and german.code == "DEUPTY"
    assert swedish is not None and swedish.code == "SWEPTY"
    assert kb.party("Social Democrats", None, {"BRA": 4.0}) is None
    # A country word right before the label decides, even for a party not in the table.
    finnish = kb.party("Social Democrats", "FIN", {"DEU": 9.0})
    assert finnish is not None and finnish.code == "FINPTY"
    canadian = kb.party("Conservatives", None, {"CAN": 2.0, "GBR": 1.0})
    assert canadian is not None and canadian.canonical == "Conservative Party of Canada"


def test_people_sharing_a_name_are_kept_apart() -> None:
    kb = load_kb()
    people = kb.namesakes["Pedro Sánchez"]
    assert set(people) == {"Pedro Sánchez", "Pedro Arnulfo Sánchez"}
    day = date(2025, 6, 1)
    # The country the context points to decides, then a title's office, then prominence.
    assert kb.namesake("Pedro Sánchez", day, ["COL"]) == "Pedro Arnulfo Sánchez"
    assert kb.namesake("Pedro Sánchez", day, ["ESP", "COL"]) == "Pedro Sánchez"
    assert kb.namesake("Pedro Sánchez", day, [], "defence minister") == "Pedro Arnulfo Sánchez"
    assert kb.namesake("Pedro Sánchez", day, []) == "Pedro Sánchez"
    seen = frozenset({"Pedro Arnulfo Sánchez"})
    assert kb.namesake("Pedro Sánchez", day, [], None, seen) == "Pedro Arnulfo Sánchez"
    # Before the Colombian took office only the Spanish prime minister is a candidate.
    assert kb.namesake("Pedro Sánchez", date(2024, 1, 1), ["COL"]) == "Pedro Sánchez"
    assert kb.namesake("Narendra Modi", day, ["COL"]) is None
    assert kb.prominence("Pedro Sánchez") < kb.prominence("Pedro Arnulfo Sánchez")


def test_region_descriptions_name_real_countries() -> None:
    kb = load_kb()
    assert kb.descriptions["gulf"] >= {"ARE", "SAU", "QAT"}
    assert "PNG" not in kb.descriptions["gulf"]
    for word, members in kb.descriptions.items():
        assert word == word.lower() and members, word
        unknown = [code for code in members if code not in kb.country_names]
        assert not unknown, (word, unknown)


def test_a_seat_several_governments_share_keeps_every_reading() -> None:
    kb = load_kb()
    readings = kb.shared_seats["Foreign Office"]
    assert [r.code for r in readings][:1] == ["GBRGOV"]
    assert {r.root for r in readings} >= {"GBR", "PAK"}
    # The plain lookup stays the usual reading; seats of one country are not shared.
    assert kb.surfaces["Foreign Office"].code == "GBRGOV"
    assert "Kremlin" not in kb.shared_seats


def test_armed_groups_and_their_short_names() -> None:
    kb = load_kb()
    assert kb.surfaces["Rapid Support Forces"].code == "SDNREB"
    assert kb.surfaces["Pakistani Taliban"].code == "PAKREB"
    assert kb.surfaces["Syrian Democratic Forces"].code == "SYRREB"
    # An ambiguous acronym only counts once the group's full name was written.
    assert kb.dependent["SDF"] == "Syrian Democratic Forces"
    assert kb.dependent["RSF"] == "Rapid Support Forces"
    for text, name in kb.dependent.items():
        assert kb.surfaces[text].canonical == name
    path = Path(actors.DATA_DIR) / "organisations.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            assert row["source"].strip(), row["name"]
            if row["country"]:
                assert row["code"] == row["country"] + row["sector"], row["name"]


def test_office_holders_added_for_serbia_czechia_south_sudan_and_spokesmen() -> None:
    kb = load_kb()
    cases = [
        ("SRB", "president", date(2025, 3, 1), "Aleksandar Vučić"),
        ("SRB", "prime minister", date(2025, 3, 1), "Miloš Vučević"),
        ("SRB", "prime minister", date(2025, 5, 1), "Đuro Macut"),
        ("SRB", "interior minister", date(2025, 3, 1), "Ivica Dačić"),
        ("CZE", "prime minister", date(2025, 10, 5), "Petr Fiala"),
        ("CZE", "prime minister", date(2026, 1, 5), "Andrej Babiš"),
        ("CZE", "president", date(2025, 10, 5), "Petr Pavel"),
        ("SSD", "president", date(2025, 5, 1), "Salva Kiir"),
        ("USA", "finance minister", date(2025, 3, 1), "Scott Bessent"),
        ("SYR", "foreign minister", date(2025, 6, 1), "Asaad al-Shaibani"),
    ]
    for country, office, day, name in cases:
        term = kb.holder(country, office, day)
        assert term is not None and term.name == name, (country, office, day, term)
    term, current = kb.person_term("Andrej Babiš", date(2025, 10, 5))
    assert term is not None and term.office == "prime minister" and not current
    term, current = kb.person_term("Dmitry Peskov", date(2025, 4, 1))
    assert term is not None and term.country == "RUS" and current
    assert kb.offices["treasury secretary"] == "finance minister"
    assert "the" not in kb.title_words


def test_officials_of_international_bodies_and_chad_in_the_table() -> None:
    kb = load_kb()
    term, current = kb.person_term("Kristalina Georgieva", date(2025, 3, 1))
    assert term is not None and term.country == "IMF" and current
    term = kb.holder("TCD", "president", date(2025, 3, 1))
    assert term is not None and term.name == "Mahamat Idriss Déby"
    term = kb.holder("TCD", "president", date(2015, 3, 1))
    assert term is not None and term.name == "Idriss Déby"
    assert code_of("UNO", None) == "UNO"
    assert kb.surfaces["People's Bank of China"].code == "CHNGOV"
