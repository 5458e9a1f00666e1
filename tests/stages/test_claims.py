"""Claims stage: triggers, factuality cues, attribution kinds and time links.

Every sentence here is invented for the tests.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from tidings.stages import claims
from tidings.stages.base import Analysis, ClaimHit, TimexHit
from tidings.stages.factuality import predicate_frame


def analyse(nlp: Language, text: str, timexes: list[TimexHit] | None = None) -> Analysis:
    analysis = Analysis(doc=nlp(text), published=date(2024, 3, 1))
    analysis.timexes = timexes or []
    claims.run(analysis)
    return analysis


def claim(analysis: Analysis, word: str, nth: int = 1) -> ClaimHit:
    found = [c for c in analysis.claims if analysis.text[c.start:c.end] == word]
    assert len(found) >= nth, f"no claim {word!r} in {analysis.text!r}"
    return found[nth - 1]


def timex(text: str, phrase: str) -> TimexHit:
    start = text.index(phrase)
    return TimexHit(start=start, end=start + len(phrase), type="DATE", value=None,
                    granularity=None)


# --- triggers ---------------------------------------------------------------

def test_verbs_and_event_nouns_are_triggers(nlp: Language) -> None:
    a = analyse(nlp, "The ministers held talks after the election and signed an agreement.")
    words = {a.text[c.start:c.end] for c in a.claims}
    assert {"held", "talks", "election", "signed", "agreement"} <= words
    assert "ministers" not in words


def test_nominalisation_suffix_and_stoplist(nlp: Language) -> None:
    a = analyse(nlp, "The deployment of troops worried the nation.")
    words = {a.text[c.start:c.end] for c in a.claims}
    assert "deployment" in words
    assert "nation" not in words


# --- factuality cues --------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("The governor opened the bridge last week.", "opened", "occurred"),
        ("The council is reviewing the budget.", "reviewing", "ongoing"),
        ("The council will review the budget.", "review", "expected"),
        ("The council might review the budget.", "review", "possible"),
        ("The council did not review the budget.", "review", "negated"),
        ("The council never reviewed the budget.", "reviewed", "negated"),
    ],
)
def test_modals_tense_and_negation(nlp: Language, text: str, word: str, status: str) -> None:
    assert claim(analyse(nlp, text), word).factuality.status == status


@pytest.mark.parametrize(
    ("text", "word", "status", "certainty"),
    [
        ("The mayor is expected to visit the harbour.", "visit", "expected", "probable"),
        ("The mayor plans to visit the harbour.", "visit", "expected", "certain"),
        ("The mayor hopes to visit the harbour.", "visit", "possible", "possible"),
        ("The mayor refused to visit the harbour.", "visit", "negated", "certain"),
        ("The mayor failed to visit the harbour.", "visit", "negated", "certain"),
        ("The mayor is not expected to visit the harbour.", "visit", "negated", "probable"),
    ],
)
def test_control_predicates(nlp: Language, text: str, word: str, status: str,
                            certainty: str) -> None:
    fact = claim(analyse(nlp, text), word).factuality
    assert (fact.status, fact.certainty) == (status, certainty)


def test_hedging_adverb(nlp: Language) -> None:
    fact = claim(analyse(nlp, "The rebels will probably attack the town."), "attack").factuality
    assert fact.certainty == "probable"
    assert fact.status == "expected"


def test_conditional_is_hypothetical(nlp: Language) -> None:
    """Both the condition and the clause it conditions hold only hypothetically."""
    a = analyse(nlp, "If the union strikes, the factory will close.")
    assert claim(a, "strikes").factuality.status == "hypothetical"
    assert claim(a, "close").factuality.status == "hypothetical"


@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        # the if-clause after the main clause, and 'unless' before it
        ("The union will strike if the talks fail.", "strike", "hypothetical"),
        ("The union will strike if the talks fail.", "fail", "hypothetical"),
        ("Unless the rain stops, the organisers would cancel the parade, the mayor said.",
         "cancel", "hypothetical"),
        ("Unless the rain stops, the organisers would cancel the parade, the mayor said.",
         "said", "occurred"),
        # the parenthetical reporting verb took the if-clause of what it reports
        ("If talks fail, the union said, workers will strike on Monday.", "strike",
         "hypothetical"),
        # a possibility stays a possibility under a condition
        ("The port could close if the storm worsens.", "close", "possible"),
        # implicit conditions
        ("The navy will respond to any further incursion.", "respond", "hypothetical"),
        ("In case of a flood, the city will evacuate the island.", "evacuate",
         "hypothetical"),
        # a concessive 'even if' conditions nothing
        ("Even if the bill passes, the governor will veto it.", "veto", "expected"),
        # a narrated past is not a consequence
        ("The inspectors checked if the plane had landed.", "checked", "occurred"),
        # an object of a quantified future without 'further' is no condition
        ("The navy will patrol the strait next week.", "patrol", "expected"),
        # an indefinite subject of a verb of consequence is a supposed event
        ("The envoy said a blockade of the port would trigger sanctions.", "trigger",
         "hypothetical"),
        ("The envoy said the blockade will end next week.", "end", "expected"),
        # a fronted 'without' phrase states the condition
        ("Without new funding, the clinic will close in March.", "close", "hypothetical"),
        ("The clinic will close in March without warning.", "close", "expected"),
        # an if-clause on an infinitive conditions it
        ("The rules allowed a licence to be revoked if the owner broke the law.", "revoked",
         "hypothetical"),
        # an estimate hedges the count, not the event
        ("Observers estimated that 200 people died in the floods.", "died", "occurred"),
        # a directive's object lies ahead
        ("The general ordered a withdrawal from the ridge.", "withdrawal", "expected"),
    ],
)
def test_conditions(nlp: Language, text: str, word: str, status: str) -> None:
    assert claim(analyse(nlp, text), word).factuality.status == status


def test_verb_in_if_clause_is_a_claim_even_when_tagged_as_noun(nlp: Language) -> None:
    a = analyse(nlp, "Analysts said the plan could stall if the smaller parties abstain.")
    assert claim(a, "abstain").factuality.status == "hypothetical"
    assert claim(a, "stall").factuality.status == "possible"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The minister left the summit without signing the accord.", "signing"),
        ("The envoy criticised the raid but stopped short of condemning it.", "condemning"),
        ("The mayor resigned instead of facing a vote of confidence.", "facing"),
        ("The team would not be able to attend the final.", "attend"),
        ("The union refrained from calling a strike.", "calling"),
        ("The rebels said they were unwilling to release the hostages.", "release"),
    ],
)
def test_negation_by_preposition_and_predicate(nlp: Language, text: str, word: str) -> None:
    assert claim(analyse(nlp, text), word).factuality.status == "negated"


def test_event_noun_stays_under_negating_preposition(nlp: Language) -> None:
    a = analyse(nlp, "The minister left the summit without attending the meeting.")
    assert claim(a, "attending").factuality.polarity == "negative"
    assert claim(a, "meeting").factuality.polarity == "positive"


@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("The rebels said they were ready to release the hostages.", "release", "expected"),
        ("The tax introduced in 2019 raised little money.", "introduced", "occurred"),
        ("The two firms aimed to double their sales within five years.", "double",
         "expected"),
        # announcing sanctions imposes them; announcing a merger plans one
        ("The government announced new sanctions on the regime.", "sanctions", "occurred"),
    ],
)
def test_non_finite_predicates(nlp: Language, text: str, word: str, status: str) -> None:
    assert claim(analyse(nlp, text), word).factuality.status == status


@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("Dozens may have drowned, and hundreds have lost their homes.", "drowned",
         "possible"),
        ("Dozens may have drowned, and hundreds have lost their homes.", "lost", "occurred"),
        ("The party said it would disband, and its leaders burned their flags at a rally.",
         "burned", "occurred"),
        ("The party said it would disband and hand over its offices.", "hand", "expected"),
        ("The ministry would respond to any further provocation but remained open "
         "to dialogue.", "remained", "occurred"),
    ],
)
def test_modal_scope_ends_at_an_own_clause(nlp: Language, text: str, word: str,
                                           status: str) -> None:
    assert claim(analyse(nlp, text), word).factuality.status == status


def test_question_is_hypothetical(nlp: Language) -> None:
    a = analyse(nlp, "Will the senator resign before the vote?")
    assert claim(a, "resign").factuality.status == "hypothetical"


def test_whether_clause_is_underspecified(nlp: Language) -> None:
    a = analyse(nlp, "The board did not say whether the director resigned.")
    fact = claim(a, "resigned").factuality
    assert fact.certainty == "underspecified"
    assert fact.polarity == "underspecified"


def test_reported_speech_keeps_embedded_tense(nlp: Language) -> None:
    a = analyse(nlp, "The spokesman said that the army would withdraw next month.")
    assert claim(a, "said").factuality.status == "occurred"
    withdraw = claim(a, "withdraw").factuality
    assert withdraw.tense == "future"
    assert withdraw.certainty == "certain"


@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("The planned summit drew protests.", "summit", "expected"),
        ("The cancelled summit drew protests.", "summit", "negated"),
        ("The proposed merger drew protests.", "merger", "possible"),
        ("Officials say there was no meeting.", "meeting", "negated"),
    ],
)
def test_event_noun_modifiers(nlp: Language, text: str, word: str, status: str) -> None:
    assert claim(analyse(nlp, text), word).factuality.status == status


def test_event_noun_takes_governor_modality(nlp: Language) -> None:
    a = analyse(nlp, "The trip is expected to include a meeting with farmers.")
    assert claim(a, "meeting").factuality.status == "expected"


def test_presupposed_prepositional_event(nlp: Language) -> None:
    a = analyse(nlp, "The port will reopen next year, since the flood has receded.")
    assert claim(a, "reopen").factuality.status == "expected"
    a = analyse(nlp, "Prices will rise despite the strike.")
    assert claim(a, "strike").factuality.tense == "past"


def test_unconfirmed_statement_lowers_earlier_mention(nlp: Language) -> None:
    text = ("The envoy visited the capital on Monday. "
            "Neither government has confirmed the visit.")
    a = analyse(nlp, text)
    assert claim(a, "confirmed").factuality.status == "negated"
    assert claim(a, "visited").factuality.certainty == "probable"
    assert claim(a, "visit").factuality.status != "occurred"


def test_scores_follow_status(nlp: Language) -> None:
    a = analyse(nlp, "The guards fired shots but did not arrest anyone.")
    assert claim(a, "fired").factuality.score > 2
    assert claim(a, "arrest").factuality.score < -1.5


def test_predicate_frame_is_local(nlp: Language) -> None:
    doc = nlp("The committee will meet on Friday.")
    frame = predicate_frame(doc[3])
    assert frame.tense == "future"
    assert frame.polarity is None


@pytest.mark.parametrize(
    ("text", "word", "tense"),
    [
        ("The carrier announced a merger with a rival.", "merger", "future"),
        ("It was the first ferry to cross the strait in winter.", "cross", "past"),
        ("The firm claims to own the patent.", "own", "present"),
        ("The junta has promised to hold a vote.", "hold", "future"),
        ("The envoy told the rebels to leave the town.", "leave", "future"),
        ("The bridge will close when the river rises.", "rises", "future"),
        ("The strike could spread to the ports.", "spread", "future"),
        ("The rebels may have crossed the border.", "crossed", "past"),
        ("Residents were worried by mounting debts.", "mounting", "present"),
        ("The firm will cut prices under the agreement.", "agreement", "past"),
        # a cause given with a complex preposition is a fact, not a plan
        ("The flight was cancelled due to a strike by pilots.", "strike", "past"),
        # a purpose told within a finished episode; a planned one stays ahead
        ("The council hired a consultant in May to review the budget.", "review", "past"),
        ("The council will hire a consultant to review the budget.", "review", "future"),
        # sequence of tenses under a reported 'would'
        ("The minister said the bridge would be closed before the storm arrived.",
         "arrived", "future"),
        ("The city bought new buses as a means of cutting emissions.", "cutting", "future"),
    ],
)
def test_tense_conventions(nlp: Language, text: str, word: str, tense: str) -> None:
    assert claim(analyse(nlp, text), word).factuality.tense == tense


def test_adverb_particle_makes_a_phrasal_verb(nlp: Language) -> None:
    """'pushes back' (particle parsed as an adverb) is not 'push' for a plan."""
    fact = claim(analyse(nlp, "The company pushes back its product launch."),
                 "launch").factuality
    assert fact.certainty == "certain"
    assert fact.tense != "future"


def test_date_after_publication_makes_present_future(nlp: Language) -> None:
    text = "The cabinet is meeting in Oslo on 12 March."
    on_march = timex(text, "12 March")
    on_march.value = "2024-03-12"
    a = analyse(nlp, text, [on_march])  # published 2024-03-01
    fact = claim(a, "meeting").factuality
    assert (fact.tense, fact.status) == ("future", "expected")


def test_later_date_puts_a_purpose_ahead(nlp: Language) -> None:
    """A purpose told in the past tense still lies ahead when dated after publication."""
    text = "The minister flew to Oslo on Monday to sign the treaty on 12 March."
    on_march = timex(text, "12 March")
    on_march.value = "2024-03-12"
    a = analyse(nlp, text, [on_march])  # published 2024-03-01
    assert claim(a, "sign").time is on_march
    assert claim(a, "sign").factuality.tense == "future"
    assert claim(a, "flew").factuality.tense == "past"


def test_past_date_overtakes_a_plan(nlp: Language) -> None:
    text = "The crew was to land in January."
    in_january = timex(text, "January")
    in_january.value = "2024-01"
    a = analyse(nlp, text, [in_january])
    assert claim(a, "land").factuality.tense == "past"


@pytest.mark.parametrize(
    ("text", "word", "polarity"),
    [
        ("The minister rejected the request for a recount.", "request", "positive"),
        ("The court did not comment on the ruling.", "ruling", "positive"),
        ("The organisers cancelled the summit.", "summit", "negative"),
        ("The rally was delayed by the storm.", "rally", "negative"),
        ("The storm could delay the rally.", "rally", "positive"),
        ("The judge ruled that the search was lawful.", "search", "positive"),
        ("The judge ruled out an election.", "election", "negative"),
        ("Nobody mentioned the scrapped plan to build a dam.", "build", "negative"),
    ],
)
def test_what_negates_an_event_noun(nlp: Language, text: str, word: str,
                                    polarity: str) -> None:
    assert claim(analyse(nlp, text), word).factuality.polarity == polarity


def test_noun_subject_keeps_its_certainty(nlp: Language) -> None:
    a = analyse(nlp, "The protests could force an early election.")
    assert claim(a, "protests").factuality.certainty == "certain"
    assert claim(a, "force").factuality.certainty == "possible"


def test_polite_would_is_not_a_hedge(nlp: Language) -> None:
    a = analyse(nlp, "We would like to thank the volunteers.")
    assert claim(a, "like").factuality.certainty == "certain"


def test_scores_are_graded(nlp: Language) -> None:
    a = analyse(nlp, "The army left the city, is patrolling the roads and will hold a vote. "
                     "It might call a curfew.")
    left, patrolling = claim(a, "left").factuality, claim(a, "patrolling").factuality
    hold, call = claim(a, "hold").factuality, claim(a, "call").factuality
    assert left.score > patrolling.score > hold.score > call.score > 0
    assert all(-3 <= f.score <= 3 for f in (left, patrolling, hold, call))


# --- attribution ------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "word", "kind", "source"),
    [
        ("Maria Lopez said the border would reopen.", "reopen", "named", "Maria Lopez"),
        ("Officials said the border would reopen.", "reopen", "official", "Officials"),
        ("The interior ministry said the border would reopen.", "reopen", "official",
         "The interior ministry"),
        ("People familiar with the talks said the border would reopen.", "reopen",
         "anonymous", "People familiar with the talks"),
        ("According to local media, the border will reopen.", "reopen", "media",
         "local media"),
        ("The border will reportedly reopen.", "reopen", "media", "reportedly"),
        # a two-word head names a state body where its last word alone would not
        ("Gunmen boarded a trawler off the cape, the Norwegian Coast Guard said.", "boarded",
         "official", "the Norwegian Coast Guard"),
        ("Chile's central bank said inflation eased in May.", "eased", "official",
         "Chile's central bank"),
    ],
)
def test_attribution_kinds(nlp: Language, text: str, word: str, kind: str,
                           source: str) -> None:
    att = claim(analyse(nlp, text), word).attribution
    assert att is not None
    assert att.kind == kind
    assert att.text == source
    assert text[att.start:att.end] == source


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        ("The plan was drafted last year, a senior official said, speaking on condition "
         "of anonymity. Its cost has doubled, he said.", "doubled", "anonymous"),
        ("The plan was drafted last year, a senior official said, speaking on condition "
         "of anonymity. Its cost has doubled, he said.", "drafted", "anonymous"),
        ("An army spokesman said the road was closed. It will reopen on Friday, he added.",
         "reopen", "official"),
        ("Lena Ortiz said the road was closed. It will reopen soon, she said.", "reopen",
         "named"),
        ("A diplomat, who asked not to be named, said the talks had stalled.", "stalled",
         "anonymous"),
    ],
)
def test_pronoun_source_is_what_it_stands_for(nlp: Language, text: str, word: str,
                                              kind: str) -> None:
    att = claim(analyse(nlp, text), word).attribution
    assert att is not None
    assert att.kind == kind


def test_author_voice(nlp: Language) -> None:
    att = claim(analyse(nlp, "The storm flooded the valley."), "flooded").attribution
    assert att is not None
    assert (att.kind, att.text, att.start, att.end) == ("author", "", 0, 0)


def test_parenthetical_reporting_verb(nlp: Language) -> None:
    att = claim(analyse(nlp, "The talks will resume in May, a diplomat said."),
                "resume").attribution
    assert att is not None
    assert att.text == "a diplomat"


def test_forecast_lead_sourced_by_next_sentence(nlp: Language) -> None:
    text = ("The queen is expected to tour the islands in June. "
            "Sources close to the palace say preparations have begun.")
    att = claim(analyse(nlp, text), "tour").attribution
    assert att is not None
    assert att.kind == "anonymous"


def test_factual_lead_keeps_author_voice(nlp: Language) -> None:
    text = ("The queen toured the islands in June. "
            "Sources close to the palace say preparations took months.")
    att = claim(analyse(nlp, text), "toured").attribution
    assert att is not None
    assert att.kind == "author"


def test_running_quotation_keeps_speaker(nlp: Language) -> None:
    text = ('"We will rebuild the school. Classes resume in autumn," the mayor said.')
    att = claim(analyse(nlp, text), "rebuild").attribution
    assert att is not None
    assert att.text == "the mayor"


def test_first_person_in_quotation_is_the_speaker(nlp: Language) -> None:
    text = '"I think the dam will hold," the engineer said.'
    att = claim(analyse(nlp, text), "hold").attribution
    assert att is not None
    assert att.text == "the engineer"


def test_transcript_turn(nlp: Language) -> None:
    text = ("The interview went as follows:\n\n"
            '"HARPER: The ministry has approved the dam. Work begins soon."')
    a = analyse(nlp, text)
    for word in ("approved", "begins"):
        att = claim(a, word).attribution
        assert att is not None
        assert att.text == "HARPER"


def test_block_introduced_by_colon(nlp: Language) -> None:
    text = ("The mayor added:\n\n"
            "The council has closed the old bridge. Repairs will take a year.")
    att = claim(analyse(nlp, text), "closed").attribution
    assert att is not None
    assert att.text == "The mayor"


def test_signature_after_quotation(nlp: Language) -> None:
    text = ("Readers wrote in.\n"
            "\u201cThe debate changed my mind about the tax.\u201d \u2015 Anna Berg\n")
    att = claim(analyse(nlp, text), "changed").attribution
    assert att is not None
    assert att.text == "Anna Berg"


# --- time -------------------------------------------------------------------

def test_time_links_prepositional_timex(nlp: Language) -> None:
    text = "The minister will travel to Lima on 4 May and return in June."
    on_may, in_june = timex(text, "4 May"), timex(text, "June")
    a = analyse(nlp, text, [on_may, in_june])
    assert claim(a, "travel").time is on_may
    assert claim(a, "return").time is in_june


def test_time_not_borrowed_from_another_clause(nlp: Language) -> None:
    text = "Talks collapsed after rebels attacked the convoy on Sunday."
    sunday = timex(text, "Sunday")
    a = analyse(nlp, text, [sunday])
    assert claim(a, "attacked").time is sunday
    assert claim(a, "collapsed").time is None
