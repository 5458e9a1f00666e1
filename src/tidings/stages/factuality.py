"""Factuality of a predicate: a small rule engine over the dependency parse.

A claim's factuality is read in two steps.  :func:`predicate_frame` looks only
at what is marked on the predicate itself (tense, modal auxiliaries, hedging
adverbs, negation, modifiers of an event noun); :func:`assess` then climbs the
chain of governors (control verbs, reporting verbs, conditionals, the verb an
event noun is the object of) and lets each one reshape the frame.  All cue
words live in ``data/claims/cues.yaml`` so the rules stay short and a reader
can extend the lexicons without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Token

from ..document import Factuality

CERTAINTY_ORDER = ("underspecified", "possible", "probable", "certain")

# Relations through which a governor shapes its dependent's factuality.
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "oprd", "nsubjpass",
                             "attr", "acomp", "csubj", "csubjpass"})
# Relations through which a condition on the governor reaches its dependent.
CONDITIONED_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "conj", "attr", "acomp", "oprd"})
PAST_TAGS = frozenset({"VBD"})
PRESENT_TAGS = frozenset({"VBZ", "VBP"})


@dataclass(frozen=True)
class Frame:
    """What is known about one predicate: each field is None until a cue sets it."""

    certainty: str | None = None
    polarity: str | None = None
    tense: str | None = None
    hypothetical: bool = False
    open_question: bool = False
    reported_future: bool = False  # a modal that reads as future-in-the-past
    cues: tuple[str, ...] = ()

    def with_cue(self, cue: str, **changes: Any) -> Frame:
        return replace(self, cues=(*self.cues, cue), **changes)


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The cue lexicons, parsed once per process."""
    text = resources.files("tidings").joinpath("data/claims/cues.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _lower_certainty(a: str | None, b: str | None) -> str | None:
    """The weaker of two certainties: hedges only ever weaken."""
    if a is None:
        return b
    if b is None:
        return a
    return a if CERTAINTY_ORDER.index(a) < CERTAINTY_ORDER.index(b) else b


def _flip(polarity: str | None) -> str:
    return "positive" if polarity == "negative" else "negative"


def _verb_tense(token: Token) -> str | None:
    """Tense from the finite verb group (auxiliaries first, then the verb's tag)."""
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    for aux in auxes:
        low = aux.lower_
        if aux.tag_ == "VBD" or low in ("had", "was", "were", "did"):
            return "past"
        if low in ("has", "have", "'ve"):
            return "past"  # present perfect: the event lies before now
        if aux.tag_ in PRESENT_TAGS or low in ("is", "are", "am", "'s", "'re", "do", "does"):
            return "present"
    if token.tag_ in PAST_TAGS:
        return "past"
    if token.tag_ in PRESENT_TAGS:
        return "present"
    return None


def _is_negator(child: Token) -> bool:
    if child.dep_ == "neg":
        return True
    negs = cues()["negators"]
    if child.lower_ in negs and child.dep_ in ("advmod", "preconj", "det", "cc"):
        return child.dep_ != "cc" or child.lower_ == "nor"
    return False


def _subject_negated(token: Token) -> bool:
    """'Neither X nor Y has ...', 'No one ...': negation carried by the subject."""
    for child in token.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.lower_ in ("nobody", "none", "nothing", "neither"):
            return True
        if any(g.dep_ in ("preconj", "det") and g.lower_ in ("neither", "no")
               for g in child.children):
            return True
    return False


def _modal_frame(frame: Frame, token: Token) -> Frame:
    modals = cues()["modals"]
    for child in token.children:
        if child.dep_ != "aux" or child.lower_ not in modals:
            continue
        spec = modals[child.lower_]
        if token.lemma_.lower() in spec.get("except", ()):
            continue  # 'would like to': a present wish, not a conditional
        tense = spec.get("tense", frame.tense)
        if any(c.dep_ == "aux" and c.lower_ == "have" for c in token.children):
            tense = "past"  # 'may have left', 'could have seen'
        frame = frame.with_cue(
            "modal:" + child.lower_,
            certainty=_lower_certainty(frame.certainty, spec.get("certainty")),
            tense=tense,
            reported_future=bool(spec.get("reported_future")),
        )
    return frame


def _going_to(token: Token) -> bool:
    """'is going to leave' and 'is to leave': future without a modal."""
    head = token.head
    if token.dep_ != "xcomp" or head == token:
        return False
    if head.lemma_ == "go" and head.tag_ == "VBG":
        return any(c.dep_ == "aux" for c in head.children)
    return head.lemma_ == "be" and any(c.lower_ == "to" for c in token.children)


def _adverb_frame(frame: Frame, token: Token) -> Frame:
    adverbs = cues()["adverbs"]
    for child in token.children:
        if child.dep_ not in ("advmod", "npadvmod") or child.lower_ not in adverbs:
            continue
        spec = adverbs[child.lower_]
        certainty = spec.get("certainty")
        if certainty == "certain":
            certainty = frame.certainty or "certain"
        else:
            certainty = _lower_certainty(frame.certainty, certainty)
        frame = frame.with_cue("adverb:" + child.lower_, certainty=certainty,
                               tense=spec.get("tense", frame.tense))
    return frame


def _noun_frame(frame: Frame, token: Token) -> Frame:
    mods = cues()["noun_modifiers"]
    for child in token.children:
        word = child.lower_
        if child.dep_ in ("amod", "compound", "nmod") and word in mods:
            spec = mods[word]
            frame = frame.with_cue(
                "modifier:" + word,
                certainty=_lower_certainty(frame.certainty, spec.get("certainty")),
                polarity=spec.get("polarity", frame.polarity),
                tense=spec.get("tense", frame.tense),
            )
        elif child.dep_ == "det" and word == "no":
            frame = frame.with_cue("det:no", polarity="negative")
    return frame


def clausal_noun(token: Token) -> bool:
    """A verb the tagger took for a noun ('if the members abstain'): it heads a
    subordinate clause, with a subject and a subordinator of its own."""
    if token.pos_ != "NOUN" or token.dep_ not in ("advcl", "ccomp"):
        return False
    deps = {c.dep_ for c in token.children}
    return bool(deps & {"nsubj", "nsubjpass"}) and bool(deps & {"mark", "aux"})


def nominal(token: Token) -> bool:
    """Whether the predicate is read as an event noun rather than a verb."""
    return token.pos_ in ("NOUN", "PROPN") and not clausal_noun(token)


def predicate_frame(token: Token) -> Frame:
    """Tense, modality and negation marked on the predicate itself.

    Shared with the timex stage, which uses the tense to pick the direction of
    an underspecified date ("on Friday" after "will meet" lies ahead).
    """
    frame = Frame()
    if nominal(token):
        frame = _noun_frame(frame, token)
    else:
        tense = _verb_tense(token)
        if tense is not None:
            frame = frame.with_cue("tense:" + tense, tense=tense)
        if _going_to(token):
            frame = frame.with_cue("going-to", tense="future")
        frame = _modal_frame(frame, token)
    frame = _adverb_frame(frame, token)
    if any(_is_negator(c) for c in token.children) or _subject_negated(token):
        frame = frame.with_cue("negation", polarity=_flip(frame.polarity))
    return frame


@dataclass(frozen=True)
class Reading:
    """A predicate's frame after its governors had their say, plus the
    reporting verb (if any) whose subject is the claim's source."""

    frame: Frame
    report: Token | None = None
    holder: Token | None = None  # innermost predicate of belief, intention or display


def _mark(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "mark":
            return child.lower_
    return None


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _entry(gov: Token) -> dict[str, Any] | None:
    """The lexicon entry of an embedding predicate.  A particle makes another
    verb: entries with one ('rule out') apply only with it, others only without."""
    spec: dict[str, Any] | None = cues()["embedders"].get(gov.lemma_.lower())
    if spec is None:
        return None
    particles = {c.lower_ for c in gov.children if c.dep_ == "prt" or
                 (c.dep_ == "advmod" and c.i == gov.i + 1 and c.lower_ in cues()["particles"])}
    if particles != ({spec["particle"]} if spec.get("particle") else set()):
        return None  # 'push back', 'set up' are other verbs than 'push', 'set'
    return spec


def _cancels(spec: dict[str, Any] | None, noun: Token) -> bool:
    """Whether the verb calls off the event its object names ('cancelled the
    visit'; with ``passive``, only its passive subject: 'the vote was delayed')."""
    mode = spec.get("cancels") if spec else None
    return bool(mode) and (mode is True or noun.dep_ == "nsubjpass")


def _embed(frame: Frame, spec: dict[str, Any], gov: Token, cur: Token) -> Frame:
    """Apply an embedding predicate's lexicon entry to the embedded frame."""
    certainty = _lower_certainty(frame.certainty, spec.get("certainty"))
    polarity = frame.polarity
    if spec.get("polarity") == "negative":
        polarity = "negative"
    tense = frame.tense
    if tense is None and cur.pos_ == "NOUN" and cur.dep_ in ("dobj", "nsubjpass") \
            and cur.lemma_.lower() not in cues()["announced_facts"]:
        tense = spec.get("object_tense")  # 'announced a merger': still to come
    if tense is None and spec.get("report") and not spec.get("tense") and cur.dep_ == "xcomp" \
            and _has_to(cur) and not any(c.dep_ == "dobj" for c in gov.children):
        # 'claims to own', 'is said to be': the infinitive states, not plans
        tense = predicate_frame(gov).tense or "present"
    if spec.get("tense") == "future" and tense in (None, "present"):
        tense = "future"
    if spec.get("transparent"):
        own = predicate_frame(gov)
        if own.polarity == "negative":
            polarity = _flip(polarity)
        certainty = _lower_certainty(certainty, own.certainty)
        if own.tense == "future" and tense is None:
            tense = "future"
    if tense is None and not spec.get("report"):
        own_tense = predicate_frame(gov).tense
        tense = own_tense if spec.get("tense") != "future" else "future"
    return frame.with_cue("embed:" + gov.lemma_.lower(), certainty=certainty,
                          polarity=polarity, tense=tense)


def _inherit(frame: Frame, gov: Token, rel: str) -> Frame:
    """An argument or adjunct with no lexicon governor borrows what it lacks."""
    own = predicate_frame(gov)
    tense = frame.tense
    if tense is None:
        tense = "future" if rel in ("xcomp", "advcl", "acl") and own.tense else own.tense
    certainty = _lower_certainty(frame.certainty, own.certainty)
    polarity = frame.polarity
    if own.polarity == "negative" and rel in ("dobj", "attr", "xcomp", "pobj", "acomp"):
        polarity = _flip(polarity)  # 'was not able to attend'
    if rel not in ("dobj", "attr", "xcomp", "pobj", "acomp", "conj", "nsubj", "nsubjpass"):
        certainty, polarity = frame.certainty, frame.polarity
    # 'said it would dissolve and disarm': both conjuncts are the reported future
    reported = frame.reported_future or (rel == "conj" and own.reported_future)
    return frame.with_cue("inherit:" + rel, tense=tense, certainty=certainty, polarity=polarity,
                          reported_future=reported)


def _step(token: Token) -> tuple[str, Token]:
    """The relation to the governing predicate, skipping prepositions."""
    rel, gov = token.dep_, token.head
    if rel == "pobj" and gov.pos_ == "ADP" and gov.head != gov:
        return "pobj", gov.head
    return rel, gov


def _clause_frame(frame: Frame, token: Token, rel: str) -> Frame | None:
    """Conditions and indirect questions: None when the clause is not one."""
    mark = _mark(token)
    marks = cues()["conditional_marks"]
    if mark in cues()["open_marks"] or (rel == "ccomp" and mark == "if"):
        return frame.with_cue("open:" + str(mark), open_question=True)
    if rel == "advcl" and mark in marks:
        return frame.with_cue("condition:" + str(mark), hypothetical=True)
    return None


def _complement(cur: Token, rel: str, spec: dict[str, Any] | None) -> bool:
    """Whether ``cur`` is an argument its governor's lexicon entry applies to."""
    if spec is None:
        return False
    if rel == "pobj":
        prep = cur.head.lower_
        return prep in cues()["argument_preps"] or prep in spec.get("preps", ())
    return rel in COMPLEMENT_DEPS


def _prep_complement(cur: Token, rel: str) -> tuple[str, Token] | None:
    """A gerund reached through a preposition its governor's entry names
    ('refrained from striking'): the relation and governor to use instead."""
    prep = cur.head
    if rel != "pcomp" or prep.pos_ != "ADP" or prep.head == prep:
        return None
    spec = _entry(prep.head)
    if spec is not None and prep.lower_ in spec.get("preps", ()):
        return "xcomp", prep.head
    return None


def _words_before(tok: Token, n: int) -> list[str]:
    """``tok`` with up to ``n - 1`` words before it, as 1- to n-word strings."""
    doc = tok.doc
    return [" ".join(t.lower_ for t in doc[max(tok.i - k, 0):tok.i + 1]) for k in range(n)]


def _negating_prep(cur: Token, rel: str) -> str | None:
    """The cue when ``cur`` is what did not happen: the object or gerund of
    'without', 'short of', 'instead of', or a conjunct after 'rather than'."""
    negating = cues()["negating_preps"]
    if rel in ("pobj", "pcomp") and cur.head.pos_ == "ADP":
        return next((w for w in _words_before(cur.head, 3) if w in negating), None)
    if rel == "conj":
        for cc in cur.head.children:
            if cc.dep_ == "cc" and cur.head.i < cc.i < cur.i:
                return next((w for w in _words_before(cc, 3) if w in negating), None)
    return None


def _host(tok: Token) -> Token:
    """The predicate a preposition or coordination hangs on ('stopped short of')."""
    cur = tok
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            break
        cur = cur.head
    return cur


def _report_above(token: Token) -> Token | None:
    """A reporting verb further up, once the frame no longer changes."""
    cur = token
    for _ in range(10):
        rel, gov = _step(cur)
        if gov == cur or rel in ("appos", "ROOT"):
            return None
        spec = _entry(gov)
        if spec and spec.get("report") and rel not in ("nsubj", "nsubjpass", "advcl"):
            return gov
        cur = gov
    return None


def _ranked(noun: Token) -> bool:
    """A noun ranked by an ordinal or superlative ('the first ferry', 'the only firm')."""
    if noun.lower_ in cues()["ranking_words"]:
        return True
    return any(c.dep_ in ("amod", "nummod", "advmod") and
               (c.lower_ in cues()["ranking_words"] or c.tag_ in ("JJS", "RBS"))
               for c in noun.children)


def _temporal(clause: Token) -> bool:
    """An adverbial clause of time ('before ...', 'when ...', parsed as mark or advmod)."""
    marks = cues()["temporal_marks"]
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in marks and c.i < clause.i
               for c in clause.children)


def _future_clause(gov: Token) -> bool:
    """Whether a clause is about the future by its own marking ('will', 'to')."""
    own = predicate_frame(gov)
    return own.tense == "future" or any(c.dep_ == "aux" and c.lower_ == "to"
                                        for c in gov.children)


def _preposition(obj: Token) -> str | None:
    """The preposition heading ``obj``, two words for a complex one ('due to',
    'owing to', whose second word the parser attaches to the first)."""
    prep = obj.head
    if prep.dep_ == "prep":
        return prep.lower_
    if prep.dep_ == "pcomp" and prep.head.pos_ == "ADP" and prep.head.i == prep.i - 1:
        return f"{prep.head.lower_} {prep.lower_}"
    return None


def _narrative_past(gov: Token) -> bool:
    """A simple or pluperfect past ('selected', 'had set up'), not a present
    perfect: the clause reports a finished episode of the story."""
    auxes = [c.lower_ for c in gov.children if c.dep_ in ("aux", "auxpass")]
    if any(a in cues()["modals"] or a in ("has", "have", "'ve") for a in auxes):
        return False
    if "had" in auxes or any(a in ("was", "were") for a in auxes):
        return True
    return gov.tag_ == "VBD" and not auxes


def _purpose_gerund(gerund: Token) -> bool:
    """A gerund after 'of' on a noun of purpose ('the aim of winning')."""
    prep = gerund.head
    return gerund.tag_ == "VBG" and prep.lower_ == "of" and prep.head != prep \
        and prep.head.lemma_.lower() in cues()["purpose_nouns"]


def _backshifted(clause: Token, gov: Token) -> bool:
    """A simple past clause under a future-in-the-past ('said it would ...
    before the tour began'): the past is the reported speech's sequence of
    tenses, not a past event."""
    modals = cues()["modals"]
    reported = any(c.dep_ == "aux" and modals.get(c.lower_, {}).get("reported_future")
                   for c in gov.children)
    have = any(c.dep_ == "aux" and c.lower_ == "have" for c in gov.children)
    return reported and not have and clause.tag_ == "VBD"


def _adjunct(frame: Frame, cur: Token, rel: str, gov: Token) -> Frame | None:
    """Adjuncts keep their own factuality; None when ``rel`` is not one."""
    preps = cues()["presupposing_preps"]
    prep = _preposition(cur) if rel == "pobj" else None
    if prep in preps:
        tense = preps[prep]
        if tense == "inherit":
            return None
        return frame.with_cue("prep:" + str(prep), tense=frame.tense or tense)
    to_inf = _has_to(cur)
    if rel in ("relcl", "acl") and to_inf:
        if _ranked(gov):
            # 'the first ferry to cross ...' reports a record, not a plan
            own = predicate_frame(gov.head).tense if gov.head != gov else None
            return frame.with_cue("ranked-infinitive", tense=frame.tense or own or "present")
        polarity = frame.polarity
        if gov.pos_ == "NOUN" and predicate_frame(gov).polarity == "negative":
            polarity = _flip(polarity)  # 'no plan to', 'the scrapped scheme to'
        return frame.with_cue("relative-infinitive", tense=frame.tense or "future",
                              polarity=polarity)
    if rel == "amod":
        return frame.with_cue("participle", tense=frame.tense or "present")
    if rel == "pcomp" and frame.tense is None and _purpose_gerund(cur):
        # 'as a means of cutting costs', 'with the aim of winning': an end in view
        return frame.with_cue("purpose-gerund", tense="future")
    if rel == "advcl" and _temporal(cur) and (
            (frame.tense in (None, "present") and _future_clause(gov))
            or (frame.tense == "past" and _backshifted(cur, gov))):
        # 'before the polls open', 'when the envoy lands' in a clause about the
        # future; 'would close before the polls opened' is the same, reported
        return frame.with_cue("temporal-future", tense="future")
    if rel == "acl" and cur.tag_ == "VBN" and frame.tense is None:
        # 'the system introduced in 2023': what was done to the thing named
        return frame.with_cue("past-participle", tense="past")
    if rel in ("advcl", "acl", "relcl", "pcomp", "npadvmod") and not to_inf:
        if frame.tense is None:
            own = predicate_frame(gov).tense
            tense = own if own == "past" else "present"
            return frame.with_cue("adjunct-tense", tense=tense)
        return frame.with_cue("adjunct")
    return None


def own_clause(conj: Token) -> bool:
    """A conjunct that is a clause of its own: with its own subject, or a finite
    verb that no auxiliary of the first conjunct can govern ('would respond but
    remained open').  The first conjunct's modality does not reach it."""
    if conj.dep_ != "conj" or conj.pos_ not in ("VERB", "AUX"):
        return False
    deps = {c.dep_ for c in conj.children}
    finite = conj.tag_ in ("VBD", "VBZ", "VBP")
    if not finite and not deps & {"aux", "auxpass"}:
        return False  # 'were killed and hundreds injured': the auxiliary is shared
    if deps & {"nsubj", "nsubjpass", "expl"}:
        return "mark" not in deps  # 'that X ... and that Y ...' share their governor
    return finite and not deps & {"aux", "auxpass"}


def _explicit_condition(node: Token) -> str | None:
    """An if- or unless-clause on ``node`` (not a concessive 'even if' or 'as if')."""
    marks, skip = cues()["conditional_marks"], cues()["concessive_words"]
    # 'If talks fail, the union said, workers will strike': the parenthetical
    # reporting verb took the if-clause from the clause it reports
    asides = [c for c in node.children if c.dep_ == "parataxis" and (_entry(c) or {}).get("report")]
    for child in [*node.children, *(g for c in asides for g in c.children)]:
        if child.dep_ != "advcl":
            continue
        mark = next((c for c in child.children if c.dep_ == "mark" and c.lower_ in marks), None)
        if mark is None or mark.lower_ in cues()["open_marks"]:
            continue
        before = node.doc[mark.i - 1] if mark.i > 0 else None
        if before is not None and before.lower_ in skip:
            continue
        return "condition:" + mark.lower_
    return _trailing_condition(node)


def _trailing_condition(node: Token) -> str | None:
    """An if-clause right after a modal clause that the parser hung elsewhere
    ('would only consider a truce if the rebels withdrew from the towns they
    have seized', where the if-clause lands on the last verb)."""
    doc = node.doc
    if not any(c.dep_ == "aux" and c.lower_ in cues()["modals"] for c in node.children):
        return None
    own = [node] + [t for c in node.children if c.i > node.i and
                    c.dep_ not in ("conj", "cc", "punct", "advcl") for t in c.subtree]
    nxt = max(t.i for t in own) + 1
    if nxt < len(doc) and doc[nxt].text == ",":
        nxt += 1
    if nxt >= len(doc) or doc[nxt].dep_ != "mark" or doc[nxt].lower_ in cues()["open_marks"]:
        return None
    return "condition:" + doc[nxt].lower_ if doc[nxt].lower_ in cues()["conditional_marks"] \
        else None


def _implicit_condition(node: Token) -> str | None:
    """'will respond to any further violation', 'in case of an attack': a
    condition without a clause, on a predicate about the future."""
    spec = cues()["implicit_conditions"]
    own = predicate_frame(node)
    if own.tense != "future" or own.polarity == "negative":
        return None  # 'will not accept any new proposal' refuses, it does not condition
    subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and node.lemma_.lower() in spec["consequence_verbs"] and any(
            c.dep_ == "det" and c.lower_ in spec["subject_determiners"]
            for c in subject.children):
        return "condition:supposed-cause"
    for prep in node.children:
        if prep.dep_ == "prep" and prep.lower_ in spec["fronted_preps"] and subject is not None \
                and prep.i < subject.i:
            return "condition:fronted-" + prep.lower_
    for prep in node.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            kids = list(obj.children)
            if any(c.dep_ == "det" and c.lower_ in spec["determiners"] for c in kids) and \
                    any(c.dep_ == "amod" and c.lower_ in spec["modifiers"] for c in kids):
                return "condition:any-further"
            if prep.lower_ == "in" and obj.lemma_.lower() in spec["nouns"] and \
                    any(c.dep_ == "prep" and c.lower_ == "of" for c in kids):
                return "condition:in-case"
    return None


def _condition(node: Token, via: str | None) -> str | None:
    """Whether ``node``'s clause holds only under a condition (reached from a
    complement by relation ``via``, or None for the predicate itself)."""
    if node.pos_ not in ("VERB", "AUX") and not clausal_noun(node):
        return None
    auxes = {c.lower_ for c in node.children if c.dep_ == "aux"}
    if auxes & set(cues()["possibility_modals"]):
        return None  # 'could fail if ...': a possibility already
    # an infinitive lies ahead of its governor ('allowed a request to be refused if')
    if not auxes & set(cues()["modals"]) and predicate_frame(node).tense != "future" \
            and not _has_to(node):
        return None  # 'checked if it had landed', 'is required if': no forecast
    spec = _entry(node)
    if spec and spec.get("report") and not auxes & set(cues()["modals"]) and via != "ccomp":
        return None  # '..., he said' does not hang on the if-clause, what he said does
    return _explicit_condition(node) or _implicit_condition(node)


def _conditioned(frame: Frame, node: Token, via: str | None) -> Frame:
    if frame.hypothetical or frame.open_question:
        return frame
    cue = _condition(node, via)
    return frame if cue is None else frame.with_cue(cue, hypothetical=True)


def _not_done(frame: Frame, cur: Token, rel: str, gov: Token) -> Frame | None:
    """'without confirming', 'stopped short of blaming': the event did not
    happen; its time is that of the predicate it hangs on."""
    cue = _negating_prep(cur, rel)
    if cue is None:
        return None
    tense = frame.tense or predicate_frame(_host(gov)).tense or "present"
    return frame.with_cue("negating:" + cue, polarity=_flip(frame.polarity), tense=tense)


def assess(token: Token) -> Reading:
    """Climb from the predicate through its governors, letting each reshape it.

    Complements (xcomp, ccomp, objects) take the governor's modality; adjuncts
    (adverbial and relative clauses, 'since' phrases) keep their own, and above
    them the climb only looks for a reporting verb to find the source.
    """
    frame = _conditioned(predicate_frame(token), token, None)
    noun, pinned = nominal(token), False
    cur = token
    holder: Token | None = None
    for _ in range(10):
        rel, gov = _step(cur)
        if gov == cur or rel in ("appos", "ROOT"):
            break
        clause = _clause_frame(frame, cur, rel)
        if clause is not None:
            return Reading(_finish(clause, token), _report_above(gov), holder or gov)
        # an event noun stays in place under 'without signing the deal'
        negated = None if noun and cur is not token else _not_done(frame, cur, rel, gov)
        if negated is not None:
            return Reading(_finish(negated, token), _report_above(gov), holder)
        if own_clause(cur):
            frame = frame.with_cue("own-clause")  # the other conjunct's modality stays there
            cur = gov
            continue
        rel, gov = _prep_complement(cur, rel) or (rel, gov)
        if rel == "advcl" and _has_to(cur):
            rel = "xcomp"  # purpose infinitive: 'working to provide'
            if frame.tense is None and _entry(gov) is None and _narrative_past(gov) \
                    and not any(c.dep_ == "auxpass" for c in cur.children):
                # 'was chosen in May to lead the inquiry': told as part of a
                # finished episode, not as a plan still ahead
                frame = frame.with_cue("purpose-past", tense="past")
        adjunct = _adjunct(frame, cur, rel, gov)
        if adjunct is not None:
            return Reading(_finish(adjunct, token), _report_above(gov), holder)
        spec = _entry(gov)
        spec = spec if _complement(cur, rel, spec) else None
        prior = frame
        frame = _embed(frame, spec, gov, cur) if spec is not None else _inherit(frame, gov, rel)
        if rel in CONDITIONED_DEPS:
            frame = _conditioned(frame, gov, rel)
        if noun:
            pinned = pinned or (rel == "pobj" and cur.head.lower_ not in cues()["argument_preps"])
            frame = _guard_noun(frame, prior, spec, token if cur is token else None, pinned)
        if spec is not None and spec.get("report"):
            if frame.reported_future and frame.certainty == "possible":
                frame = frame.with_cue("future-in-past", certainty=None)
            return Reading(_finish(frame, token), gov, holder)
        if holder is None and gov.pos_ != "ADJ" and \
                (rel == "ccomp" or (rel == "xcomp" and spec is not None)):
            # 'plans to ...', 'polls showed that ...'; 'was ready to' is held above 'ready'
            holder = gov
        cur = gov
    return Reading(_finish(frame, token), None, holder)


def _guard_noun(frame: Frame, prior: Frame, spec: dict[str, Any] | None,
                direct: Token | None, pinned: bool) -> Frame:
    """What a governor may not change about the event an event noun names.

    Its polarity: 'rejected the accusations' and 'did not comment on the
    report' leave those events standing; only a verb that calls the event off
    negates it ('cancelled the visit').  Its certainty, unless an embedding
    predicate sets it: 'the protests could spread' doubts the spreading, not
    the protests.  Its tense once it is a circumstance ('will cut prices under
    the accord'): the accord is not planned along with the cut.
    """
    polarity = frame.polarity
    if polarity != prior.polarity and not (direct is not None and _cancels(spec, direct)):
        polarity = prior.polarity
    certainty = frame.certainty if spec is not None and direct is not None else prior.certainty
    tense = prior.tense if pinned else frame.tense
    return replace(frame, polarity=polarity, certainty=certainty, tense=tense)


def _finish(frame: Frame, token: Token) -> Frame:
    if frame.tense is None and _has_to(token):
        frame = frame.with_cue("infinitive", tense="future")
    if token.sent.text.rstrip().endswith("?") and not frame.hypothetical:
        frame = frame.with_cue("question", hypothetical=True)
    return frame


def to_factuality(frame: Frame, default_tense: str = "past") -> Factuality:
    """Fill the gaps with defaults, then derive status and score (see CONTRACT)."""
    certainty = frame.certainty or "certain"
    polarity = frame.polarity or "positive"
    tense = frame.tense or default_tense
    if frame.open_question:
        certainty, polarity = "underspecified", "underspecified"
    elif frame.hypothetical:
        certainty = "underspecified"
    status = _status(certainty, polarity, tense, frame.hypothetical or frame.open_question)
    return Factuality(status=status, certainty=certainty, polarity=polarity, tense=tense,
                      score=_score(certainty, polarity, tense, status))


def _status(certainty: str, polarity: str, tense: str, hypothetical: bool) -> str:
    if hypothetical:
        return "hypothetical"
    if polarity == "negative":
        return "negated"
    if certainty == "possible":
        return "possible"
    if tense == "future" and certainty in ("certain", "probable"):
        return "expected"
    if certainty == "certain" and polarity == "positive":
        return {"past": "occurred", "present": "ongoing"}.get(tense, "unknown")
    return "unknown"


def _score(certainty: str, polarity: str, tense: str, status: str) -> float:
    table: dict[str, Any] = cues()["scores"]
    if status == "hypothetical":
        return float(table["hypothetical"][polarity])
    if polarity == "underspecified":
        return 0.0
    if polarity == "negative":
        return float(table["negative"][certainty])
    return float(table["positive"][tense][certainty])
