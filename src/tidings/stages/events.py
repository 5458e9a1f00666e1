"""Stage: coded political events (PLOVER type and mode, CAMEO code, participants).

Reads: doc, entities, timexes, places, claims.  Writes: events (and a
fallback claim for a trigger the claims stage left out, so that every event
points at a claim).

Triggers come from a predicate lexicon (``data/events/lexicon.yaml``) keyed by
lemma with optional dependency conditions, so coding decisions are data an
analyst can read and extend.  Two conventions from CAMEO practice shape the
output: an event embedded as the content of a speech act or intention
("threatened to ban X", "demanded that Y withdraw") is not coded on its own
but picks the mode and code of the outer event; and an event with neither an
actor nor a recipient is dropped, because an uncoded "attack" is noise for
anyone counting dyadic events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from . import events_reported as reported
from . import factuality
from . import participants as pt
from .base import (
    Analysis,
    ClaimHit,
    EventHit,
    ParticipantHit,
    Stage,
    TimexHit,
)
from .codebook import Lexicon, Predicate, extra_paths_from_env, load_lexicon
from .events_location import (  # noqa: F401  (the location vocabulary is part of this stage)
    AMBIGUOUS,
    FROM_DATELINE,
    FROM_OUTER,
    FROM_PHRASE,
    FROM_SENTENCE,
    LOCATION_REASONS,
    NO_PLACE,
    ONLY_COUNTRY,
    OTHER_CLAUSE,
    PLACE_IS_PARTICIPANT,
    Scene,
    anchor_of,
    find_dateline,
    locate,
)

NOUN_POS = ("NOUN", "PROPN")
OPAQUE_ENTS = ("PERSON", "ORG", "WORK_OF_ART", "LAW", "FAC", "PRODUCT", "EVENT")
COMMIT_AUX = ("will", "shall", "'ll")
NOT_CONTENT_DEPS = ("nsubj", "nsubjpass", "advcl", "relcl", "parataxis", "conj", "csubj")
NESTING_PREPS = ("for", "at", "during")
Parts = list[ParticipantHit]


@dataclass(eq=False)
class Candidate:
    token: Token
    pred: Predicate
    type: str
    mode: str | None
    cameo: str | None
    consumed: set[int] = field(default_factory=set)
    suppressed: bool = False
    content: Candidate | None = None
    roles: pt.Roles = field(default_factory=pt.Roles)
    merged: list[Candidate] = field(default_factory=list)  # same-type triggers folded in


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _of_objects(token: Token) -> list[Token]:
    return [
        t
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for o in prep.children
        if o.dep_ == "pobj"
        for t in pt.conjuncts(o)
    ]


def _objects(token: Token) -> list[Token]:
    """Heads that fill a predicate's object slot, for lexicon conditions;
    "thousands of refugees" offers both "thousands" and "refugees"."""
    if token.pos_ in ("VERB", "AUX"):
        deps = ("dobj", "nsubjpass") if pt.is_passive(token) else ("dobj",)
        found = [t for c in token.children if c.dep_ in deps for t in pt.conjuncts(c)]
        found += [c for c in token.children if c.dep_ == "prt" and c.pos_ != "ADP"]
        found += [a for f in found for a in f.children if a.dep_ == "appos"]  # "X, the capital"
        return found + [o for f in found for o in _of_objects(f)]
    return [c for c in token.children if c.dep_ == "compound"] + _of_objects(token)


def _modifiers(token: Token) -> list[Token]:
    """Compound and adjective modifiers; for "state of siege" also "state"."""
    mods = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i != token.i:
        mods.append(token.head.head)
    return mods


def _words(tokens: Iterable[Token]) -> set[str]:
    return {w for t in tokens for w in (_lemma(t), t.lower_)}


def _holds(token: Token, pred: Predicate, places: frozenset[int] = frozenset()) -> bool:
    """Whether the lexicon entry's conditions hold for this occurrence
    (``places``: tokens the places stage resolved)."""
    pos = token.pos_ if token.pos_ != "PROPN" else "NOUN"
    if pos not in pred.pos or (pred.forms and token.lower_ not in pred.forms):
        return False
    if (pred.complement or (pos == "ADJ" and not pred.particle)) and not any(
        c.dep_ in ("xcomp", "ccomp") for c in token.children
    ):
        return False
    mods = _words(_modifiers(token))
    objects = _objects(token)
    objs = _words(objects)
    objs_and_mods = objs | _words(c for o in objects for c in o.children if c.dep_ == "compound")
    parts = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent")}
    pobjs = _words(
        o for h in [token, *objects] for p in h.children if p.dep_ == "prep" for o in p.children
    )
    return not (
        (pred.particle and not pred.particle & parts)
        or (pred.object and not pred.object & objs)
        or (pred.modifier and not pred.modifier & mods)
        or (pred.pobj and not pred.pobj & pobjs)
        or (pred.governor and not pred.governor & _words(_governor(token)))
        or (pred.object_ents and not any(o.ent_type_ in pred.object_ents or (
            "place" in pred.object_ents and o.i in places) for o in objects))
        or pred.not_object & objs_and_mods
        or pred.not_modifier & mods
        or pred.not_pobj & pobjs
    )


def _governor(token: Token) -> list[Token]:
    """The verb an event noun is the object of ("lodged a protest", "was placed
    under arrest"): some nouns name a different act after some verbs."""
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return [head]
    if token.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX"):
        return [head.head]
    return []


def match(token: Token, lex: Lexicon, places: frozenset[int] = frozenset()) -> Predicate | None:
    """The most specific lexicon entry that fits ``token`` in its context."""
    if token.ent_type_ in OPAQUE_ENTS:
        return None
    entries = lex.predicates.get(_lemma(token)) or lex.predicates.get(token.lower_) or []
    fitting = [p for p in entries if _holds(token, p, places)]
    return max(fitting, key=lambda p: p.specificity) if fitting else None


def _candidate(token: Token, pred: Predicate, lex: Lexicon) -> Candidate:
    cand = Candidate(token, pred, pred.type, pred.mode, pred.cameo)
    if pred.object:
        for obj in _objects(token):
            if _words([obj]) & pred.object:
                cand.consumed |= {t.i for t in obj.subtree}
    info = lex.type_info(pred.type)
    if info.negated_as and _negated(token):
        cand.type, cand.mode = info.negated_as, None
        cand.cameo = lex.type_info(info.negated_as).cameo
    elif info.future_as and token.pos_ in ("VERB", "AUX") and _is_commitment(token):
        coding = lex.content_map.get(info.future_as, {}).get(pred.type, {})
        cand.type, cand.mode = info.future_as, coding.get("mode")
        cand.cameo = coding.get("cameo", lex.type_info(info.future_as).cameo)
    return cand


def _is_commitment(verb: Token) -> bool:
    """"X will give Y ...": PLOVER codes promised material cooperation as AGREE.
    A condition ("if", "unless") makes it a bargaining move, not a pledge."""
    if not any(c.dep_ == "aux" and c.lower_ in COMMIT_AUX for c in verb.children):
        return False
    return not any(c.dep_ == "advcl" and _has_condition(c) for c in verb.children)


def _negated(token: Token) -> bool:
    """"did not agree", "failed to reach agreement": the event is a refusal."""
    verb = token.head if token.pos_ in NOUN_POS and token.dep_ == "dobj" else token
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "fail"


def _has_condition(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)


def _content_path(inner: Token, outer: Token) -> bool:
    """True when ``inner`` sits in the complement of ``outer`` (not in its
    subject, a relative clause or a coordinated clause)."""
    node = inner
    while node.i != outer.i:
        infinitive = node.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children
        )
        if (node.dep_ in NOT_CONTENT_DEPS and not infinitive) or node.head.i == node.i:
            return False
        node = node.head
    return True


def _purpose(inner: Token, outer: Token) -> bool:
    """"mobilized reservists for a war against X": the war is what the
    mobilisation is for, not an event that happened."""
    prep = inner.head
    return inner.dep_ == "pobj" and prep.lower_ == "for" and prep.head.i == outer.i


def _resolve_nesting(cands: list[Candidate], lex: Lexicon) -> None:
    """Suppress triggers that are the content, object or doer of another trigger."""
    by_index = {c.token.i: c for c in cands}
    for cand in cands:
        subtree = {t.i for t in cand.token.subtree}
        for other in cands:
            if other is cand or other.token.i not in subtree:
                continue
            if other.token.i in cand.consumed:
                other.suppressed = True
            elif lex.type_info(cand.type).clausal_content and reported.alleged(
                    other.token, cand.token):
                other.suppressed = True  # "accused X of supplying Y": the charge only
            elif (
                lex.type_info(cand.type).content and _content_path(other.token, cand.token)
            ) or (lex.type_info(cand.type).purpose and _purpose(other.token, cand.token)):
                other.suppressed = True
                if cand.content is None:
                    cand.content = other
            elif other.type == cand.type and _hangs_on(other.token, cand.token):
                other.suppressed = True
                cand.mode = cand.mode or other.mode
                cand.merged.append(other)
        head = by_index.get(cand.token.head.i)
        if cand.pred.agentive and head is not None and cand.token.dep_ in pt.SUBJ:
            cand.suppressed = True
    _fold_doers(cands)


def _fold_doers(cands: list[Candidate]) -> None:
    """"hundreds of demonstrators who marched": a doer noun inside the subject
    of a verb of its own type is the same event, told by the verb."""
    verbs = [c for c in cands if not c.suppressed and c.token.pos_ in ("VERB", "AUX")]
    for cand in cands:
        if cand.suppressed or not cand.pred.agentive:
            continue
        for verb in verbs:
            if verb.type != cand.type:
                continue
            doers, _ = pt.subject_of(verb.token)
            if any(cand.token in d.subtree for d in doers):
                cand.suppressed = True
                verb.merged.append(cand)
                break


def _hangs_on(inner: Token, outer: Token) -> bool:
    """"killing 30" on "attacked", "killed in clashes": one event told twice
    (but a visit "for a summit" is two)."""
    head = inner.head
    return head.i == outer.i or (inner.dep_ == "pobj" and head.lower_ in ("in", "during")
                                 and head.head.i == outer.i)


def _apply_content(cand: Candidate, lex: Lexicon) -> None:
    if cand.content is None:
        return
    coding = lex.content_map.get(cand.type, {}).get(cand.content.type)
    if coding:
        cand.mode = coding.get("mode", cand.mode)
        cand.cameo = coding.get("cameo", cand.cameo)


def _roles(cand: Candidate, lex: Lexicon) -> pt.Roles:
    info = lex.type_info(cand.type)
    preps = cand.pred.recipient_preps
    if preps is None:
        preps = lex.type_info(cand.pred.type).recipient_preps or info.recipient_preps
    if cand.token.pos_ in NOUN_POS:
        token = cand.token
        if token.dep_ == "compound" and token.head.lemma_.lower() in lex.shell_nouns:
            token = token.head
        roles = pt.noun_roles(token, cand.pred, preps, lex)
        measure = _measure_noun(token, lex)
        if measure is not None:  # "adopted its new package of sanctions against X"
            outer = pt.noun_roles(measure, cand.pred, preps, lex)
            roles.actors = roles.actors or outer.actors
            roles.actor_how = roles.actor_how or outer.actor_how
            roles.fallback_actors = roles.fallback_actors or outer.fallback_actors
        return roles
    roles = pt.verb_roles(cand.token, cand.pred, preps, consumed=bool(cand.consumed),
                          speech=_verbal(cand, lex))
    head = cand.token.head
    if cand.token.dep_ == "acl" and _lemma(head) in lex.intent_nouns:
        roles.fallback_actors = pt.noun_doer(head)  # "X is in talks to buy"
    if cand.consumed:
        _object_event_roles(cand, roles, lex)
    return roles


def _object_event_roles(cand: Candidate, roles: pt.Roles, lex: Lexicon) -> None:
    """"The summit of X and Y has been postponed", "cancelled a trip to Z": an
    event named as the object takes its parties along; with no doer named,
    the parties of the called-off event are who called it off."""
    for obj in _objects(cand.token):
        pred = match(obj, lex) if obj.i in cand.consumed else None
        if pred is None or obj.pos_ not in NOUN_POS:
            continue
        preps = pred.recipient_preps or lex.type_info(pred.type).recipient_preps
        inner = pt.noun_roles(obj, pred, preps, lex)
        roles.recipients = [t for t in roles.recipients if t.i != obj.i] + inner.recipients
        roles.recipient_how = roles.recipient_how or inner.recipient_how
        if not roles.actors:
            roles.actors = inner.actors or inner.recipients
            roles.actor_how = pt.CLIMBED if roles.actors else None
        return


def _measure_noun(token: Token, lex: Lexicon) -> Token | None:
    """"a package of sanctions", "a wave of strikes": the noun whose verb and
    possessor tell who acted."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "of" and _lemma(prep.head) in lex.measure_nouns:
        return prep.head
    return None


def _verbal(cand: Candidate, lex: Lexicon) -> bool:
    """Verbal cooperation or conflict (CAMEO quad classes 1 and 3): acts done
    by saying something, whose doer is a speaker."""
    code = lex.code(cand.cameo or lex.type_info(cand.type).cameo)
    return code is not None and code.quad_class in (1, 3)


def _participants(
    analysis: Analysis, cand: Candidate, lex: Lexicon, cut: int = 0
) -> tuple[list[ParticipantHit], list[ParticipantHit], pt.Roles]:
    """Actors and recipients; nothing before ``cut`` (a dateline) takes part."""
    roles = _roles(cand, lex)
    if cut:
        for slot in (roles.actors, roles.recipients, roles.fallback_actors):
            slot[:] = [t for t in slot if t.idx >= cut]
    actors = pt.code_all(analysis, roles.actors, lex)
    for part in cand.merged:  # "were killed in clashes with X": X from the clashes
        more = _roles(part, lex)
        actors = actors or pt.code_all(analysis, [t for t in more.actors if t.idx >= cut], lex)
        roles.recipients += [t for t in more.recipients if t.idx >= cut]
    if not actors and roles.fallback_actors:
        actors = pt.code_all(analysis, roles.fallback_actors, lex)
        roles.actor_how = pt.CLIMBED
    crowd = [] if actors else pt.generic_crowd(roles.actors, lex)
    recipients = pt.code_all(analysis, roles.recipients, lex)
    if not recipients:
        recipients = _implied_recipients(analysis, cand, actors, roles, lex)
    victims = []
    if not recipients and lex.type_info(cand.type).crowd_recipient:
        victims = pt.generic_crowd(roles.recipients, lex)  # "eight people were killed"
    pt.localise(analysis, actors + recipients + crowd, cand.token.sent)
    # Victims are rarely named by their attackers' nationality ("killed by
    # Burundian militiamen"); an actor that is a place still says where they were.
    doers = [a for a in actors + crowd
             if not any(p.start < a.end and a.start < p.end for p in analysis.places)]
    pt.localise(analysis, victims, cand.token.sent, avoid=doers)
    actors = actors or [c for c in crowd if not c.code.startswith("---")]
    recipients = recipients or [v for v in victims if not v.code.startswith("---")]
    if cut:
        actors = [a for a in actors if a.start >= cut]
        recipients = [r for r in recipients if r.start >= cut]
    return (*_reciprocity(cand, actors, recipients, roles, lex), roles)


def _implied_recipients(analysis: Analysis, cand: Candidate, actors: list[ParticipantHit],
                        roles: pt.Roles, lex: Lexicon) -> list[ParticipantHit]:  # fmt: skip
    """Whom an event with no grammatical recipient is aimed at, from weaker
    cues, each tried in turn: a content clause, a grievance noun, the
    sentence's context, a purpose clause, a place."""
    info = lex.type_info(cand.type)
    recipients: list[ParticipantHit] = []
    if info.content or (info.purpose and cand.content is not None):
        recipients = _content_recipients(analysis, cand, actors, lex)
        roles.recipient_how = pt.CLIMBED if recipients else None
    if not recipients and info.target_nouns:
        own = {a.code for a in actors}
        targets = pt.target_objects(cand.token, info.target_nouns)
        recipients = [r for r in pt.code_all(analysis, targets, lex) if r.code not in own]
        roles.recipient_how = pt.CLIMBED if recipients else roles.recipient_how
    if not recipients and info.context_recipient and actors:
        recipients = pt.context_recipients(analysis, cand.token, {a.code[:3] for a in actors})
        roles.recipient_how = GUESSED if recipients else roles.recipient_how
    if not recipients and actors:
        verb = cand.token
        if verb.pos_ in NOUN_POS:  # "summoned X's envoy to lodge a protest"
            verb = pt.governing_verb(verb, lex.support_verbs) or verb
        recipients = pt.purpose_addressee(analysis, verb, lex)
        roles.recipient_how = pt.CLIMBED if recipients else roles.recipient_how
    if not recipients and info.place_recipient and (actors or roles.actor_how == pt.DIRECT):
        # A doer is named even if it cannot be coded ("suspected militants
        # attacked a base in X"): the place still says whose territory was hit.
        recipients = pt.place_recipients(analysis, cand.token)
        roles.recipient_how = pt.CLIMBED if recipients else roles.recipient_how
    return recipients


def _reciprocity(cand: Candidate, actors: Parts, recipients: Parts, roles: pt.Roles,
                 lex: Lexicon) -> tuple[Parts, Parts]:  # fmt: skip
    """Reciprocal events ("talks between X and Y") make every party both
    actor and recipient; other events drop recipients that are the actors."""
    reciprocal = cand.pred.reciprocal
    if reciprocal is None:
        reciprocal = lex.type_info(cand.pred.type).reciprocal
    if roles.reciprocal_pair and reciprocal and not actors:
        actors = list(recipients)
    elif reciprocal and not recipients and len({a.code[:3] for a in actors}) > 1:
        recipients = list(actors)
    elif not reciprocal:
        own = {a.code for a in actors}
        recipients = [r for r in recipients if r.code not in own] or (
            recipients if not actors else []
        )
    return actors, recipients


def _content_recipients(
    analysis: Analysis, cand: Candidate, actors: list[ParticipantHit], lex: Lexicon
) -> list[ParticipantHit]:
    """Whom a demand, threat or refusal is aimed at: the subject of its clause
    ("demanded that X withdraw"), else the one the content acts on
    ("threatened to break relations with X")."""
    clause = pt.complement(cand.token)
    own = {a.code for a in actors}
    if clause is not None:
        subjects, how = pt.subject_of(clause)
        inner = pt.code_all(analysis, subjects, lex) if how == pt.DIRECT else []
        if inner and not {a.code for a in inner} & own:
            return inner
    target = cand.content.token if cand.content is not None else clause
    if target is None:
        return []
    heads = [target, *([clause] if clause is not None else []), cand.token]
    conditioned = [
        r for r in pt.code_all(analysis, pt.condition_subjects(heads), lex) if r.code not in own
    ]
    if conditioned:
        return conditioned
    preps = lex.type_info(cand.content.type if cand.content else cand.type).recipient_preps
    if target.pos_ in NOUN_POS:
        roles = pt.noun_roles(target, cand.content.pred if cand.content else cand.pred, preps, lex)
        if not roles.recipients and target.dep_ == "dobj":
            # "threatened to deliver blows to X": the verb carries the target.
            roles.recipients = pt.prep_objects(target.head, ("to", "against"))
    else:
        roles = pt.verb_roles(target, cand.pred, (*preps, "with", "to", "against"), False)
    return [r for r in pt.code_all(analysis, roles.recipients, lex) if r.code not in own]


def _blocked(sent: Span, etype: str, lex: Lexicon) -> bool:
    """Sport reports, story plots and idioms ("a war of words") are not events."""
    text = sent.text.lower()
    for blocker in lex.blockers:
        if blocker.types is not None and etype not in blocker.types:
            continue
        if any(phrase in text for phrase in blocker.phrases):
            return True
        for tok in sent:
            if tok.pos_ not in NOUN_POS or not _words([tok]) & blocker.cues:
                continue
            if blocker.deps is None or tok.dep_ in blocker.deps:
                return True
    return False


def _claim_for(
    analysis: Analysis, token: Token, index: dict[int, ClaimHit], owners: set[int]
) -> ClaimHit:
    """The claims stage's claim for the trigger, else for the verb that carries
    an event noun ("imposed sanctions", "remains a supplier"); a neutral one
    when neither has one (read like any claim), so that every event can be
    traced to a predicate."""
    claim = index.get(token.i)
    if claim is not None:
        return claim
    for hit in analysis.claims:
        if hit.start <= token.idx < hit.end:
            return hit
    for owner in sorted(owners - {token.i}):
        if owner in index:
            return index[owner]
    reading = factuality.assess(token)
    claim = ClaimHit(
        start=token.idx, end=token.idx + len(token.text), token=token.i,
        factuality=factuality.to_factuality(reading.frame, "present"),
    )
    analysis.claims.append(claim)
    index[token.i] = claim
    return claim


def _owners(cand: Candidate, lex: Lexicon) -> set[int]:
    owners = {cand.token.i} | {m.token.i for m in cand.merged}
    prep = cand.token.head
    if cand.token.dep_ == "pobj" and prep.lower_ == "of" and _lemma(prep.head) in lex.aspect_nouns:
        owners.add(prep.head.i)  # "the outbreak of the war in 2022"
    if cand.token.pos_ in NOUN_POS:
        verb = pt.governing_verb(cand.token, lex.support_verbs)
        if verb is not None:
            owners.add(verb.i)
        elif cand.token.dep_ == "attr":
            owners.add(cand.token.head.i)
    return owners


def _time(analysis: Analysis, cand: Candidate, claim: ClaimHit, stops: set[int],
          owners: set[int]) -> TimexHit | None:  # fmt: skip
    if claim.time is not None:
        return claim.time
    for timex in analysis.timexes:
        span = analysis.span(timex.start, timex.end)
        if span is not None and len(span) and anchor_of(span.root, stops).i in owners:
            return timex
    return None


# A recipient read from the sentence's context rather than from the grammar
# (the nearest other country for an untargeted sanction) adds no confidence,
# and two events paired only by sharing a sentence lose some.
GUESSED = "guessed"
GUESS_FACTOR = 0.8


def _confidence(cand: Candidate, roles: pt.Roles, actors: list[ParticipantHit],
                recipients: list[ParticipantHit], lex: Lexicon) -> float:  # fmt: skip
    """Higher when the trigger needed a specific context and when participants
    hang directly on it; climbing or modifier readings are less reliable."""
    score = 0.4 if cand.token.pos_ in ("VERB", "AUX") else 0.35
    score += 0.05 * min(cand.pred.specificity, 2)
    weights = {pt.DIRECT: 0.25, pt.CLIMBED: 0.15, pt.MODIFIED: 0.15, GUESSED: 0.0}
    if actors:
        score += weights.get(roles.actor_how or "", 0.1)
    if recipients:
        score += 0.6 * weights.get(roles.recipient_how or "", 0.1)
    if lex.type_info(cand.type).needs_recipient and not recipients:
        score -= 0.1
    return round(max(0.05, min(score, 0.95)), 2)


def _contexts(cand: Candidate, sent: Span, lex: Lexicon) -> list[str]:
    found = list(cand.pred.contexts) + list(lex.type_info(cand.type).contexts)
    code = lex.code(cand.cameo)
    if code is not None:
        found += list(code.contexts)
    words = _words(sent)
    found += [ctx for ctx, cues in lex.context_cues.items() if cues & words]
    return list(dict.fromkeys(found))


def _pair_counterparts(events: list[tuple[Candidate, EventHit]], lex: Lexicon) -> None:
    """A sale or offer with no recipient and a wish of the counterpart type by
    someone else in the same sentence are two sides of one exchange, when
    the wish is for the same thing or for goods of the same class ("the sale
    of its jets ... interested in radars", not "... interested in hosting
    the games")."""
    for cand, event in events:
        want = lex.type_info(event.type).counterpart
        if want is None or event.recipients or not event.actors:
            continue
        sellers = {a.code[:3] for a in event.actors}
        offered = pt.goods(_objects(cand.token), lex)
        for other_cand, other in events:
            if (other.type == want and not other.recipients and other.actors
                    and other_cand.token.sent.start == cand.token.sent.start
                    and not sellers & {a.code[:3] for a in other.actors}
                    and pt.same_goods(offered, pt.goods(pt.wanted(other_cand.token), lex))):
                event.recipients = list(other.actors)
                other.recipients = list(event.actors)
                # Nothing in the grammar ties the two together: trust both less.
                for paired in (event, other):
                    paired.confidence = round(paired.confidence * GUESS_FACTOR, 2)
                break


def _outer_events(events: list[tuple[Candidate, EventHit]]) -> list[tuple[EventHit, EventHit]]:
    """(inner, outer) pairs: an event noun that is what another event is for
    or during ("a visit on May 5 for the summit")."""
    by_token = {cand.token.i: event for cand, event in events}
    pairs = []
    for cand, event in events:
        prep = cand.token.head
        if cand.token.dep_ == "pobj" and prep.lower_ in NESTING_PREPS:
            outer = by_token.get(prep.head.i)
            if outer is not None:
                pairs.append((event, outer))
    return pairs


def _nested_times(events: list[tuple[Candidate, EventHit]]) -> None:
    """An undated event noun shares the time of the event it is for or during."""
    for event, outer in _outer_events(events):
        if event.time is None and outer.time is not None:
            event.time = outer.time


def _nested_places(events: list[tuple[Candidate, EventHit]]) -> None:
    """"travel to X for talks": the talks are where the trip goes."""
    for event, outer in _outer_events(events):
        if event.location is None and outer.location is not None:
            event.location, event.location_reason = outer.location, FROM_OUTER


def find_candidates(analysis: Analysis, lex: Lexicon) -> list[Candidate]:
    cands = []
    places = frozenset(t.i for p in analysis.places
                       for t in analysis.span(p.start, p.end) or ())
    for token in analysis.doc:
        pred = match(token, lex, places)
        if pred is not None and not reported.under_allegation(token, lex.allegation_nouns):
            cands.append(_candidate(token, pred, lex))
    _resolve_nesting(cands, lex)
    return [c for c in cands if not c.suppressed]


def _code(analysis: Analysis, cand: Candidate, lex: Lexicon, index: dict[int, ClaimHit],
          stops: set[int], cut: int) -> EventHit | None:  # fmt: skip
    """The coded event for one trigger, or None when it has no participant."""
    sent = cand.token.sent
    if _blocked(sent, cand.type, lex):
        return None
    _apply_content(cand, lex)
    actors, recipients, roles = _participants(analysis, cand, lex, cut)
    if not actors and not recipients:
        return None
    owners = _owners(cand, lex)
    claim = _claim_for(analysis, cand.token, index, owners)
    return EventHit(
        claim=claim,
        type=cand.type,
        mode=cand.mode,
        cameo=cand.cameo or lex.type_info(cand.type).cameo,
        contexts=_contexts(cand, sent, lex),
        actors=actors,
        recipients=recipients,
        time=_time(analysis, cand, claim, stops, owners),
        confidence=_confidence(cand, roles, actors, recipients, lex),
    )


def run(analysis: Analysis) -> None:
    lex = load_lexicon(extra_paths_from_env())
    index = {claim.token: claim for claim in analysis.claims}
    stops = set(index)
    cands = find_candidates(analysis, lex)
    stops |= {c.token.i for c in cands}
    stops |= {t.i for t in analysis.doc if t.pos_ == "NOUN" and _lemma(t) in lex.aspect_nouns}
    scene = Scene(stops, {c.token.i for c in cands}, find_dateline(analysis), lex)
    coded: list[tuple[Candidate, EventHit]] = []
    for cand in cands:
        event = _code(analysis, cand, lex, index, stops, scene.dateline.end)
        if event is not None:
            coded.append((cand, event))
    _pair_counterparts(coded, lex)
    threats = reported.conditional_threats(
        analysis, coded, lex, lambda token: _claim_for(analysis, token, index, set()))
    _nested_times(coded)
    for cand, event in coded:
        # After pairing: who takes part decides whether a place is a participant.
        owners = _owners(cand, lex)
        event.location, event.location_reason = locate(analysis, cand, event, owners, scene)
    _nested_places(coded)
    pt.attach_counts(analysis, [(cand.token, event) for cand, event in coded], lex)
    analysis.events.extend(event for _, event in coded)
    for threat in threats:  # said where and when the threat was made, not the act
        threat.location, threat.location_reason = None, NO_PLACE
    analysis.events.extend(threats)


STAGE = Stage(
    name="events",
    reads=("doc", "entities", "timexes", "places", "claims"),
    writes=("events", "claims"),
    run=run,
)
