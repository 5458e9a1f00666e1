"""Places: offline resolution, aliases, context, demonyms, unknown names."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.stages import places
from tidings.stages.base import Analysis, PlaceHit
from tidings.stages.gazetteer import gazetteer


def _run(nlp: Language, text: str) -> dict[str, PlaceHit]:
    analysis = Analysis(doc=nlp(text))
    places.run(analysis)
    return {text[p.start:p.end]: p for p in analysis.places}


def test_gazetteer_loads_once_and_is_cached() -> None:
    gaz = gazetteer()
    assert gaz is gazetteer()
    assert gaz.load_seconds > 0
    assert gaz.lookup("Peru")[0].country == "PER"


@pytest.mark.parametrize(("alias", "name", "country"), [
    ("Kiev", "Kyiv", "UKR"),
    ("Bombay", "Mumbai", "IND"),
    ("U.S.", "United States", "USA"),
    ("Britain", "United Kingdom", "GBR"),
])
def test_aliases(alias: str, name: str, country: str) -> None:
    entries = gazetteer().lookup(alias)
    assert entries and entries[0].name == name and entries[0].country == country


def test_countries_and_cities_resolve_with_coordinates(nlp: Language) -> None:
    text = "Delegations from Norway flew to Nairobi on Tuesday."
    hits = _run(nlp, text)
    assert hits["Norway"].feature == "country" and hits["Norway"].country == "NOR"
    nairobi = hits["Nairobi"]
    assert nairobi.country == "KEN" and nairobi.feature == "city"
    assert nairobi.lat is not None and abs(nairobi.lat + 1.3) < 0.5


def test_washington_is_the_capital_unless_the_state_is_named(nlp: Language) -> None:
    text = "Officials in Washington praised the plan, but farmers in Washington state did not."
    found = sorted((p.start, p.feature) for p in _run(nlp, text).values())
    assert [f for _, f in found] == ["city", "admin1"]


def test_state_qualifier_picks_the_right_town(nlp: Language) -> None:
    text = "The fire started in a warehouse in Springfield, Illinois, late on Friday."
    hit = _run(nlp, text)["Springfield"]
    assert hit.country == "USA"
    assert hit.lat is not None and 39.0 < hit.lat < 40.5 and -90.5 < (hit.lon or 0) < -89.0


def test_document_context_disambiguates(nlp: Language) -> None:
    text = "Police in Athens, a college town in Georgia, closed two roads near Atlanta."
    hits = _run(nlp, text)
    assert hits["Athens"].country == "USA"
    assert hits["Georgia"].country == "USA" and hits["Georgia"].feature == "admin1"


def test_demonyms_are_not_places(nlp: Language) -> None:
    text = "Peruvian and Chilean diplomats met in Lima."
    hits = _run(nlp, text)
    assert "Peruvian" not in hits and "Chilean" not in hits
    assert hits["Lima"].country == "PER"


def test_unknown_names_do_not_empty_the_document(nlp: Language) -> None:
    text = "Rescuers reached Zarvothan Creek and then drove to Madrid."
    hits = _run(nlp, text)
    assert "Madrid" in hits and hits["Madrid"].country == "ESP"
    assert all(p.geonameid is not None or p.lat is not None for p in hits.values())
