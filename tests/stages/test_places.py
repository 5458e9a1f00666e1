"""Places: offline resolution, aliases, context, demonyms, unknown names."""

from __future__ import annotations

import itertools

import pytest
from spacy.language import Language

from tidings.document import Actor
from tidings.stages import entities, places
from tidings.stages.base import Analysis, EntityHit, PlaceHit
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


@pytest.mark.parametrize(("text", "name", "country"), [
    # Regression: English towns named in the story drew a bare dateline to their namesake.
    ("WASHINGTON -- The Treasury widened its sanctions on Monday. Diplomats in London and "
     "Brussels said they would follow.", "WASHINGTON", "USA"),
    ("PARIS (AP) -- Ministers from Leeds and York met their counterparts.", "PARIS", "FRA"),
    ("PARIS, Texas -- The county fair opened on Friday near Dallas.", "PARIS", "USA"),
    ("GENEVA (AP) -- Delegates from Ohio and Illinois met on Monday.", "GENEVA", "CHE"),
])
def test_bare_dateline_is_the_well_known_city(nlp: Language, text: str, name: str,
                                              country: str) -> None:
    assert _run(nlp, text)[name].country == country


def test_a_capital_is_not_flipped_by_a_more_mentioned_country(nlp: Language) -> None:
    """Regression: a story naming India far more often sent "Dhaka" to an Indian village."""
    text = ("India asked Bangladesh to hand over a suspect. Indian officials said India wants "
            "him tried in India, and India's police sent papers to Dhaka. India will wait.")
    assert _run(nlp, text)["Dhaka"].country == "BGD"


def test_a_metropolis_does_not_override_its_own_countrys_small_town(nlp: Language) -> None:
    """Regression: the capital rule sent a small Indiana town to Texas."""
    text = ("Health officials in Scott County, Indiana, said new infections were found in "
            "Austin, a small town north of Louisville, Kentucky.")
    austin = _run(nlp, text)["Austin"]
    assert austin.lat is not None and austin.lat > 36.0


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


def _run_with(nlp: Language, text: str, labels: dict[str, str],
              countries: dict[str, str] | None = None) -> dict[str, PlaceHit]:
    """Run the stage with the recogniser's labels fixed, so that a test of how the
    stage treats a label does not depend on what the model happens to predict;
    ``countries`` gives some names the entities stage's country codes."""
    doc = nlp(text)
    spans = []
    for surface, label in labels.items():
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None
        spans.append(span)
    doc.ents = spans
    analysis = Analysis(doc=doc)
    for surface, iso3 in (countries or {}).items():
        start = text.index(surface)
        analysis.entities.append(EntityHit(surface, labels.get(surface, "GPE"),
                                           [(start, start + len(surface))],
                                           Actor(code=iso3, country=iso3)))
    places.run(analysis)
    return {text[p.start:p.end]: p for p in analysis.places}


def test_town_taken_for_a_person_is_recovered_by_its_context(nlp: Language) -> None:
    text = "A Fairbanks man was arrested after a chase on Sunday."
    hits = _run_with(nlp, text, {"Fairbanks": "PERSON"})
    assert hits["Fairbanks"].country == "USA" and hits["Fairbanks"].feature == "city"


def test_person_without_place_context_stays_a_person(nlp: Language) -> None:
    text = "Fairbanks said the budget would be ready by the end of the week."
    assert "Fairbanks" not in _run_with(nlp, text, {"Fairbanks": "PERSON"})


@pytest.mark.parametrize(("text", "org", "place", "feature"), [
    ("Officials at the Ohio Department of Health gave no figures.",
     "Ohio Department of Health", "Ohio", "admin1"),
    ("She studies nursing at the University of Kentucky this year.",
     "University of Kentucky", "Kentucky", "admin1"),
    ("Members of the Fairbanks City Council voted on Monday.",
     "Fairbanks City Council", "Fairbanks", "city"),
])
def test_places_inside_organisation_names(nlp: Language, text: str, org: str, place: str,
                                          feature: str) -> None:
    hits = _run_with(nlp, text, {org: "ORG"})
    assert place in hits and hits[place].feature == feature


def test_newspaper_titles_are_not_places(nlp: Language) -> None:
    text = "The mayor told the Denver Post that the plan was dead."
    assert "Denver" not in _run_with(nlp, text, {"Denver Post": "ORG"})


def test_roads_are_places_without_coordinates(nlp: Language) -> None:
    text = "The crash closed Clinton Street for three hours."
    hits = _run_with(nlp, text, {"Clinton Street": "FAC"})
    road = hits["Clinton Street"]
    assert road.feature == "street" and road.lat is None and "Clinton" not in hits


def test_rivers_are_not_the_town_in_their_name(nlp: Language) -> None:
    text = "Volunteers stacked sandbags along the Red River all night."
    hits = _run_with(nlp, text, {"Red River": "LOC"})
    assert "Red" not in hits and "Red River" not in hits


def test_county_sits_near_the_town_named_with_it(nlp: Language) -> None:
    text = "Deputies from Polk County searched a field outside Lakeland, Florida."
    hits = _run_with(nlp, text, {"Polk County": "GPE", "Lakeland": "GPE", "Florida": "GPE"})
    county = hits["Polk County"]
    assert county.feature == "admin2" and county.country == "USA"
    assert county.lat is not None and county.lon is not None
    assert abs(county.lat - 28.0) < 1.0 and abs(county.lon + 81.9) < 1.0


def test_qualifier_carries_over_to_later_mentions(nlp: Language) -> None:
    text = "Voters in Dublin, Ohio, approved the levy. Dublin will hire four teachers."
    doc = nlp(text)
    spans = [doc.char_span(m, m + len(name), label="GPE")
             for name in ("Dublin", "Ohio") for m in _starts(text, name)]
    doc.ents = [s for s in spans if s is not None]
    analysis = Analysis(doc=doc)
    places.run(analysis)
    dublins = [p for p in analysis.places if text[p.start:p.end] == "Dublin"]
    assert len(dublins) == 2 and all(p.country == "USA" for p in dublins)


def _starts(text: str, name: str) -> list[int]:
    out, i = [], text.find(name)
    while i >= 0:
        out.append(i)
        i = text.find(name, i + 1)
    return out


def test_one_name_one_place_per_story(nlp: Language) -> None:
    text = "Flooding hit Fairbanks on Monday. By Tuesday Fairbanks had reopened schools."
    doc = nlp(text)
    first = doc.char_span(text.index("Fairbanks"), text.index("Fairbanks") + 9, label="GPE")
    assert first is not None
    doc.ents = [first]
    analysis = Analysis(doc=doc)
    places.run(analysis)
    assert [text[p.start:p.end] for p in analysis.places] == ["Fairbanks", "Fairbanks"]


def test_bare_new_york_is_the_state() -> None:
    assert gazetteer().lookup("New York")[0].feature == "admin1"
    assert gazetteer().lookup("New York City")[0].feature == "city"


def test_county_named_in_a_road_or_court_is_the_county(nlp: Language) -> None:
    text = "Crews closed Benton County Road 12 after the storm, and the driver appeared " \
           "before the Greene County Common Pleas Court."
    hits = _run_with(nlp, text, {"Benton County Road": "FAC",
                                 "Greene County Common Pleas Court": "FAC"})
    for county in ("Benton County", "Greene County"):
        assert hits[county].feature == "admin2" and hits[county].lat is not None


_LOCAL_STORY = ("The city council in {0} approved $2 million for new sidewalks on Tuesday. "
                "The county sheriff said drivers heading to {1} should expect delays.")


@pytest.mark.parametrize(("town", "neighbour"), [("Lebanon", "Zionsville"), ("Dublin", "Carmel")])
def test_local_story_reads_a_foreign_name_as_the_american_town(
        nlp: Language, town: str, neighbour: str) -> None:
    text = _LOCAL_STORY.format(town, neighbour)
    hits = _run_with(nlp, text, {town: "GPE", neighbour: "GPE"})
    assert hits[town].country == "USA" and hits[town].feature == "city"


@pytest.mark.parametrize(("text", "labels", "town", "country"), [
    ("Aid convoys crossed from Syria into Lebanon on Monday, officials said.",
     {"Syria": "GPE", "Lebanon": "GPE"}, "Lebanon", "LBN"),
    ("Irish farmers marched in Dublin, and the county council approved $2 million in grants.",
     {"Irish": "NORP", "Dublin": "GPE"}, "Dublin", "IRL"),
])
def test_international_story_keeps_the_foreign_reading(
        nlp: Language, text: str, labels: dict[str, str], town: str, country: str) -> None:
    doc = nlp(text)
    doc.ents = [s for s in (doc.char_span(text.index(k), text.index(k) + len(k), label=v)
                            for k, v in labels.items()) if s is not None]
    analysis = Analysis(doc=doc)
    entities.run(analysis)
    places.run(analysis)
    hits = {text[p.start:p.end]: p for p in analysis.places}
    assert hits[town].country == country


def test_small_namesake_does_not_outweigh_a_country(nlp: Language) -> None:
    text = "The city council in Dayton approved $3 million; the sheriff's deputy was born " \
           "in Peru and moved to Springfield, Ohio."
    hits = _run_with(nlp, text, {"Dayton": "GPE", "Peru": "GPE", "Springfield": "GPE",
                                 "Ohio": "GPE"})
    assert hits["Peru"].country == "PER"


def _all_places(nlp: Language, text: str, labels: dict[str, str]) -> list[PlaceHit]:
    doc = nlp(text)
    doc.ents = [s for s in (doc.char_span(text.index(k), text.index(k) + len(k), label=v)
                            for k, v in labels.items()) if s is not None]
    analysis = Analysis(doc=doc)
    places.run(analysis)
    return analysis.places


def test_one_place_per_stretch_of_text(nlp: Language) -> None:
    text = "Protesters gathered outside Fairbanks City Hall on Monday."
    found = _all_places(nlp, text, {"Fairbanks City Hall": "FAC"})
    spans = [(p.start, p.end) for p in found]
    assert spans and len(spans) == len(set(spans))
    assert all(not (a[0] < b[1] and b[0] < a[1]) for a, b in itertools.pairwise(spans))


def test_county_follows_the_state_its_towns_ended_in(nlp: Language) -> None:
    text = ("The burn ban in Walker County ended on Friday after the fire chief of "
            "Huntsville, Texas, met the county judge.")
    hits = _run_with(nlp, text, {"Walker County": "GPE", "Huntsville": "GPE", "Texas": "GPE"})
    assert hits["Huntsville"].lat is not None and abs(hits["Huntsville"].lat - 30.7) < 0.5
    county = hits["Walker County"]
    assert county.lat is not None and county.lon is not None
    assert abs(county.lat - 30.7) < 1.5 and abs(county.lon + 95.5) < 1.5


def test_saints_days_and_churches_are_not_towns(nlp: Language) -> None:
    text = "Crowds lined the route of the St. Patrick's Day parade downtown."
    assert _all_places(nlp, text, {"St. Patrick's Day": "EVENT"}) == []


@pytest.mark.parametrize(("written", "name"), [("St. Paris", "Saint Paris"),
                                               ("Mt. Pleasant", "Mount Pleasant")])
def test_abbreviated_first_words(written: str, name: str) -> None:
    assert any(e.name == name for e in gazetteer().lookup(written))


def test_town_too_small_for_the_gazetteer_sits_in_its_state(nlp: Language) -> None:
    text = "The fair opened in Bethel, Vt., on a rainy Saturday."
    hit = _run_with(nlp, text, {"Bethel": "GPE", "Vt.": "GPE"})["Bethel"]
    assert hit.country == "USA" and hit.lat is not None and hit.lon is not None
    assert abs(hit.lat - 44.0) < 1.0 and abs(hit.lon + 72.7) < 1.0


def test_postal_code_qualifies_a_town(nlp: Language) -> None:
    text = "The plant in Springfield, OH, will close in June."
    hit = _run_with(nlp, text, {"Springfield": "GPE"})["Springfield"]
    assert hit.lat is not None and hit.lon is not None
    assert abs(hit.lat - 39.9) < 0.5 and abs(hit.lon + 83.8) < 0.5


def test_county_inside_an_organisation_name(nlp: Language) -> None:
    text = "The Madison County Health Department issued a warning about the water."
    hits = _run_with(nlp, text, {"Madison County Health Department": "ORG"})
    assert hits["Madison County"].feature == "admin2"


def test_dateline_in_capitals(nlp: Language) -> None:
    text = "NAIROBI: Rescue teams reached the flooded district on Tuesday."
    hit = _run_with(nlp, text, {})["NAIROBI"]
    assert hit.country == "KEN"


def test_metropolis_keeps_its_reading_next_to_a_namesakes_state(nlp: Language) -> None:
    text = ("Fans flew from Boston to watch the team in Albany, N.Y., then went on to "
            "Chicago for the final.")
    hits = _run_with(nlp, text, {"Boston": "GPE", "Albany": "GPE", "N.Y.": "GPE",
                                 "Chicago": "GPE"})
    assert hits["Boston"].lat is not None and abs(hits["Boston"].lat - 42.36) < 0.3


def test_institutions_named_for_buildings_are_not_places(nlp: Language) -> None:
    text = "The White House said the plan would be announced on Friday."
    assert "White House" not in _run_with(nlp, text, {"White House": "FAC"})


def test_surname_of_a_person_in_the_story_is_not_a_town(nlp: Language) -> None:
    text = "Mayor Ellen Fairbanks opened the fair. Fairbanks thanked the volunteers."
    second = text.rindex("Fairbanks")
    doc = nlp(text)
    person = doc.char_span(text.index("Ellen"), text.index("Ellen") + len("Ellen Fairbanks"),
                           label="PERSON")
    town = doc.char_span(second, second + len("Fairbanks"), label="GPE")
    assert person is not None and town is not None
    doc.ents = [person, town]
    analysis = Analysis(doc=doc)
    places.run(analysis)
    assert analysis.places == []


def test_unknown_village_sits_with_the_storys_towns(nlp: Language) -> None:
    text = ("Crews from Lakeland and Winter Haven, Florida, worked in Zorbeville after "
            "the storm; Zorbeville residents were told to stay home, Lakeland officials said.")
    labels = {"Lakeland": "GPE", "Winter Haven": "GPE", "Florida": "GPE", "Zorbeville": "GPE"}
    doc = nlp(text)
    spans = [doc.char_span(i, i + len(k), label=v) for k, v in labels.items()
             for i in _starts(text, k)]
    doc.ents = [s for s in spans if s is not None]
    analysis = Analysis(doc=doc)
    places.run(analysis)
    village = [p for p in analysis.places if text[p.start:p.end] == "Zorbeville"]
    assert village and all(p.country == "USA" and p.lat is not None for p in village)
    assert all(abs((p.lat or 0) - 28.0) < 1.0 for p in village)


def test_name_joined_to_a_place_is_a_place(nlp: Language) -> None:
    text = "Relief flights resumed to both Juba and Malakal on Sunday."
    hits = _run_with(nlp, text, {"Juba": "GPE", "Malakal": "ORG"})
    assert hits["Malakal"].country == "SSD"


@pytest.mark.parametrize(("written", "country"), [
    ("Nis", "SRB"), ("Lodz", "POL"), ("Sanaa", "YEM"), ("Winston Salem", "USA")])
def test_names_match_without_their_marks(written: str, country: str) -> None:
    assert any(e.country == country for e in gazetteer().lookup(written))


def test_town_without_its_diacritic_takes_the_storys_country(nlp: Language) -> None:
    text = "Marchers in Belgrade were joined by crowds in Kragujevac and Nis on Friday."
    hits = _run_with(nlp, text, {"Belgrade": "GPE", "Kragujevac": "GPE"},
                      {"Belgrade": "SRB"})
    assert hits["Nis"].country == "SRB"


def test_town_tagged_as_a_people_is_a_place_in_a_locative_frame(nlp: Language) -> None:
    text = "Sudan's army chief addressed officers in Omdurman after the Sudanese talks."
    hits = _run_with(nlp, text, {"Sudan": "GPE", "Omdurman": "NORP", "Sudanese": "NORP"},
                      {"Sudan": "SDN", "Sudanese": "SDN"})
    assert hits["Omdurman"].country == "SDN"
    assert "Sudanese" not in hits  # a demonym the entities stage coded stays a people


def test_town_tagged_as_an_organisation_next_to_a_crossing(nlp: Language) -> None:
    text = "Lorries queued at the Torkham crossing while Pakistan and Afghanistan talked."
    hits = _run_with(nlp, text, {"Torkham": "ORG", "Pakistan": "GPE", "Afghanistan": "GPE"},
                      {"Pakistan": "PAK", "Afghanistan": "AFG"})
    assert hits["Torkham"].country in ("PAK", "AFG")


def test_town_named_after_the_town_of(nlp: Language) -> None:
    text = "Gunmen raided a market in the town of Djibo in Burkina Faso."
    hits = _run_with(nlp, text, {"Djibo": "PERSON", "Burkina Faso": "GPE"},
                      {"Burkina Faso": "BFA"})
    assert hits["Djibo"].country == "BFA"


@pytest.mark.parametrize(("phrase", "country"), [
    ("Hunan province", "CHN"), ("Kherson region", "UKR"), ("Upper Nile state", "SSD")])
def test_division_with_its_type_word_is_a_division(nlp: Language, phrase: str,
                                                   country: str) -> None:
    text = f"Floods hit {phrase} overnight, officials said."
    hits = _run_with(nlp, text, {phrase: "GPE"})
    stem = phrase.rsplit(" ", 1)[0]
    assert stem in hits  # the lower-case type word is not part of the name
    assert hits[stem].feature == "admin1" and hits[stem].country == country


def test_university_state_is_not_a_division(nlp: Language) -> None:
    text = "Fans of Iowa State cheered in the rain."
    hits = _run_with(nlp, text, {"Iowa State": "ORG"})
    assert "Iowa State" not in hits


def test_acronyms_are_not_towns_of_that_spelling(nlp: Language) -> None:
    text = "The UN and NGO staff met in Geneva."
    hits = _run_with(nlp, text, {"UN": "ORG", "NGO": "ORG", "Geneva": "GPE"})
    assert "UN" not in hits and "NGO" not in hits and hits["Geneva"].country == "CHE"


def test_shop_is_not_a_foreign_village_spelled_with_marks(nlp: Language) -> None:
    text = "Shoppers lined up at Belk in Charlotte before dawn."
    hits = _run_with(nlp, text, {"Belk": "ORG", "Charlotte": "GPE"})
    assert "Belk" not in hits


def test_unlisted_conflict_towns_are_known() -> None:
    for name, country in (("Nasir", "SSD"), ("Torkham", "PAK"), ("Tal Afar", "IRQ")):
        assert gazetteer().lookup(name)[0].country == country


def test_big_city_misread_as_a_lone_person_is_a_place(nlp: Language) -> None:
    text = "The militia overran Goma in the spring and pushed towards Bukavu."
    hits = _run_with(nlp, text, {"Goma": "PERSON", "Bukavu": "PERSON"})
    assert hits["Goma"].country == "COD" and hits["Bukavu"].country == "COD"
    # A one-word person acting as the subject stays a person.
    hits = _run_with(nlp, "Bukavu said the talks had failed.", {"Bukavu": "PERSON"})
    assert "Bukavu" not in hits
    # Nor does the object of an ordinary verb: that is as often a surname.
    hits = _run_with(nlp, "The senator thanked Hamilton warmly.", {"Hamilton": "PERSON"})
    assert "Hamilton" not in hits


def test_divisions_and_disputed_features_are_known() -> None:
    assert gazetteer().lookup("Zambales")[0].country == "PHL"
    assert gazetteer().lookup("Scarborough Shoal")[0].country == "PHL"
