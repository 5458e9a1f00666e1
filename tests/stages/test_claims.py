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
        ("The mayor plans to visit the harbour.", "visit", "expected", "probable"),
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
    a = analyse(nlp, "If the union strikes, the factory will close.")
    assert claim(a, "strikes").factuality.status == "hypothetical"
    assert claim(a, "close").factuality.status == "expected"


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
    assert claim(a, "arrest").factuality.score < -2


def test_predicate_frame_is_local(nlp: Language) -> None:
    doc = nlp("The committee will meet on Friday.")
    frame = predicate_frame(doc[3])
    assert frame.tense == "future"
    assert frame.polarity is None


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
    ],
)
def test_attribution_kinds(nlp: Language, text: str, word: str, kind: str,
                           source: str) -> None:
    att = claim(analyse(nlp, text), word).attribution
    assert att is not None
    assert att.kind == kind
    assert att.text == source
    assert text[att.start:att.end] == source


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
