"""Events told through someone's words: allegations and conditional threats.

Two conventions of event coding meet where an event is the content of what
someone says.  What an accusation alleges ("accused X of supplying Y",
"claims that X supplied Y", "intelligence showing X was supplying Y") is not
an event that happened: coding it as one turns every charge into a fact, so
it is left to the accusation (and to the claim's attribution).  And a
conditional commitment to use force, reported as said ("X would launch an
operation if Y does not ...", "X would respond with force to any further
violation"), is a threat made by saying it: it is coded as one, besides the
hypothetical act itself, on the claim of the reporting verb.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from spacy.tokens import Token

from . import participants as pt
from .base import Analysis, ClaimHit, EventHit
from .codebook import Lexicon

COMMIT_AUX = ("will", "would", "shall", "'ll", "'d")
CONDITION_MARKS = ("if", "unless")
CLAUSAL_DEPS = ("ccomp", "xcomp", "pcomp", "acl")
# Dependencies that leave the content of an accusation: its subject, a
# relative or adverbial clause, a coordinated or loosely attached clause.
LEAVING_DEPS = ("nsubj", "nsubjpass", "csubj", "relcl", "advcl", "parataxis", "conj")
THREAT_FACTOR = 0.9  # a threat read from a condition, not from "threatened"


class Coded(Protocol):
    """A trigger of the events stage (its ``Candidate``), as far as used here."""

    token: Token
    type: str


def alleged(inner: Token, outer: Token) -> bool:
    """Whether ``inner`` lies in the clause an accusation at ``outer`` is
    about ("accused X of supplying", "claims that X was supplying"), rather
    than in its direct object ("condemned the attack", an event of its own)."""
    node, clausal = inner, False
    while node.i != outer.i:
        if node.dep_ in LEAVING_DEPS or node.head.i == node.i:
            return False
        clausal = clausal or node.dep_ in CLAUSAL_DEPS
        node = node.head
    return clausal


def under_allegation(token: Token, nouns: frozenset[str]) -> bool:
    """An event inside the clause of an allegation noun ("claims that X ...",
    "intelligence showing X ..."): told as a charge, not as a fact."""
    node, clausal = token, False
    for _ in range(8):
        if node.head.i == node.i or node.dep_ in ("relcl", "advcl", "parataxis"):
            return False
        clausal = clausal or node.dep_ in CLAUSAL_DEPS
        node = node.head
        if clausal and node.pos_ == "NOUN" and node.lemma_.lower() in nouns:
            return True
    return False


def _verb_of(token: Token, lex: Lexicon) -> Token | None:
    if token.pos_ in ("VERB", "AUX"):
        return token
    return pt.governing_verb(token, lex.support_verbs)


def _committed(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in COMMIT_AUX for c in verb.children)


def _conditioned(verb: Token, trigger: Token) -> bool:
    """An if/unless clause, or an implicit condition: a response to "any" act
    ("respond with force to any further violation")."""
    for child in verb.children:
        if child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in child.children
        ):
            return True
    for head in {verb.i: verb, trigger.i: trigger}.values():
        for obj in pt.prep_objects(head, ("to", "against", "on")):
            if any(c.dep_ == "det" and c.lower_ == "any" for c in obj.children):
                return True
    return False


def reporting_verb(verb: Token, speech: frozenset[str]) -> Token | None:
    """The verb of saying whose content ``verb`` is: its head ("said it would
    strike"), or a reporting tail on it ("X would strike ..., Y said")."""
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.lemma_.lower() in speech:
        return verb.head
    for child in verb.children:
        if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in speech:
            return child
    return None


def conditional_threats(analysis: Analysis, coded: Iterable[tuple[Coded, EventHit]],
                        lex: Lexicon, claim_of: Callable[[Token], ClaimHit],
                        ) -> list[EventHit]:  # fmt: skip
    """Threat events for conditional commitments to use force, reported as
    said; aimed at the act's target, else at whoever must meet the condition.
    ``claim_of`` gives the claim of the reporting verb: the threat is what was said."""
    threats: list[EventHit] = []
    for cand, event in coded:
        as_type = lex.type_info(event.type).conditional_as
        verb = _verb_of(cand.token, lex) if as_type else None
        if as_type is None or verb is None or not event.actors or not _committed(verb):
            continue
        reporter = reporting_verb(verb, lex.speech_verbs)
        if reporter is None or not _conditioned(verb, cand.token):
            continue
        claim = claim_of(reporter)
        coding = lex.content_map.get(as_type, {}).get(event.type, {})
        own = {a.code[:3] for a in event.actors}
        recipients = list(event.recipients) or [
            r for r in pt.code_all(analysis, pt.condition_subjects([verb]), lex)
            if r.code[:3] not in own]
        threats.append(EventHit(
            claim=claim,
            type=as_type,
            mode=coding.get("mode"),
            cameo=coding.get("cameo", lex.type_info(as_type).cameo),
            contexts=list(event.contexts),
            actors=list(event.actors),
            recipients=recipients,
            time=claim.time,
            confidence=round(event.confidence * THREAT_FACTOR, 2),
        ))
    return threats
