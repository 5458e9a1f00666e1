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

from tidings.document import Actor, Factuality
from tidings.stages import events
from tidings.stages.base import Analysis, ClaimHit, EntityHit, EventHit, PlaceHit, TimexHit
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
