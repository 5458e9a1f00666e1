"""Tests for the events stage: triggers, participants, nesting, red herrings.

Entities are given by hand (surface -> actor code) so that these tests check
the events stage alone, whatever the entities stage does with the same text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from tidings.document import Actor, Article, Document, Event, Factuality
from tidings.stages import events
from tidings.stages.base import (
    Analysis,
    ClaimHit,
    EntityHit,
    EventHit,
    PlaceHit,
    QuantityHit,
    TimexHit,
)
from tidings.stages.codebook import PLOVER_TYPES, LexiconError, load_lexicon


def analyse(nlp: Language, text: str, codes: dict[str, str]) -> Analysis:
    analysis = Analysis(doc=nlp(text), published=date(2024, 3, 1))
    for surface, code in codes.items():
        spans = [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(surface)}\b", text)]
        assert spans, surface
        analysis.entities.append(EntityHit(surface, "GPE", spans, Actor(code=code)))
    return analysis


def run(nlp: Language, text: str, codes: dict[str, str]) -> list[EventHit]:
    analysis = analyse(nlp, text, codes)
    events.run(analysis)
    return analysis.events


def one(found: list[EventHit], etype: str) -> EventHit:
    matching = [e for e in found if e.type == etype]
    assert len(matching) == 1, [(e.type, e.cameo) for e in found]
    return matching[0]


def countries(hits: list) -> set[str]:  # type: ignore[type-arg]
    return {h.code[:3] for h in hits}


# --- one sentence per type family --------------------------------------------------

FAMILIES = [
    (
        "Estonia and Latvia agreed to build a joint rail link.",
        {"Estonia": "EST", "Latvia": "LVA"},
        "AGREE",
    ),
    (
        "The Chilean minister met Norway's envoy in Oslo.",
        {"Chilean": "CHL", "Norway": "NOR"},
        "CONSULT",
    ),
    (
        "Ireland praised Portugal for its handling of the crisis.",
        {"Ireland": "IRL", "Portugal": "PRT"},
        "SUPPORT",
    ),
    (
        "Bolivia lifted the curfew in three provinces of Peru.",
        {"Bolivia": "BOL", "Peru": "PER"},
        "CONCEDE",
    ),
    (
        "Vietnam's exports of rice to Ghana doubled.",
        {"Vietnam": "VNM", "Ghana": "GHA"},
        "COOPERATE",
    ),
    ("Norway donated medical supplies to Yemen.", {"Norway": "NOR", "Yemen": "YEM"}, "AID"),
    (
        "Armenia withdrew its troops from the Georgian border.",
        {"Armenia": "ARM", "Georgian": "GEO"},
        "RETREAT",
    ),
    (
        "Mexico urged Cuba to free the detained fishermen.",
        {"Mexico": "MEX", "Cuba": "CUB"},
        "REQUEST",
    ),
    ("Algeria condemned Morocco for the raid.", {"Algeria": "DZA", "Morocco": "MAR"}, "ACCUSE"),
    (
        "Iceland rejected a Danish proposal on fishing quotas.",
        {"Iceland": "ISL", "Danish": "DNK"},
        "REJECT",
    ),
    (
        "Greece threatened Cyprus with further measures.",
        {"Greece": "GRC", "Cyprus": "CYP"},
        "THREATEN",
    ),
    (
        "Thousands of Kenyan students protested against the government.",
        {"Kenyan": "KEN"},
        "PROTEST",
    ),
    ("Sudan imposed sanctions on Chad.", {"Sudan": "SDN", "Chad": "TCD"}, "SANCTION"),
    (
        "Pakistan deployed troops along the Afghan border.",
        {"Pakistan": "PAK", "Afghan": "AFG"},
        "MOBILIZE",
    ),
    (
        "Belarusian police arrested two Polish journalists.",
        {"Belarusian": "BLR", "Polish": "POL"},
        "COERCE",
    ),
    (
        "Ethiopian jets bombed rebel positions in Eritrea.",
        {"Ethiopian": "ETH", "Eritrea": "ERI"},
        "ASSAULT",
    ),
]


@pytest.mark.parametrize(("text", "codes", "etype"), FAMILIES)
def test_each_type_family(nlp: Language, text: str, codes: dict[str, str], etype: str) -> None:
    event = one(run(nlp, text, codes), etype)
    assert event.cameo is not None and event.cameo.isdigit()
    assert event.actors or event.recipients
    assert 0.0 < event.confidence <= 1.0


def test_lexicon_covers_all_plover_types() -> None:
    lex = load_lexicon()
    covered = {p.type for entries in lex.predicates.values() for p in entries}
    assert covered >= set(PLOVER_TYPES)


def test_codebook_carries_goldstein_and_quad_class() -> None:
    code = load_lexicon().code("042")
    assert code is not None and code.quad_class == 1 and code.goldstein is not None
    assert code.plover_type == "CONSULT"


# --- participant patterns ----------------------------------------------------------


def test_raising_takes_actor_from_governing_predicate(nlp: Language) -> None:
    text = "Chilean President Ana Soto is expected to visit Norway in March."
    found = run(nlp, text, {"Chilean": "CHL", "Ana Soto": "CHLGOV", "Norway": "NOR"})
    event = one(found, "CONSULT")
    assert (event.mode, event.cameo) == ("visit", "042")
    assert [a.code for a in event.actors] == ["CHLGOV"]
    assert countries(event.recipients) == {"NOR"}


def test_passive_agent_is_actor(nlp: Language) -> None:
    found = run(nlp, "The village was attacked by Peruvian troops.", {"Peruvian": "PER"})
    event = one(found, "ASSAULT")
    assert [a.code for a in event.actors] == ["PERMIL"]


def test_prepositional_recipient(nlp: Language) -> None:
    event = one(
        run(
            nlp, "Canada imposed new sanctions on Venezuela.", {"Canada": "CAN", "Venezuela": "VEN"}
        ),
        "SANCTION",
    )
    assert countries(event.actors) == {"CAN"} and countries(event.recipients) == {"VEN"}


def test_possessive_actor_and_modifier_recipient(nlp: Language) -> None:
    found = run(
        nlp,
        "Japan's imports of Australian coal rose sharply.",
        {"Japan": "JPN", "Australian": "AUS"},
    )
    event = one(found, "COOPERATE")
    assert countries(event.actors) == {"JPN"} and countries(event.recipients) == {"AUS"}


def test_between_is_reciprocal(nlp: Language) -> None:
    found = run(
        nlp,
        "Talks between Egypt and Ethiopia resumed on Monday.",
        {"Egypt": "EGY", "Ethiopia": "ETH"},
    )
    event = one(found, "CONSULT")
    assert countries(event.actors) == countries(event.recipients) == {"EGY", "ETH"}


def test_compound_dyad_summit(nlp: Language) -> None:
    found = run(
        nlp, "Officials prepared the Kenya-Uganda summit.", {"Kenya": "KEN", "Uganda": "UGA"}
    )
    event = one(found, "CONSULT")
    assert countries(event.actors) == countries(event.recipients) == {"KEN", "UGA"}


def test_coordinated_subjects_sign_reciprocally(nlp: Language) -> None:
    found = run(
        nlp, "Poland and Lithuania signed a border treaty.", {"Poland": "POL", "Lithuania": "LTU"}
    )
    event = one(found, "SUPPORT")
    assert event.cameo == "057"
    assert countries(event.actors) == countries(event.recipients) == {"POL", "LTU"}


def test_title_gives_country_to_person_of_unknown_country(nlp: Language) -> None:
    found = run(
        nlp,
        "Austrian Chancellor Karl Berg praised Slovenia.",
        {"Austrian": "AUT", "Karl Berg": "---GOV", "Slovenia": "SVN"},
    )
    event = one(found, "SUPPORT")
    assert [a.code for a in event.actors] == ["AUTGOV"]


def test_unresolved_pronoun_reads_reporting_subject(nlp: Language) -> None:
    found = run(
        nlp,
        "Ghana said it had deported forty Togolese traders.",
        {"Ghana": "GHA", "Togolese": "TGO"},
    )
    event = one(found, "COERCE")
    assert event.mode == "deport"
    assert countries(event.actors) == {"GHA"} and countries(event.recipients) == {"TGO"}


def test_light_verb_lends_subject_to_event_noun(nlp: Language) -> None:
    found = run(nlp, "Brazil held talks with Chile.", {"Brazil": "BRA", "Chile": "CHL"})
    event = one(found, "CONSULT")
    assert countries(event.actors) == {"BRA"} and countries(event.recipients) == {"CHL"}


# --- nesting, commitments and refusals ---------------------------------------------


def test_threat_content_is_not_coded_separately(nlp: Language) -> None:
    found = run(
        nlp, "Spain threatened to expel Moroccan diplomats.", {"Spain": "ESP", "Moroccan": "MAR"}
    )
    assert [e.type for e in found] == ["THREATEN"]
    assert found[0].mode == "relations"
    assert countries(found[0].recipients) == {"MAR"}


def test_demand_recipient_is_subject_of_demanded_clause(nlp: Language) -> None:
    found = run(
        nlp,
        "Germany demanded that Turkey release the journalists.",
        {"Germany": "DEU", "Turkey": "TUR"},
    )
    event = one(found, "REQUEST")
    assert countries(event.actors) == {"DEU"} and countries(event.recipients) == {"TUR"}
    assert all(e.type != "RETREAT" for e in found)


def test_promised_aid_is_agree(nlp: Language) -> None:
    found = run(
        nlp,
        "Sweden will give Kenya a loan of twenty million dollars.",
        {"Sweden": "SWE", "Kenya": "KEN"},
    )
    event = one(found, "AGREE")
    assert countries(event.recipients) == {"KEN"}


def test_failed_agreement_is_rejection(nlp: Language) -> None:
    found = run(
        nlp, "Serbia and Albania failed to reach an agreement.", {"Serbia": "SRB", "Albania": "ALB"}
    )
    assert [e.type for e in found] == ["REJECT"]


def test_event_without_participants_is_dropped(nlp: Language) -> None:
    assert run(nlp, "An attack happened somewhere.", {}) == []


# --- red herrings ------------------------------------------------------------------

HERRINGS = [
    (
        "Brazil and Argentina clashed in the cup final on Sunday.",
        {"Brazil": "BRA", "Argentina": "ARG"},
    ),
    ("Real Madrid beat Barcelona in the league.", {"Barcelona": "ESP"}),
    (
        "Italy and France are locked in a war of words over migration.",
        {"Italy": "ITA", "France": "FRA"},
    ),
    ("In the novel, Russian troops invade Finland.", {"Russian": "RUS", "Finland": "FIN"}),
    (
        "The film shows Chinese soldiers attacking a Japanese village.",
        {"Chinese": "CHN", "Japanese": "JPN"},
    ),
    ("Egypt fought a long battle with inflation.", {"Egypt": "EGY"}),
    ("Ukraine struck a deal with Moldova on electricity.", {"Ukraine": "UKR", "Moldova": "MDA"}),
]


@pytest.mark.parametrize(("text", "codes"), HERRINGS)
def test_red_herrings_give_no_violence(nlp: Language, text: str, codes: dict[str, str]) -> None:
    found = run(nlp, text, codes)
    assert all(e.type not in ("ASSAULT", "COERCE", "MOBILIZE") for e in found)


def test_struck_deal_is_agreement(nlp: Language) -> None:
    found = run(
        nlp,
        "Ukraine struck a deal with Moldova on electricity.",
        {"Ukraine": "UKR", "Moldova": "MDA"},
    )
    assert "AGREE" in {e.type for e in found}


# --- claims, time and place ---------------------------------------------------------


def test_existing_claim_is_reused_and_missing_one_is_added(nlp: Language) -> None:
    text = "Qatar criticised Bahrain. Oman condemned Yemen."
    analysis = analyse(nlp, text, {"Qatar": "QAT", "Bahrain": "BHR", "Oman": "OMN", "Yemen": "YEM"})
    trigger = next(t for t in analysis.doc if t.text == "criticised")
    claim = ClaimHit(
        trigger.idx, trigger.idx + len(trigger.text), trigger.i, Factuality("occurred")
    )
    analysis.claims.append(claim)
    events.run(analysis)
    assert len(analysis.events) == 2
    assert analysis.events[0].claim is claim
    added = analysis.events[1].claim
    assert added in analysis.claims and text[added.start : added.end] == "condemned"


def test_time_and_location_from_the_trigger_clause(nlp: Language) -> None:
    text = "Finland hosted Estonian officials in Turku in May. Sweden praised Denmark."
    analysis = analyse(
        nlp, text, {"Finland": "FIN", "Estonian": "EST", "Sweden": "SWE", "Denmark": "DNK"}
    )
    may, turku = text.index("May"), text.index("Turku")
    analysis.timexes.append(TimexHit(may, may + 3, "DATE", "2024-05", "month"))
    analysis.places.append(PlaceHit(turku, turku + 5, "Turku", "FIN", 633679, 60.45, 22.27, "city"))
    events.run(analysis)
    hosted = one(analysis.events, "CONSULT")
    assert countries(hosted.actors) == {"EST"} and countries(hosted.recipients) == {"FIN"}
    assert hosted.time is not None and hosted.time.value == "2024-05"
    assert hosted.location is not None and hosted.location.precision == "city"
    praised = one(analysis.events, "SUPPORT")
    assert praised.time is None and praised.location is None


# --- user extensions ----------------------------------------------------------------


def test_user_lexicon_adds_predicate_and_type(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "types:\n  CYBER: {cameo: '172', contexts: [cyber]}\n"
        "predicates:\n"
        "  - {lemma: snub, pos: [VERB], type: REJECT, cameo: '120'}\n"
        "  - {lemma: hack, pos: [VERB], type: CYBER}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("TIDINGS_EVENTS_LEXICON", str(extra))
    codes = {"Malta": "MLT", "Tunisia": "TUN", "Libya": "LBY"}
    found = run(nlp, "Malta snubbed Tunisia. Libya hacked Malta.", codes)
    assert {e.type for e in found} == {"REJECT", "CYBER"}
    cyber = one(found, "CYBER")
    assert cyber.cameo == "172" and "cyber" in cyber.contexts


def test_user_lexicon_with_unknown_type_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("predicates:\n  - {lemma: snub, type: SNUB}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="SNUB"):
        load_lexicon((str(bad),))


def test_group_mention_expands_to_its_members(nlp: Language) -> None:
    text = "Peru and Chile met in Lima. Both sides signed a fisheries agreement."
    analysis = analyse(nlp, text, {"Peru": "PER", "Chile": "CHL"})
    start = text.index("Both sides")
    group = EntityHit("both sides", "GROUP", [(start, start + len("Both sides"))], None,
                      members=list(analysis.entities))
    analysis.entities.append(group)
    events.run(analysis)
    signed = [e for e in analysis.events if e.claim.start > start]
    assert signed, [(e.type, e.claim.start) for e in analysis.events]
    assert countries(signed[0].actors) == {"PER", "CHL"}
    end = start + len("Both sides")
    assert all(start <= p.start and p.end <= end for p in signed[0].actors)


# --- participants from context, nested times, exchanges (second wave) -------


def test_unknown_country_person_takes_the_country_named_nearby(nlp: Language) -> None:
    text = "In Slovakia, President Ivo Marek accused the opposition of fraud."
    found = run(nlp, text, {"President Ivo Marek": "---GOV", "Slovakia": "SVK"})
    assert [a.code for a in one(found, "ACCUSE").actors] == ["SVKGOV"]


def test_threat_is_aimed_at_whoever_must_meet_its_condition(nlp: Language) -> None:
    text = "Ruritania threatened to cut gas deliveries unless Freedonia paid its debts."
    found = run(nlp, text, {"Ruritania": "RUR", "Freedonia": "FRE"})
    threat = one(found, "THREATEN")
    assert [r.code for r in threat.recipients] == ["FRE"]


def test_mobilisation_recipient_from_the_war_it_is_for(nlp: Language) -> None:
    text = "Spain mobilized army reservists for a war against Morocco."
    found = run(nlp, text, {"Spain": "ESP", "Morocco": "MAR"})
    assert [r.code for r in one(found, "MOBILIZE").recipients] == ["MAR"]


def test_protest_target_from_a_grievance_noun(nlp: Language) -> None:
    text = "Chile staged a rally in Santiago in defiance of Peru on Sunday."
    found = run(nlp, text, {"Chile": "CHL", "Peru": "PER"})
    assert [r.code for r in one(found, "PROTEST").recipients] == ["PER"]


def test_sanction_without_target_hits_the_country_before_it(nlp: Language) -> None:
    text = "Farmers in Brazil have lost income because of Chinese tariffs."
    found = run(nlp, text, {"Brazil": "BRA", "Chinese": "CHN"})
    sanction = one(found, "SANCTION")
    assert [a.code for a in sanction.actors] == ["CHN"]
    assert [r.code for r in sanction.recipients] == ["BRA"]


def test_sale_and_interest_are_two_sides_of_one_exchange(nlp: Language) -> None:
    text = "France's sale of frigates is discussed, while Greece is interested in submarines."
    found = run(nlp, text, {"France": "FRA", "Greece": "GRC"})
    sale = next(e for e in found if e.type in ("AID", "COOPERATE"))
    wish = one(found, "REQUEST")
    assert [r.code for r in sale.recipients] == ["GRC"]
    assert [r.code for r in wish.recipients] == ["FRA"]


def test_event_noun_takes_the_time_of_the_event_it_is_for(nlp: Language) -> None:
    text = "The Kenyan president will travel to Uganda on June 3 for a summit with Tanzania."
    analysis = analyse(nlp, text, {"Kenyan": "KEN", "Uganda": "UGA", "Tanzania": "TZA"})
    start = text.index("June 3")
    timex = TimexHit(start, start + 6, "DATE", "2024-06-03", "day")
    analysis.timexes.append(timex)
    events.run(analysis)
    summit = next(e for e in analysis.events if e.claim.start == text.index("summit"))
    assert summit.time is timex


def test_phase_noun_lends_its_time_to_the_event(nlp: Language) -> None:
    text = "Prices rose after the outbreak of the war between Armenia and Azerbaijan in March 2020."
    analysis = analyse(nlp, text, {"Armenia": "ARM", "Azerbaijan": "AZE"})
    start = text.index("March 2020")
    timex = TimexHit(start, start + 10, "DATE", "2020-03", "month")
    analysis.timexes.append(timex)
    events.run(analysis)
    assert one(analysis.events, "ASSAULT").time is timex


def test_conjoined_nationalities_are_both_actors(nlp: Language) -> None:
    text = "Polish and Czech ministers agreed to cooperate on energy."
    analysis = analyse(nlp, text, {"Polish": "POL", "Czech": "CZE"})
    analysis.entities.insert(0, EntityHit("Polish and Czech ministers", "ORG",
                                          [(0, text.index(" agreed"))], Actor(code="POLGOV")))
    events.run(analysis)
    agree = one(analysis.events, "AGREE")
    assert {a.code[:3] for a in agree.actors} == {"POL", "CZE"}


def _with_place(analysis: Analysis, name: str, country: str) -> Analysis:
    at = analysis.text.index(name)
    analysis.places.append(PlaceHit(at, at + len(name), name, country, None, None, None, "city"))
    return analysis


def test_attack_on_a_place_is_aimed_at_its_country(nlp: Language) -> None:
    text = "Turkish drones struck depots in Kirkuk on Monday."
    analysis = _with_place(analyse(nlp, text, {"Turkish": "TUR"}), "Kirkuk", "IRQ")
    events.run(analysis)
    strike = one(analysis.events, "ASSAULT")
    assert countries(strike.actors) == {"TUR"} and countries(strike.recipients) == {"IRQ"}


def test_place_in_the_subject_is_not_the_target(nlp: Language) -> None:
    text = "Iraqi soldiers based in Mosul shelled the hills."
    analysis = _with_place(analyse(nlp, text, {"Iraqi": "IRQ"}), "Mosul", "IRQ")
    events.run(analysis)
    shelling = one(analysis.events, "ASSAULT")
    assert countries(shelling.actors) == {"IRQ"} and not shelling.recipients


def test_purpose_clause_is_addressed_to_the_summoned_envoy(nlp: Language) -> None:
    text = "The Danish minister summoned Peru's envoy to complain about the raid."
    complaint = one(run(nlp, text, {"Danish": "DNK", "Peru": "PER"}), "ACCUSE")
    assert countries(complaint.actors) == {"DNK"} and countries(complaint.recipients) == {"PER"}


def test_threatened_blows_reach_the_verbs_recipients(nlp: Language) -> None:
    text = "Libya threatened to deliver heavy blows to Chad and Niger."
    threat = one(run(nlp, text, {"Libya": "LBY", "Chad": "TCD", "Niger": "NER"}), "THREATEN")
    assert countries(threat.recipients) == {"TCD", "NER"}


def test_apposition_gives_a_person_their_country(nlp: Language) -> None:
    text = "Mara Lind, Estonia's best known dissident, began a hunger strike on Friday."
    found = run(nlp, text, {"Mara Lind": "UNK", "Estonia": "EST"})
    assert countries(one(found, "PROTEST").actors) == {"EST"}


def test_crowd_takes_the_country_of_where_it_acts(nlp: Language) -> None:
    text = "Thousands of farmers blocked highways in Nakuru to demand cheaper fertiliser."
    analysis = _with_place(analyse(nlp, text, {}), "Nakuru", "KEN")
    events.run(analysis)
    protest = one(analysis.events, "PROTEST")
    assert [a.code for a in protest.actors] == ["KENCVL"]


def test_crowd_without_any_country_is_not_coded(nlp: Language) -> None:
    analysis = analyse(nlp, "Hundreds of students marched through the rain.", {})
    events.run(analysis)
    assert not analysis.events


def test_pronoun_inside_its_own_antecedent_phrase_terminates(nlp: Language) -> None:
    # Regression: "Some of them ..." sent the pronoun search from "them" to the
    # subject "Some" and back to "them" without end (RecursionError).
    from tidings.stages.codebook import load_lexicon
    from tidings.stages.participants import code_phrase

    text = "Some of them said they had been detained by police for days."
    analysis = analyse(nlp, text, {})
    subject = next(t for t in analysis.doc if t.dep_ == "nsubj")
    assert code_phrase(analysis, subject, load_lexicon()) == []
    events.run(analysis)  # and the whole stage finishes


def test_recipients_guessed_from_context_weigh_less(nlp: Language) -> None:
    guessed = one(run(nlp, "Farmers in Chile have struggled since Peruvian tariffs took effect.",
                      {"Chile": "CHL", "Peruvian": "PER"}), "SANCTION")
    stated = one(run(nlp, "Peru imposed tariffs on Chile.", {"Chile": "CHL", "Peru": "PER"}),
                 "SANCTION")
    assert countries(guessed.recipients) == countries(stated.recipients) == {"CHL"}
    assert guessed.confidence < stated.confidence


def test_sale_paired_with_a_wish_in_the_same_sentence_is_less_certain(nlp: Language) -> None:
    text = "Chile is pushing the sale of its jets, while Peru is interested in its radars."
    found = run(nlp, text, {"Chile": "CHL", "Peru": "PER"})
    sale = one(found, "AID")
    assert countries(sale.recipients) == {"PER"}
    assert sale.confidence < 0.4


# --- where an event happened, and why there is no place -----------------------------


def _places(analysis: Analysis, *named: tuple[str, str, str]) -> Analysis:
    """Add resolved toponyms (surface, country, feature), first occurrence each."""
    for name, country, feature in named:
        at = analysis.text.index(name)
        analysis.places.append(PlaceHit(at, at + len(name), name.title(), country, None,
                                        None, None, feature))
    return analysis


def _located(text: str, codes: dict[str, str], etype: str, nlp: Language,
             *named: tuple[str, str, str]) -> EventHit:
    analysis = _places(analyse(nlp, text, codes), *named)
    events.run(analysis)
    return one(analysis.events, etype)


def test_place_of_the_events_own_phrase(nlp: Language) -> None:
    strike = _located("Turkish drones struck depots in Kirkuk on Monday.", {"Turkish": "TUR"},
                      "ASSAULT", nlp, ("Kirkuk", "IRQ", "city"))
    assert strike.location is not None and strike.location.place is not None
    assert strike.location.place.name == "Kirkuk" and strike.location.precision == "city"
    assert strike.location_reason == events.FROM_PHRASE


def test_a_country_in_the_events_phrase_is_located_at_country_precision(nlp: Language) -> None:
    raid = _located("Malian soldiers raided a camp in northern Niger.", {"Malian": "MLI"},
                    "COERCE", nlp, ("Niger", "NER", "country"))
    assert raid.location is not None and raid.location.precision == "country"


def test_a_visit_happens_at_its_destination(nlp: Language) -> None:
    text = "The Kenyan president will travel to Kampala on June 3 for talks with Uganda."
    analysis = _places(analyse(nlp, text, {"Kenyan": "KEN", "Uganda": "UGA"}),
                       ("Kampala", "UGA", "city"))
    events.run(analysis)
    trip = next(e for e in analysis.events if e.mode == "visit")
    talks = next(e for e in analysis.events if e is not trip)
    assert trip.location is not None and trip.location_reason == events.FROM_PHRASE
    assert talks.location is trip.location and talks.location_reason == events.FROM_OUTER


def test_places_that_are_the_participants_are_no_location(nlp: Language) -> None:
    text = "Lisbon criticised Madrid over the fishing quotas."
    accuse = _located(text, {"Lisbon": "PRTGOV", "Madrid": "ESPGOV"}, "ACCUSE", nlp,
                      ("Lisbon", "PRT", "city"), ("Madrid", "ESP", "city"))
    assert accuse.location is None and accuse.location_reason == events.PLACE_IS_PARTICIPANT


def test_a_country_named_in_passing_is_not_a_centroid_guess(nlp: Language) -> None:
    text = "Peru praised Ecuador on Monday, while Chile stayed silent."
    praise = _located(text, {"Peru": "PER", "Ecuador": "ECU"}, "SUPPORT", nlp,
                      ("Chile", "CHL", "country"))
    assert praise.location is None and praise.location_reason == events.ONLY_COUNTRY


def test_no_place_at_all(nlp: Language) -> None:
    praise = _located("Sweden praised Denmark.", {"Sweden": "SWE", "Denmark": "DNK"},
                      "SUPPORT", nlp)
    assert praise.location is None and praise.location_reason == events.NO_PLACE


def test_two_destinations_are_ambiguous(nlp: Language) -> None:
    text = "The Kenyan minister will visit Kampala and Kigali next month."
    trip = _located(text, {"Kenyan": "KEN"}, "CONSULT", nlp,
                    ("Kampala", "UGA", "city"), ("Kigali", "RWA", "city"))
    assert trip.location is None and trip.location_reason == events.AMBIGUOUS


def test_a_city_and_its_country_are_one_place(nlp: Language) -> None:
    text = "Swiss doctors delivered medicine to the Red Crescent in Bam, Iran."
    aid = _located(text, {"Swiss": "CHE", "Red Crescent": "IRC"}, "AID", nlp,
                   ("Bam", "IRN", "city"), ("Iran", "IRN", "country"))
    assert aid.location is not None and aid.location.precision == "city"


def test_place_in_a_relative_clause_of_the_event(nlp: Language) -> None:
    text = "Ghana deported forty Togolese traders who had camped in Kumasi."
    deport = _located(text, {"Ghana": "GHA", "Togolese": "TGO"}, "COERCE", nlp,
                      ("Kumasi", "GHA", "city"))
    assert deport.location is not None and deport.location_reason == events.FROM_SENTENCE


def test_place_of_the_report_is_not_where_the_event_was(nlp: Language) -> None:
    text = "Chile praised Peru, officials said in Lima."
    praise = _located(text, {"Chile": "CHL", "Peru": "PER"}, "SUPPORT", nlp,
                      ("Lima", "PER", "city"))
    assert praise.location is None and praise.location_reason == events.OTHER_CLAUSE


def test_place_of_a_complement_is_not_where_the_event_was(nlp: Language) -> None:
    text = "Slovenia threatened to ban rallies in Koper if Croatia refused."
    threat = _located(text, {"Slovenia": "SVN", "Croatia": "HRV"}, "THREATEN", nlp,
                      ("Koper", "SVN", "city"))
    assert threat.location is None and threat.location_reason == events.OTHER_CLAUSE


@pytest.mark.parametrize(
    ("text", "city", "country", "codes", "etype"),
    [
        ("NAIROBI, Kenya \u2014 Kenyan police arrested twelve students on Tuesday.",
         "NAIROBI", "KEN", {"Kenyan police": "KENCOP"}, "COERCE"),
        ("MOSCOW (Reuters) - Russia expelled two Estonian diplomats on Friday.",
         "MOSCOW", "RUS", {"Russia": "RUS", "Estonian": "EST"}, "SANCTION"),
    ],
)
def test_dateline_locates_events_with_no_place_of_their_own(
    nlp: Language, text: str, city: str, country: str, codes: dict[str, str], etype: str
) -> None:
    analysis = _places(analyse(nlp, text, {city: country, **codes}), (city, country, "city"))
    events.run(analysis)
    event = one(analysis.events, etype)
    assert event.location is not None and event.location.precision == "city"
    assert event.location_reason == events.FROM_DATELINE
    # The dateline's words are no participant.
    assert all(p.start > len(city) for p in event.actors + event.recipients)


def test_dateline_does_not_locate_a_clash_between_foreigners(nlp: Language) -> None:
    text = "NAIROBI, Kenya - Ethiopian troops shelled Eritrean positions on Monday."
    analysis = _places(analyse(nlp, text, {"Ethiopian": "ETH", "Eritrean": "ERI"}),
                       ("NAIROBI", "KEN", "city"), ("Kenya", "KEN", "country"))
    events.run(analysis)
    shelling = one(analysis.events, "ASSAULT")
    assert shelling.location is None and shelling.location_reason == events.NO_PLACE


def test_capitals_before_a_dash_without_a_place_are_no_dateline(nlp: Language) -> None:
    text = "NATO - Norway and Denmark agreed to share radar data."
    analysis = analyse(nlp, text, {"NATO": "NAT", "Norway": "NOR", "Denmark": "DNK"})
    assert events.find_dateline(analysis).end == 0


def test_location_reason_is_written_only_when_known() -> None:
    plain = Event("V1", "C1", "AGREE", None, [], "030", [], [], None, None, 0.5)
    assert "location_reason" not in _event_json(plain)
    plain.location_reason = events.NO_PLACE
    assert _event_json(plain)["location_reason"] == "no_place_in_sentence"


def _event_json(event: Event) -> dict[str, object]:
    doc = Document(id="d", article=Article(), events=[event])
    found: dict[str, object] = doc.to_dict()["events"][0]
    return found


def test_every_location_reason_is_documented() -> None:
    readme = Path(__file__).resolve().parents[2] / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert all(f"| `{reason}` |" in text for reason in events.LOCATION_REASONS)


# --- crowds named by an agentive noun, doers that cannot be coded --------------------


def test_protesters_named_as_a_crowd_are_localised(nlp: Language) -> None:
    text = "Riot police fired tear gas at hundreds of demonstrators who marched through Harare."
    analysis = _places(analyse(nlp, text, {}), ("Harare", "ZWE", "city"))
    events.run(analysis)
    protest = one(analysis.events, "PROTEST")
    assert [a.code for a in protest.actors] == ["ZWECVL"]
    assert protest.location is not None and protest.location.place is not None
    assert protest.location.place.name == "Harare"


def test_uncoded_attackers_still_hit_the_country_of_the_place(nlp: Language) -> None:
    text = "Unidentified gunmen attacked a police post near the town of Menaka in eastern Mali."
    analysis = _places(analyse(nlp, text, {"Mali": "MLI"}), ("Mali", "MLI", "country"))
    events.run(analysis)
    attack = one(analysis.events, "ASSAULT")
    assert countries(attack.recipients) == {"MLI"}
    assert attack.location is not None and attack.location.precision == "country"


def test_an_attack_with_no_doer_and_no_target_is_not_coded(nlp: Language) -> None:
    analysis = _places(analyse(nlp, "The assault on the hill in Mali began at dawn.", {}),
                       ("Mali", "MLI", "country"))
    events.run(analysis)
    assert not analysis.events


# --- a sanction's target from its sentence: only where the sentence says whom it hits --

CONTEXT_TARGETS = [
    ("Steel makers in Vietnam were hit hard by American tariffs.",
     {"Vietnam": "VNM", "American": "USA"}, "VNM"),
    ("Iran's oil revenue has held up despite Western sanctions.",
     {"Iran": "IRN", "Western": "WST"}, "IRN"),
    ("Exporters in Kenya face losses under the new European tariffs.",
     {"Kenya": "KEN", "European": "EUR"}, "KEN"),
    ("Cuba's economy has suffered for decades from the American embargo.",
     {"Cuba": "CUB", "American": "USA"}, "CUB"),
    ("Wine exports from Chile fell sharply after Peruvian tariffs took effect.",
     {"Chile": "CHL", "Peruvian": "PER"}, "CHL"),
    ("Shipyards in Norway that were hurt by Canadian tariffs cut jobs.",
     {"Norway": "NOR", "Canadian": "CAN"}, "NOR"),
]


@pytest.mark.parametrize(("text", "codes", "target"), CONTEXT_TARGETS)
def test_sanction_hits_the_country_its_clause_is_about(
    nlp: Language, text: str, codes: dict[str, str], target: str
) -> None:
    sanction = one(run(nlp, text, codes), "SANCTION")
    assert countries(sanction.recipients) == {target}


NO_CONTEXT_TARGET = [
    ("Japan welcomed the new European sanctions.", {"Japan": "JPN", "European": "EUR"}),
    ("Ukraine urged the Swedish government to impose more sanctions.",
     {"Ukraine": "UKR", "Swedish": "SWE"}),
    ("Germany said American tariffs would hurt everyone.", {"Germany": "DEU", "American": "USA"}),
    ("Poland backed the proposed Danish sanctions.", {"Poland": "POL", "Danish": "DNK"}),
    ("Mexico joined Peru in condemning the Chilean tariffs.",
     {"Mexico": "MEX", "Peru": "PER", "Chilean": "CHL"}),
    ("Brazil and Chile discussed the Argentine embargo, and Bolivia left.",
     {"Brazil": "BRA", "Chile": "CHL", "Argentine": "ARG", "Bolivia": "BOL"}),
]


@pytest.mark.parametrize(("text", "codes"), NO_CONTEXT_TARGET)
def test_sanction_commented_on_has_no_guessed_target(
    nlp: Language, text: str, codes: dict[str, str]
) -> None:
    for sanction in (e for e in run(nlp, text, codes) if e.type == "SANCTION"):
        assert not sanction.recipients, text


# --- a sale paired with a wish: only for the same goods ----------------------------------

EXCHANGES = [
    ("Sweden is pushing the sale of its fighter jets, while Colombia is interested in "
     "combat aircraft.", {"Sweden": "SWE", "Colombia": "COL"}),
    ("Spain is pushing the sale of its frigates, while Morocco is interested in submarines.",
     {"Spain": "ESP", "Morocco": "MAR"}),
    ("Canada wants to expand the sale of wheat, and Egypt is interested in more grain.",
     {"Canada": "CAN", "Egypt": "EGY"}),
    ("Qatar is pushing the sale of liquefied gas, while Japan is interested in gas.",
     {"Qatar": "QAT", "Japan": "JPN"}),
    ("Norway is pushing the sale of crude oil, and Vietnam is interested in buying coal.",
     {"Norway": "NOR", "Vietnam": "VNM"}),
    ("Israel is pushing the sale of its drones, while Greece is interested in a coastal "
     "missile battery.", {"Israel": "ISR", "Greece": "GRC"}),
]


@pytest.mark.parametrize(("text", "codes"), EXCHANGES)
def test_sale_and_wish_for_like_goods_pair_up(
    nlp: Language, text: str, codes: dict[str, str]
) -> None:
    found = run(nlp, text, codes)
    seller, buyer = codes.values()
    sale = next(e for e in found if e.type in ("AID", "COOPERATE"))
    assert countries(sale.actors) == {seller} and countries(sale.recipients) == {buyer}
    assert countries(one(found, "REQUEST").recipients) == {seller}


NO_EXCHANGE = [
    ("Chile is pushing the sale of its jets, while Peru is interested in hosting the summit.",
     {"Chile": "CHL", "Peru": "PER"}),
    ("Canada is pushing the sale of wheat, while Egypt is interested in fighter jets.",
     {"Canada": "CAN", "Egypt": "EGY"}),
    ("France's sale of frigates is discussed, while Greece is interested in peace talks.",
     {"France": "FRA", "Greece": "GRC"}),
    ("Sweden is pushing the sale of its jets, while Norway is interested in improving its "
     "economy.", {"Sweden": "SWE", "Norway": "NOR"}),
    ("Qatar is promoting the sale of gas, while Japan is interested in rice.",
     {"Qatar": "QAT", "Japan": "JPN"}),
    ("Brazil is pushing the sale of beef to China, while Chile is interested in beef.",
     {"Brazil": "BRA", "China": "CHN", "Chile": "CHL"}),
]


@pytest.mark.parametrize(("text", "codes"), NO_EXCHANGE)
def test_sale_and_unrelated_wish_stay_apart(
    nlp: Language, text: str, codes: dict[str, str]
) -> None:
    found = run(nlp, text, codes)
    seller = next(iter(codes.values()))
    for wish in (e for e in found if e.type == "REQUEST"):
        assert seller not in countries(wish.recipients), text


# --- counts of the killed, injured, arrested and marching ---------------------------------


def _counts(text: str, codes: dict[str, str], nlp: Language, *numbers: str) -> Analysis:
    analysis = analyse(nlp, text, codes)
    for number in numbers:
        at = text.index(number)
        analysis.quantities.append(QuantityHit(at, at + len(number), "count", 1.0, None))
    events.run(analysis)
    return analysis


def _roles_of(event: EventHit, text: str) -> set[tuple[str, str]]:
    return {(role, text[q.start : q.end]) for role, q in event.counts}


def test_killed_and_wounded_counts_go_to_the_attack(nlp: Language) -> None:
    text = "Gunmen from Niger killed 12 villagers and wounded 30 others on Friday."
    analysis = _counts(text, {"Niger": "NER"}, nlp, "12", "30")
    attack = one(analysis.events, "ASSAULT")
    assert _roles_of(attack, text) == {("killed", "12"), ("injured", "30")}


def test_arrest_count_goes_to_the_arrest(nlp: Language) -> None:
    text = "Ugandan police arrested 45 students in Kampala."
    arrest = one(_counts(text, {"Ugandan police": "UGACOP"}, nlp, "45").events, "COERCE")
    assert _roles_of(arrest, text) == {("arrested", "45")}


def test_crowd_size_goes_to_the_protest(nlp: Language) -> None:
    text = "Thousands of Chilean students marched through Santiago on Monday."
    protest = one(_counts(text, {"Chilean": "CHL"}, nlp, "Thousands").events, "PROTEST")
    assert _roles_of(protest, text) == {("size", "Thousands")}


def test_a_count_of_no_victims_or_marchers_is_not_attached(nlp: Language) -> None:
    text = "Peru praised 40 Chilean students on Monday."
    analysis = _counts(text, {"Peru": "PER", "Chilean": "CHL"}, nlp, "40")
    assert all(not e.counts for e in analysis.events)


def test_event_noun_folded_into_its_verb_lends_its_target(nlp: Language) -> None:
    text = "Chilean students threw stones during demonstrations against the Peruvian embassy."
    protest = one(run(nlp, text, {"Chilean": "CHL", "Peruvian": "PER"}), "PROTEST")
    assert countries(protest.actors) == {"CHL"} and countries(protest.recipients) == {"PER"}


def test_uncoded_victims_take_the_country_where_they_were(nlp: Language) -> None:
    text = "Eight people were killed in Kenya on Monday."
    attack = one(run(nlp, text, {"Kenya": "KEN"}), "ASSAULT")
    assert [r.code for r in attack.recipients] == ["KENCVL"]


def test_uncoded_victims_do_not_take_their_attackers_country(nlp: Language) -> None:
    text = "Chadian militiamen killed forty people in a camp."
    attack = one(run(nlp, text, {"Chadian militiamen": "TCDMIL"}), "ASSAULT")
    assert countries(attack.actors) == {"TCD"} and "TCD" not in countries(attack.recipients)


def test_the_town_hit_is_where_the_attack_happened(nlp: Language) -> None:
    text = "Rebels seized Kidal on Sunday."
    analysis = _places(analyse(nlp, text, {"Rebels": "MLIREB", "Kidal": "MLI"}),
                       ("Kidal", "MLI", "city"))
    events.run(analysis)
    seizure = one(analysis.events, "COERCE")
    assert seizure.location is not None and seizure.location.place is not None
    assert seizure.location.place.name == "Kidal"
    assert seizure.location_reason == events.FROM_PHRASE


def test_a_nationality_inside_the_target_is_no_location(nlp: Language) -> None:
    text = "Militants attacked Kenyan forces on Sunday."
    analysis = _places(analyse(nlp, text, {"Militants": "SOMREB", "Kenyan forces": "KENMIL"}),
                       ("Kenyan", "KEN", "country"))
    events.run(analysis)
    assert one(analysis.events, "ASSAULT").location is None


def test_dateline_does_not_locate_fighting_elsewhere(nlp: Language) -> None:
    text = "BEIJING - Chinese volunteers fought alongside Russian troops, officials said."
    analysis = _places(analyse(nlp, text, {"Chinese": "CHN", "Russian troops": "RUSMIL"}),
                       ("BEIJING", "CHN", "city"))
    events.run(analysis)
    fighting = one(analysis.events, "ASSAULT")
    assert fighting.location is None


def test_user_counts_with_unknown_type_are_rejected(tmp_path: Path) -> None:
    extra = tmp_path / "counts.yaml"
    extra.write_text("counts:\n  evicted: {type: EVICT, words: [evict]}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="evicted"):
        load_lexicon((str(extra),))


# --- calling off meetings, praise, refusals, arrests, captures, disarmament -------


def test_a_postponed_summit_is_a_refusal_by_its_parties(nlp: Language) -> None:
    text = "A summit of the leaders of Peru and Chile has been postponed, officials said."
    refusal = one(run(nlp, text, {"Peru": "PER", "Chile": "CHL"}), "REJECT")
    assert refusal.mode == "meet" and refusal.cameo == "125"
    assert countries(refusal.actors) == {"PER", "CHL"}
    assert not [e for e in run(nlp, text, {"Peru": "PER", "Chile": "CHL"}) if e.type == "CONSULT"]


def test_a_cancelled_trip_keeps_its_destination(nlp: Language) -> None:
    text = "Norway cancelled a planned trip to Kenya."
    refusal = one(run(nlp, text, {"Norway": "NOR", "Kenya": "KEN"}), "REJECT")
    assert countries(refusal.actors) == {"NOR"} and countries(refusal.recipients) == {"KEN"}


def test_postponing_something_else_is_no_refusal_to_meet(nlp: Language) -> None:
    text = "Norway postponed the tax reform until next year."
    assert not [e for e in run(nlp, text, {"Norway": "NOR"}) if e.type == "REJECT"]


def test_congratulating_is_praise_and_ruling_out_a_refusal(nlp: Language) -> None:
    found = run(nlp, "Austria congratulated Slovenia on its election.",
                {"Austria": "AUT", "Slovenia": "SVN"})
    praise = one(found, "SUPPORT")
    assert countries(praise.actors) == {"AUT"} and countries(praise.recipients) == {"SVN"}
    refusal = one(run(nlp, "Latvia ruled out talks with Belarus.",
                      {"Latvia": "LVA", "Belarus": "BLR"}), "REJECT")
    assert countries(refusal.actors) == {"LVA"}
    assert not run(nlp, "Latvia ruled the country for a decade.", {"Latvia": "LVA"})


def test_placed_under_house_arrest_is_an_arrest_of_the_subject(nlp: Language) -> None:
    text = "Uganda's police placed the Kenyan activist under house arrest."
    arrest = one(run(nlp, text, {"Uganda": "UGA", "Kenyan": "KEN"}), "COERCE")
    assert arrest.mode == "arrest"
    assert countries(arrest.actors) == {"UGA"} and countries(arrest.recipients) == {"KEN"}


def test_capturing_a_town_is_an_assault_but_not_capturing_equipment(nlp: Language) -> None:
    found = run(nlp, "Malian rebels captured the town of Gao on Friday.", {"Malian": "MLI"})
    assert countries(one(found, "ASSAULT").actors) == {"MLI"}
    found = run(nlp, "Malian soldiers captured a helicopter on Friday.", {"Malian": "MLI"})
    assert not [e for e in found if e.type == "ASSAULT"]


def test_rebels_that_overran_a_garrison_assaulted_it(nlp: Language) -> None:
    text = "Yemen accused the Omani militia, which overran a border garrison in May."
    attack = one(run(nlp, text, {"Yemen": "YEM", "Omani militia": "OMNREB"}), "ASSAULT")
    assert countries(attack.actors) == {"OMN"}
    assert not run(nlp, "The Omani project overran its budget.", {"Omani": "OMN"})


def test_giving_up_weapons_is_disarming(nlp: Language) -> None:
    for text in ("Colombian guerrillas burned their weapons at a ceremony.",
                 "Colombian guerrillas laid down their arms in June."):
        retreat = one(run(nlp, text, {"Colombian guerrillas": "COLREB"}), "RETREAT")
        assert retreat.mode == "disarm"
    assert not run(nlp, "Colombian farmers burned their crops.", {"Colombian": "COL"})


def test_ordering_troops_somewhere_is_a_mobilisation(nlp: Language) -> None:
    text = "The Indian prime minister ordered more troops to the border."
    move = one(run(nlp, text, {"Indian": "IND"}), "MOBILIZE")
    assert countries(move.actors) == {"IND"}
    found = run(nlp, "The Indian prime minister ordered an inquiry.", {"Indian": "IND"})
    assert not [e for e in found if e.type == "MOBILIZE"]


# --- participants: coordinated reports, relative clauses, proposals, intentions -----


def test_a_verb_coordinated_with_a_reported_clause_is_the_speakers(nlp: Language) -> None:
    text = "A Ghanaian spokesman said Togolese troops had crossed the border and accused Lome."
    codes = {"Ghanaian spokesman": "GHAGOV", "Togolese troops": "TGOMIL", "Lome": "TGOGOV"}
    charge = one(run(nlp, text, codes), "ACCUSE")
    assert [a.code for a in charge.actors] == ["GHAGOV"]
    assert countries(charge.recipients) == {"TGO"}


def test_a_verb_sharing_the_reported_auxiliary_keeps_the_reported_subject(nlp: Language) -> None:
    text = "A Ghanaian spokesman said Togolese troops had crossed the border and attacked a post."
    attack = one(run(nlp, text, {"Ghanaian spokesman": "GHAGOV", "Togolese": "TGO"}), "ASSAULT")
    assert countries(attack.actors) == {"TGO"}


def test_a_relative_clause_and_a_package_of_sanctions_name_the_imposer(nlp: Language) -> None:
    text = ("Canada, which adopted its third package of sanctions against Iran in May, "
            "said more would follow.")
    sanction = one(run(nlp, text, {"Canada": "CAN", "Iran": "IRN"}), "SANCTION")
    assert countries(sanction.actors) == {"CAN"} and countries(sanction.recipients) == {"IRN"}


def test_a_rejected_proposal_is_aimed_at_who_put_it_forward(nlp: Language) -> None:
    text = "Mali rejected a plan for a truce put forward by Niger and Chad."
    refusal = one(run(nlp, text, {"Mali": "MLI", "Niger": "NER", "Chad": "TCD"}), "REJECT")
    assert countries(refusal.actors) == {"MLI"}
    assert countries(refusal.recipients) == {"NER", "TCD"}


def test_talks_to_buy_are_held_by_the_buyer(nlp: Language) -> None:
    text = "Peru is in talks to buy Korean tanks."
    purchase = one(run(nlp, text, {"Peru": "PER", "Korean": "KOR"}), "COOPERATE")
    assert countries(purchase.actors) == {"PER"} and countries(purchase.recipients) == {"KOR"}


def test_calling_an_accusation_groundless_does_not_make_one(nlp: Language) -> None:
    text = "Hungary rejected the claims of Romania, calling the accusation groundless."
    found = run(nlp, text, {"Hungary": "HUN", "Romania": "ROU"})
    assert not [e for e in found if e.type == "ACCUSE" and countries(e.actors) == {"HUN"}]


# --- red herrings: diplomatic protests and alleged deeds ----------------------------


def test_lodging_a_protest_is_a_complaint_not_a_street_protest(nlp: Language) -> None:
    text = "Egypt summoned Sudan's ambassador to lodge a protest."
    found = run(nlp, text, {"Egypt": "EGY", "Sudan": "SDN"})
    assert not [e for e in found if e.type == "PROTEST"]
    complaint = one(found, "ACCUSE")
    assert countries(complaint.actors) == {"EGY"} and countries(complaint.recipients) == {"SDN"}
    street = run(nlp, "Egyptian students held a protest outside the Sudanese embassy.",
                 {"Egyptian": "EGY", "Sudanese": "SDN"})
    assert one(street, "PROTEST").mode == "demo"


def test_a_deed_an_accusation_alleges_is_not_coded_as_done(nlp: Language) -> None:
    text = "Chile accused Bolivian firms of selling rifles to Peru."
    found = run(nlp, text, {"Chile": "CHL", "Bolivian": "BOL", "Peru": "PER"})
    assert not [e for e in found if e.type in ("AID", "COOPERATE")]
    assert countries(one(found, "ACCUSE").recipients) == {"BOL"}
    text = "Tunisia had intelligence showing Libya was supplying rockets to Niger."
    found = run(nlp, text, {"Tunisia": "TUN", "Libya": "LBY", "Niger": "NER"})
    assert not [e for e in found if e.type == "AID"]


def test_a_condemned_attack_is_still_an_attack(nlp: Language) -> None:
    text = "Chile condemned the attack by Bolivian rebels on Peru."
    found = run(nlp, text, {"Chile": "CHL", "Bolivian rebels": "BOLREB", "Peru": "PER"})
    assert one(found, "ACCUSE") and one(found, "ASSAULT")


# --- conditional threats ----------------------------------------------------------


def test_a_conditional_strike_reported_as_said_is_a_threat(nlp: Language) -> None:
    text = ("Iran would launch a military operation in Iraq if the militias do not withdraw, "
            "the Iranian minister said.")
    codes = {"Iran": "IRN", "Iraq": "IRQ", "Iranian minister": "IRNGOV"}
    analysis = _places(analyse(nlp, text, codes), ("Iraq", "IRQ", "country"))
    events.run(analysis)
    found = analysis.events
    threat = one(found, "THREATEN")
    assert threat.cameo == "138" and threat.mode == "violence"
    assert countries(threat.actors) == {"IRN"} and countries(threat.recipients) == {"IRQ"}
    assert countries(one(found, "ASSAULT").actors) == {"IRN"}


def test_an_implicit_condition_makes_a_threat_too(nlp: Language) -> None:
    text = "The Greek minister said Greece would respond with force to any further incursion."
    threat = one(run(nlp, text, {"Greek minister": "GRCGOV", "Greece": "GRC"}), "THREATEN")
    assert countries(threat.actors) == {"GRC"}


def test_an_unconditional_plan_or_a_past_strike_is_no_threat(nlp: Language) -> None:
    for text in ("The Iranian minister said Iran would launch a military operation in Iraq.",
                 "The Iranian minister said Iran launched a military operation in Iraq."):
        found = run(nlp, text, {"Iran": "IRN", "Iraq": "IRQ", "Iranian minister": "IRNGOV"})
        assert not [e for e in found if e.type == "THREATEN"], text
        assert one(found, "ASSAULT")


# --- triggers and types added for the second held-out batch ------------------------


def test_water_cannon_fired_at_a_vessel_is_violent_repression(nlp: Language) -> None:
    found = run(
        nlp,
        "A Ruritanian patrol boat fired a water cannon at a Freedonian fishing trawler.",
        {"Ruritanian": "RUR", "Freedonian": "FRE"},
    )
    event = one(found, "ASSAULT")
    assert event.cameo == "175"
    assert countries(event.actors) == {"RUR"}
    assert countries(event.recipients) == {"FRE"}


def test_suspended_talks_are_a_refusal_to_meet(nlp: Language) -> None:
    found = run(
        nlp, "Ruritania suspended negotiations with Freedonia in May.",
        {"Ruritania": "RUR", "Freedonia": "FRE"},
    )
    assert one(found, "REJECT").cameo == "125"
    assert not [e for e in found if e.type == "SANCTION"]


def test_suspended_aid_stays_a_sanction(nlp: Language) -> None:
    found = run(
        nlp, "Ruritania suspended its aid to Freedonia.", {"Ruritania": "RUR", "Freedonia": "FRE"}
    )
    assert one(found, "SANCTION").cameo == "160"


def test_sentence_is_a_legal_judgement_not_a_sanction(nlp: Language) -> None:
    found = run(
        nlp, "A court in Ruritania sentenced a Freedonian journalist to ten years in prison.",
        {"Ruritania": "RUR", "Freedonian": "FRE"},
    )
    assert one(found, "ACCUSE").cameo == "116"
    assert not [e for e in found if e.type == "SANCTION"]


def test_raising_an_issue_with_someone_is_consultation(nlp: Language) -> None:
    found = run(
        nlp, "Ruritania will raise the dispute with Freedonia at the summit.",
        {"Ruritania": "RUR", "Freedonia": "FRE"},
    )
    event = one(found, "CONSULT")
    assert countries(event.recipients) == {"FRE"}


def test_strikes_carried_out_are_attacks_but_held_strikes_are_not(nlp: Language) -> None:
    attack = run(
        nlp, "Ruritania has carried out strikes on villages in Freedonia.",
        {"Ruritania": "RUR", "Freedonia": "FRE"},
    )
    assert countries(one(attack, "ASSAULT").actors) == {"RUR"}
    labour = run(nlp, "Dock workers in Freedonia held a strike over pay.", {"Freedonia": "FRE"})
    assert not [e for e in labour if e.type == "ASSAULT"]


def test_unnamed_court_is_coded_with_the_country_named_beside_it(nlp: Language) -> None:
    # a real country: only those bear a location
    found = run(
        nlp, "In Peru, a special court sentenced the former minister to death on Monday.",
        {"Peru": "PER"},
    )
    assert {a.code for a in one(found, "ACCUSE").actors} == {"PERJUD"}


def _with_bodies(nlp: Language, text: str) -> Analysis:
    analysis = analyse(nlp, text, {"Ruritania": "RUR"})
    for name, kind, actor in (
        ("Blue Flag Front", "ORG", Actor(code="FREREB", country="FRE", sector="REB")),
        ("Relief Council", "ORG", Actor(code="RLC", country="RLC")),
    ):
        spans = [(m.start(), m.end()) for m in re.finditer(name, text)]
        analysis.entities.append(EntityHit(name, kind, spans, actor))
    return analysis


def test_the_group_takes_up_the_body_named_before_it(nlp: Language) -> None:
    text = (
        "The Blue Flag Front freed two hostages to the Relief Council on Monday. "
        "Ruritania accused the group of holding ten more."
    )
    analysis = _with_bodies(nlp, text)
    events.run(analysis)
    assert {r.code for r in one(analysis.events, "ACCUSE").recipients} == {"FREREB"}


def test_a_sector_word_narrows_what_the_noun_takes_up(nlp: Language) -> None:
    text = (
        "The Relief Council and the Blue Flag Front met on Monday. "
        "Ruritania accused the rebel group of holding hostages."
    )
    analysis = _with_bodies(nlp, text)
    events.run(analysis)
    assert {r.code for r in one(analysis.events, "ACCUSE").recipients} == {"FREREB"}


def test_the_mission_takes_up_an_international_body_not_a_country(nlp: Language) -> None:
    text = (
        "The Relief Council sent observers to the border. "
        "Ruritania accused the mission of bias."
    )
    analysis = _with_bodies(nlp, text)
    events.run(analysis)
    assert {r.code for r in one(analysis.events, "ACCUSE").recipients} == {"RLC"}


def test_released_money_is_aid_but_released_people_are_freed(nlp: Language) -> None:
    codes = {"Ruritania": "RUR", "Freedonia": "FRE"}
    money = run(nlp, "Ruritania released a second loan tranche to Freedonia on Monday.", codes)
    aid = one(money, "AID")
    assert countries(aid.actors) == {"RUR"} and countries(aid.recipients) == {"FRE"}
    assert not [e for e in money if e.type == "RETREAT"]
    people = run(nlp, "Ruritania released two sailors from Freedonia.", codes)
    assert one(people, "RETREAT").cameo == "0841"


def test_speech_act_after_a_clause_about_an_event_belongs_to_the_reporter(nlp: Language) -> None:
    found = run(
        nlp,
        "Ruritania said the ceasefire showed its goodwill and called on Freedonia to return "
        "to the talks.",
        {"Ruritania": "RUR", "Freedonia": "FRE"},
    )
    request = one(found, "REQUEST")
    assert countries(request.actors) == {"RUR"}
    assert countries(request.recipients) == {"FRE"}
