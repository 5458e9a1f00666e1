"""Who did what to whom: actor and recipient phrases of an event trigger.

Participants are read off the dependency tree rather than from word order,
because news syntax routinely separates a predicate from its doer: passives
("was attacked by X"), raising and control ("X is expected to visit"),
nominalisations ("X's visit to Y", "the X-Y summit") and coordination.
Each phrase is then coded from the entities stage (``EntityHit.actor``);
a generic head noun adds a sector ("Turkish police" -> TURCOP).  Also here:
what a sale and a wish are about (to pair buyer and seller) and the counts
of the killed, injured, arrested or marching that belong to an event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .actors import load_kb
from .base import Analysis, EntityHit, EventHit, ParticipantHit, QuantityHit
from .codebook import Lexicon, Predicate, load_lexicon

SUBJ = ("nsubj", "nsubjpass", "csubj")
MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod")
LOCATIVE_PREPS = ("of", "from", "in", "by")
PERSONAL_PRONOUNS = ("it", "its", "they", "their", "them", "he", "his", "him", "she", "her")
RELATIVE_TAGS = ("WDT", "WP", "WP$")
CLAUSE_TOPS = ("ROOT", "ccomp", "parataxis")
TARGET_PREPS = ("of", "against", "for", "over", "at", "to")
CONDITION_MARKS = ("if", "unless")
CONTROL_BY_OBJECT = ("order", "urge", "ask", "force", "persuade", "tell", "call", "invite")
JUDGEMENT_DEPS = ("oprd", "acomp")

# How a participant was found; the events stage turns these into confidence.
DIRECT = "direct"
CLIMBED = "climbed"
MODIFIED = "modifier"


@dataclass
class Roles:
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    actor_how: str | None = None
    recipient_how: str | None = None
    reciprocal_pair: bool = False
    fallback_actors: list[Token] = field(default_factory=list)


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("A, B and C")."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(conjuncts(child))
    return out


def _children(token: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token: Token, preps: tuple[str, ...] | frozenset[str]) -> list[Token]:
    found: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    found.extend(conjuncts(obj))
    return found


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the given prepositions on ``token``, coordination included."""
    return _pobjs(token, preps)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subject_of(verb: Token, depth: int = 0, speech: bool = False) -> tuple[list[Token], str | None]:
    """The doer of ``verb``, climbing through coordination, control, raising
    and relative clauses when the verb has no subject of its own.  With
    ``speech`` (a verbal act: accusing, urging), a verb coordinated with a
    reported clause may belong to the reporting clause (``reporting_conj``)."""
    if depth > 4:
        return [], None
    if is_passive(verb):
        agents = _pobjs(verb, ("by",))
        if agents:
            return agents, DIRECT
    else:
        subj = _children(verb, ("nsubj", "csubj"))
        if subj:
            if subj[0].tag_ in RELATIVE_TAGS and verb.dep_ == "relcl":
                return conjuncts(verb.head), CLIMBED
            return [t for s in subj for t in conjuncts(s)], DIRECT
    head = verb.head
    if head.i == verb.i:
        return [], None
    if verb.dep_ == "conj":
        reporter = reporting_conj(verb) if speech else None
        return _climbed(subject_of(reporter or head, depth + 1))
    if verb.dep_ == "xcomp":
        objs = _children(head, ("dobj",))
        if objs and head.lemma_.lower() in CONTROL_BY_OBJECT:
            return conjuncts(objs[0]), CLIMBED
        raised = _children(head, ("nsubjpass",)) if is_passive(head) else []
        return (conjuncts(raised[0]), CLIMBED) if raised else _climbed(subject_of(head, depth + 1))
    if verb.dep_ == "advcl" and (
        any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        or (verb.tag_ == "VBG" and not any(c.dep_ == "mark" for c in verb.children))
    ):
        return _climbed(subject_of(head, depth + 1))
    if verb.dep_ == "acomp":
        return _climbed(subject_of(head, depth + 1))
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return conjuncts(head), CLIMBED
    if verb.dep_ == "pcomp" and head.head.i != head.i:
        return _climbed(subject_of(head.head, depth + 1))
    return [], None


def reporting_conj(verb: Token) -> Token | None:
    """"X said troops had opened fire and accused Y", "X said conditions were
    not ripe and urged Y": a simple past verb coordinated with the verb of a
    reported clause cannot share that verb's auxiliary or copula, so it is
    coordinated with the reporting verb, whose subject is its own."""
    head = verb.head
    if verb.dep_ != "conj" or verb.tag_ != "VBD" or head.dep_ != "ccomp":
        return None
    reporter = head.head
    if reporter.pos_ != "VERB" or reporter.tag_ != "VBD":
        return None
    bound = head.lemma_ == "be" or any(c.dep_ in ("aux", "auxpass") for c in head.children)
    return reporter if bound or _event_subject(head) else None


def _event_subject(clause: Token) -> bool:
    """"X said the release showed ... and called on Y": an event ("the release")
    cannot make the speech act coordinated with its clause, the reporter does."""
    predicates = load_lexicon().predicates
    return any(
        s.pos_ == "NOUN" and any("NOUN" in p.pos for p in predicates.get(s.lemma_.lower(), []))
        for s in _children(clause, ("nsubj",))
    )


def noun_doer(noun: Token) -> list[Token]:
    """Who acts in an intention or process noun: its possessor ("X's bid to
    buy"), else the subject of the verb it hangs on ("X is in talks to buy",
    "X made an offer to mediate")."""
    owners = [t for p in _children(noun, ("poss",)) for t in conjuncts(p)]
    if owners:
        return owners
    node = noun.head if noun.dep_ == "pobj" else noun
    if node.dep_ in ("prep", "dobj", "attr", "pobj", "oprd") and node.head.pos_ in ("VERB", "AUX"):
        return subject_of(node.head)[0]
    return []


def proposers(noun: Token) -> list[Token]:
    """Who put forward what a verbal act answers: "a plan drafted by X", "a
    proposal for a truce put forward by X" (the "by" phrase may hang on the inner noun)."""
    found: list[Token] = []
    for tok in [noun, *_pobjs(noun, ("for", "of", "on"))]:
        for clause in _children(tok, ("acl", "relcl")):
            found += _pobjs(clause, ("by",))
    return found


def _climbed(found: tuple[list[Token], str | None]) -> tuple[list[Token], str | None]:
    tokens, how = found
    return tokens, (CLIMBED if tokens else how)


def complement(trigger: Token) -> Token | None:
    """The clause or verbal noun a speech act or intention is about."""
    for child in trigger.children:
        if child.dep_ in ("xcomp", "ccomp"):
            return child
    return None


def verb_roles(trigger: Token, pred: Predicate, preps: tuple[str, ...], consumed: bool,
               speech: bool = False) -> Roles:  # fmt: skip
    roles = Roles()
    roles.actors, roles.actor_how = subject_of(trigger, speech=speech)
    recips: list[Token] = []
    if is_passive(trigger):
        recips += [t for s in _children(trigger, ("nsubjpass",)) for t in conjuncts(s)]
    recips += [t for d in _children(trigger, ("dative",)) for t in conjuncts(d) if d.pos_ != "ADP"]
    recips += _pobjs(trigger, ("to",)) if "to" in preps else []
    for obj in _children(trigger, ("dobj",)):
        if consumed:
            recips += _pobjs(obj, (*preps, "in"))
        else:
            recips += conjuncts(obj) + _pobjs(obj, preps)
        if speech:
            recips += proposers(obj)
    recips += _pobjs(trigger, tuple(p for p in preps if p != "to"))
    roles.recipients = recips
    roles.recipient_how = DIRECT if recips else None
    if pred.swap_roles:
        roles.actors, roles.recipients = roles.recipients, roles.actors
        roles.actor_how, roles.recipient_how = roles.recipient_how, roles.actor_how
    return roles


def governing_verb(noun: Token, support: frozenset[str]) -> Token | None:
    """The verb that lends its subject to an event noun ("held talks")."""
    head = noun.head
    if noun.dep_ == "conj":
        return governing_verb(head, support)
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        if noun.dep_ == "dobj" and _children(head, JUDGEMENT_DEPS):
            return None  # "called the accusation groundless": a verdict on it, not a doer
        return head if head.lemma_.lower() in support or noun.dep_ == "attr" else None
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        verb = head.head
        return verb if verb.lemma_.lower() in support else None
    return None


def noun_roles(noun: Token, pred: Predicate, preps: tuple[str, ...], lex: Lexicon) -> Roles:
    roles = Roles()
    skip = pred.modifier | {noun.lower_}
    owners = [t for p in _children(noun, ("poss",)) for t in conjuncts(p)]
    mods = [
        m
        for c in noun.children
        if c.dep_ in ("compound", "amod", "nmod") and c.lower_ not in skip
        for m in _compound_chain(c)
    ]
    roles.actors = owners + _pobjs(noun, ("by",))
    if pred.of_role == "actor":
        roles.actors += _pobjs(noun, ("of",))
    roles.actor_how = DIRECT if roles.actors else None
    if pred.agentive:
        roles.actors += [noun]
        if noun.dep_ == "attr":
            roles.actors += _children(noun.head, ("nsubj",))
        roles.actor_how = roles.actor_how or DIRECT
    recips = _pobjs(noun, preps)
    if pred.of_role == "recipient":
        recips += _pobjs(noun, ("of",))
    elif pred.of_role == "object":
        recips += [
            t for o in _pobjs(noun, ("of",)) for t in _pobjs(o, ("from", "to", "in", "with"))
        ]
    between = _pobjs(noun, ("between",))
    if between:
        recips = [t for t in recips if t not in between]
    roles.recipients = recips
    roles.recipient_how = DIRECT if recips else None
    if between:
        roles.reciprocal_pair = True
        roles.recipients += between
        roles.recipient_how = DIRECT
    if mods and not pred.agentive:
        roles.actors += mods
        roles.actor_how = roles.actor_how or MODIFIED
    verb = governing_verb(noun, lex.support_verbs)
    if verb is not None and pred.of_role == "recipient" and noun.dep_ == "pobj" and not recips:
        # "X was placed under house arrest", "put X under arrest": who undergoes it
        undergo = ("nsubjpass",) if is_passive(verb) else ("dobj",)
        roles.recipients += [t for o in _children(verb, undergo) for t in conjuncts(o)]
        roles.recipient_how = roles.recipient_how or (DIRECT if roles.recipients else None)
    if verb is not None and not owners:
        roles.fallback_actors = subject_of(verb)[0]
        if noun.dep_ == "dobj":
                extra = _pobjs(verb, preps)
                roles.recipients += extra
                roles.recipient_how = roles.recipient_how or (DIRECT if extra else None)
    return roles


def _compound_chain(token: Token) -> list[Token]:
    """A modifier and the modifiers nested in it ("India-Russia" -> both)."""
    out = [token]
    for c in token.children:
        if c.dep_ in ("compound", "amod", "conj", "nmod"):
            out.extend(_compound_chain(c))
    return out


def _entity(analysis: Analysis, token: Token) -> EntityHit | None:
    ent = analysis.entity_at(token.idx, token.idx + len(token.text))
    return ent if ent is not None and ent.actor is not None else None


def _country_entity(analysis: Analysis, token: Token) -> EntityHit | None:
    """The most specific coded entity with a country over ``token``: inside
    "British Defence Secretary Tom King" the word "British" may belong both to
    the person (country unknown) and to a nationality mention."""
    start, end = token.idx, token.idx + len(token.text)
    best: tuple[int, EntityHit] | None = None
    for ent in analysis.entities:
        if ent.actor is None or not _has_country(ent.actor.code):
            continue
        for m_start, m_end in ent.mentions:
            if m_start < end and start < m_end and (best is None or m_end - m_start < best[0]):
                best = (m_end - m_start, ent)
    return best[1] if best else None


def _with_sector(code: str, head: Token, lex: Lexicon) -> str:
    sector = lex.sectors.get(head.lemma_.lower()) or lex.sectors.get(head.lower_)
    if sector and len(code) == 3 and head.pos_ in ("NOUN", "PROPN"):
        return code + sector
    return code


def code_phrase(
    analysis: Analysis, token: Token, lex: Lexicon, depth: int = 0
) -> list[ParticipantHit]:
    """The coded actor a noun phrase refers to: its own entity, else a coded
    modifier (titles, nationality adjectives, possessors), else the object of
    of/from/in ("forces in Guinea", "the president of Armenia")."""
    group = analysis.entity_at(token.idx, token.idx + len(token.text))
    if group is not None and group.members:
        # "both sides", "the two nations": every member takes part.
        return [_hit(analysis, token, m, m.actor.code) for m in group.members
                if m.actor is not None]
    ent = _entity(analysis, token)
    own: ParticipantHit | None = None
    if ent is not None and ent.actor is not None:
        own = _hit(analysis, token, ent, ent.actor.code)
        if _has_country(own.code):
            # "Hungarian and Romanian officials": one phrase, two countries.
            mods = _from_modifiers(analysis, token, lex) if depth == 0 else []
            return mods if len({m.code[:3] for m in mods}) > 1 else [own]
    if token.lower_ in PERSONAL_PRONOUNS and own is None:
        return _antecedent(analysis, token, lex, depth)
    if depth > 2 or token.pos_ in ("VERB", "AUX"):
        return [own] if own else []
    found = _from_modifiers(analysis, token, lex)
    # "X, Algeria's leading activist", "the envoy, Y": an apposition names
    # the same referent, so its country is the phrase's country.
    apposed = _children(token, ("appos",))
    for obj in [] if found else _pobjs(token, LOCATIVE_PREPS) + apposed:
        found = code_phrase(analysis, obj, lex, depth + 1)
        if obj.dep_ == "appos":  # an acronym or a vague gloss adds nothing
            found = [h for h in found if _has_country(h.code)]
        if found and token.tag_ in ("NNS", "NNPS") and obj.dep_ != "appos":
            # "the leaders of X, Y and Z": a plural head stands for each of them
            for other in conjuncts(obj)[1:]:
                found += code_phrase(analysis, other, lex, depth + 1)
        for hit in found:
            hit.code = _with_sector(hit.code, token, lex)
        if found:
            break
    if own is None and not found and depth == 0:
        found = _taken_up(analysis, token, lex)
    if own is not None and found:
        # "U.N. mediator Diego Cordovez": a person of unknown country takes the
        # country of the title's modifier and keeps their own sector.
        own.code = found[0].code[:3] + (own.code[3:] or found[0].code[3:])
        return [own]
    return [own] if own else found


def _has_country(code: str) -> bool:
    return not code.startswith(("---", "UNK"))


def _from_modifiers(analysis: Analysis, token: Token, lex: Lexicon) -> list[ParticipantHit]:
    """Coded modifiers, nearest first; coordinated ones all count
    ("Hungarian and Romanian officials")."""
    queue = [c for c in token.children if c.dep_ in MODIFIER_DEPS]
    while queue:
        mod = queue.pop(0)
        hits = []
        for part in conjuncts(mod):
            ent = _country_entity(analysis, part)
            if ent is not None and ent.actor is not None:
                hits.append(_hit(analysis, part, ent, _with_sector(ent.actor.code, token, lex)))
        if hits:
            return hits
        queue.extend(c for c in mod.children if c.dep_ in MODIFIER_DEPS)
    return []


def _antecedent(
    analysis: Analysis, pronoun: Token, lex: Lexicon, depth: int = 0
) -> list[ParticipantHit]:
    """A pronoun the entities stage left unresolved, read as the subject of the
    reporting clause it sits in ("X said it would ...", "X closed its border").
    ``depth`` is carried on: a subject whose phrase holds another pronoun must
    not send the search round in a circle."""
    if depth > 2:
        return []
    node = pronoun.head
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            for subj in _children(node, ("nsubj", "nsubjpass")):
                if subj.tag_ in RELATIVE_TAGS and node.dep_ == "relcl":
                    subj = node.head  # "X, which adopted its ...": its = X
                if subj.i != pronoun.i and subj.lower_ not in PERSONAL_PRONOUNS:
                    return code_phrase(analysis, subj, lex, depth + 1)
        if node.head.i == node.i:
            break
        node = node.head
    return []


ANAPHOR_REACH = 600  # characters: about three sentences back


def _actor_kind(ent: EntityHit) -> str | None:
    if ent.actor is None or not _has_country(ent.actor.code):
        return None
    if ent.actor.sector:
        return ent.actor.sector.lower()
    return "body" if ent.kind == "ORG" and len(ent.actor.code) == 3 else None


def _taken_up(analysis: Analysis, token: Token, lex: Lexicon) -> list[ParticipantHit]:
    """"The group", "the force": a definite singular noun that no entity covers
    takes up the nearest body named before it that such a noun can stand for
    (rebels for "the group", an international body for "the mission"), so an
    accusation against "the force" reaches the peacekeepers named a sentence earlier."""
    kinds = lex.anaphors.get(token.lemma_.lower())
    if not kinds or token.tag_ != "NN" or not any(
        c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children
    ):
        return []
    for mod in _children(token, ("amod", "compound")):
        sector = lex.sectors.get(mod.lemma_.lower())
        if sector:  # "the rebel group": only rebels
            kinds = (sector.lower(),)
    # the most likely kind first, then the nearest body of that kind
    best: tuple[int, int, EntityHit] | None = None
    for ent in analysis.entities:
        kind = _actor_kind(ent)
        if kind not in kinds:
            continue
        for m_start, m_end in ent.mentions:
            key = (-kinds.index(kind), m_start)
            in_reach = token.idx - ANAPHOR_REACH <= m_start and m_end <= token.idx
            if in_reach and (best is None or key > best[:2]):
                best = (*key, ent)
    if best is None or best[2].actor is None:
        return []
    return [ParticipantHit(code=best[2].actor.code, start=token.idx,
                           end=token.idx + len(token.text), entity=best[2])]


def _hit(analysis: Analysis, token: Token, ent: EntityHit, code: str) -> ParticipantHit:
    start, end = token.idx, token.idx + len(token.text)
    for m_start, m_end in ent.mentions:
        if m_start < end and start < m_end:
            start, end = m_start, m_end
            break
    return ParticipantHit(code=code, start=start, end=end, entity=ent)


def code_all(analysis: Analysis, tokens: list[Token], lex: Lexicon) -> list[ParticipantHit]:
    """Coded participants for the phrases headed by ``tokens``, one per code."""
    hits: list[ParticipantHit] = []
    seen: set[str] = set()
    for token in tokens:
        for hit in code_phrase(analysis, token, lex):
            if hit.code not in seen:
                seen.add(hit.code)
                hits.append(hit)
    return hits


def _country_mentions(analysis: Analysis, sent: Span) -> list[tuple[int, str]]:
    """(char offset, country) of every country-bearing mention in ``sent``:
    coded entities ("Chilean", "Kenya Anti-Corruption Commission") and
    resolved toponyms ("in Algiers")."""
    countries = load_kb().country_names
    found: list[tuple[int, str]] = []
    for ent in analysis.entities:
        if ent.actor is None or not _has_country(ent.actor.code) or ent.members:
            continue
        code = ent.actor.country or ent.actor.code[:3]
        if code not in countries:
            continue
        found += [(s, code) for s, e in ent.mentions if sent.start_char <= s and e <= sent.end_char]
    found += [
        (p.start, p.country)
        for p in analysis.places
        if p.country in countries and sent.start_char <= p.start and p.end <= sent.end_char
    ]
    return found


def localise(analysis: Analysis, hits: list[ParticipantHit], sent: Span,
             avoid: list[ParticipantHit] | None = None) -> None:
    """A participant of unknown country ("President X" missing from the office
    lists, "General Y") takes the country of the nearest country-bearing
    mention in its sentence: news names a foreign leader's country near the
    name far more often than it leaves it out, and "---GOV" helps nobody."""
    unknown = [h for h in hits if h.code.startswith("---")]
    if not unknown:
        return
    mentions = [(start, code) for start, code in _country_mentions(analysis, sent)
                if not any(a.start <= start < a.end for a in avoid or [])]
    for hit in unknown:
        near = [(abs(start - hit.start), code) for start, code in mentions
                if not hit.start <= start < hit.end]  # fmt: skip
        if near:
            hit.code = min(near)[1] + hit.code[3:]


def condition_subjects(heads: list[Token]) -> list[Token]:
    """"X threatened to walk out unless Y pays": a threat or demand is aimed
    at whoever must meet its condition."""
    found: list[Token] = []
    for head in heads:
        for clause in _children(head, ("advcl",)):
            if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in clause.children):
                found += [t for s in _children(clause, ("nsubj",)) for t in conjuncts(s)]
    return found


def target_objects(trigger: Token, nouns: frozenset[str]) -> list[Token]:
    """Objects of a grievance noun in the trigger's clause ("in defiance of X",
    "to show disapproval of X's policy"): what a protest is aimed at."""
    top = trigger
    while top.dep_ not in CLAUSE_TOPS and top.head.i != top.i:
        top = top.head
    found: list[Token] = []
    for tok in top.subtree:
        if tok.i != trigger.i and tok.lemma_.lower() in nouns:
            found += _pobjs(tok, TARGET_PREPS)
    return found


# Words that make a sanction the cause or circumstance of what its clause
# reports ("lost income because of X's tariffs", "were hit by X's tariffs",
# "held up despite sanctions", "fell after tariffs took effect").
CAUSE_PREPS = ("because", "despite", "under", "from", "by", "since", "after", "amid", "amidst",
               "following", "due", "owing")
CAUSE_MARKS = ("since", "after", "because", "as", "once")
# A sanction in one of these slots is what someone says, wants or welcomes,
# which tells nothing about whom it hits.
ARGUMENT_DEPS = ("dobj", "xcomp", "ccomp", "attr", "oprd", "appos", "conj")


def _affected_clause(trigger: Token) -> Token | None:
    """The clause a sanction is a cause or circumstance of, or None when the
    sanction is an argument of another predicate ("X welcomed the sanctions",
    "Y urged Z to impose sanctions", "W said the tariffs would hurt")."""
    node = trigger
    for _ in range(8):
        head = node.head
        if head.i == node.i or node.dep_ in ARGUMENT_DEPS:
            return None
        if head.dep_ in ("prep", "agent") and head.lower_ in CAUSE_PREPS:
            host = head.head
            while host.dep_ in ("prep", "pcomp") and host.head.i != host.i:
                host = host.head  # "because of", "due to"
            return host
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CAUSE_MARKS for c in node.children
        ):
            return head
        node = head
    return None


def context_recipients(analysis: Analysis, trigger: Token, own: set[str]) -> list[ParticipantHit]:
    """The target of a sanction named only by its imposer ("U.S. tariffs"):
    when the sanction is the cause or circumstance of what a clause reports
    ("exporters in X hit by U.S. tariffs", "X's revenue held up despite
    sanctions"), the nearest other country before it in that clause is who
    the clause is about.  Anywhere else nothing ties a country to it."""
    host = _affected_clause(trigger)
    if host is None:
        return []
    while host.pos_ not in ("VERB", "AUX") and host.head.i != host.i:
        host = host.head  # "faced losses under X's tariffs": the clause, not "losses"
    scope = host.head if host.dep_ in ("relcl", "acl") else host
    lo = min(t.idx for t in scope.subtree)
    countries = load_kb().country_names
    best: tuple[int, EntityHit, int] | None = None
    for ent in analysis.entities:
        if ent.actor is None or ent.members or not _has_country(ent.actor.code):
            continue
        code = ent.actor.country or ent.actor.code[:3]
        if code not in countries or code in own:
            continue
        for start, end in ent.mentions:
            before = lo <= start and end <= trigger.idx
            if before and (best is None or start > best[0]):
                best = (start, ent, end)
    if best is None or best[1].actor is None:
        return []
    start, ent, end = best
    return [ParticipantHit(code=best[1].actor.code, start=start, end=end, entity=ent)]


CLAUSE_BARRIERS = ("xcomp", "ccomp", "acl", "csubj", "parataxis")


def hit_directly(token: Token, trigger: Token) -> bool:
    """The trigger's object ("seized X", "X was shelled") or the object of
    its own preposition ("fired into X"), not a word inside another phrase
    ("protested against X's decision", "a man from X was arrested")."""
    if token.head.i == trigger.i:
        return token.dep_ in ("dobj", "nsubjpass")
    return token.dep_ == "pobj" and token.head.head.i == trigger.i and token.head.lower_ in (
        "on", "into", "against", "at")


def within_clause(token: Token, trigger: Token) -> bool:
    """Whether ``token`` sits in the trigger's own clause, its participants'
    phrases and relative or time clauses included, but not in a complement
    ("threatened to ban voting in X") or a participial modifier ("a guard
    involved in a shooting in X")."""
    node = token
    while node.i != trigger.i:
        if node.dep_ in CLAUSE_BARRIERS or node.head.i == node.i:
            return False
        node = node.head
    return True


PLACE_BARRIERS = ("nsubj", "nsubjpass", "csubj", "parataxis", "conj", "relcl")


def _reachable(trigger: Token, token: Token) -> bool:
    """Whether ``token`` belongs to the trigger's own phrase rather than to
    its subject, a coordinated clause or a reporting tail ("..., X reported
    from Y")."""
    node = token
    while node.i != trigger.i:
        if node.dep_ in PLACE_BARRIERS or node.head.i == node.i:
            return False
        node = node.head
    return True


def place_recipients(analysis: Analysis, trigger: Token) -> list[ParticipantHit]:
    """An attack, curfew or protest whose only target is a place ("fired at
    positions in X", "imposed a curfew in X") is aimed at that place's
    country: event data codes the territory when no one is named."""
    best: tuple[int, ParticipantHit] | None = None
    for place in analysis.places:
        span = analysis.span(place.start, place.end)
        if not place.country or span is None or not len(span):
            continue
        if not _reachable(trigger, span.root):
            continue
        ent = analysis.entity_at(place.start, place.end)
        if ent is None or ent.actor is None or ent.actor.code[:3] != place.country:
            ent = None
        hit = ParticipantHit(code=place.country, start=place.start, end=place.end, entity=ent)
        distance = abs(span.root.i - trigger.i)
        if best is None or distance < best[0]:
            best = (distance, hit)
    return [best[1]] if best else []


def purpose_addressee(analysis: Analysis, trigger: Token, lex: Lexicon) -> list[ParticipantHit]:
    """"X summoned Y's envoy to complain", "X called in Y to protest": the
    purpose clause has no object of its own, and the one it is addressed to
    is the object of the verb it explains (unless that object is its doer,
    as after "urge" or "ask")."""
    head = trigger.head
    if trigger.dep_ not in ("xcomp", "advcl") or head.pos_ not in ("VERB", "AUX"):
        return []
    if head.lemma_.lower() in CONTROL_BY_OBJECT or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children
    ):
        return []
    objs = [t for o in _children(head, ("dobj",)) for t in conjuncts(o)]
    return code_all(analysis, objs, lex)


LOCAL_SECTORS = ("CVL", "OPP", "JUD")
QUANTITY_HEADS = ("hundreds", "thousands", "tens", "dozens", "scores", "millions", "crowds")


def generic_crowd(tokens: list[Token], lex: Lexicon) -> list[ParticipantHit]:
    """"Thousands of protesters", "hundreds of people": a crowd no entity
    covers acts where it is, so it is coded as civilians (or opposition) of
    unknown country for ``localise`` to place; so does an unnamed court, which
    only ever sits at home.  Soldiers and police are left out: they act abroad
    too often for their location to say whose they are."""
    hits: list[ParticipantHit] = []
    for token in tokens:
        head = token
        if token.lower_ in QUANTITY_HEADS:
            inner = _pobjs(token, ("of",))
            head = inner[0] if inner else token
        sector = lex.sectors.get(head.lemma_.lower()) or lex.sectors.get(head.lower_)
        if sector in LOCAL_SECTORS and head.pos_ == "NOUN":
            left = min(t.idx for t in token.subtree)
            hits.append(ParticipantHit(code="---" + sector, start=left,
                                       end=head.idx + len(head.text)))
    return hits


# --- what an exchange is about, and how many took part or were hurt ------------------


def _words(tokens: list[Token]) -> set[str]:
    return {w for t in tokens for w in (t.lemma_.lower(), t.lower_)}


def wanted(token: Token) -> list[Token]:
    """What a wish is for: "interested in X", "keen on buying X", "seeks X"."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ == "dobj":
            found += conjuncts(child)
        if child.dep_ != "prep" or child.lower_ not in ("in", "on"):
            continue
        for obj in child.children:
            if obj.dep_ == "pobj":
                found += conjuncts(obj)
            elif obj.dep_ == "pcomp":
                found += [t for d in obj.children if d.dep_ == "dobj" for t in conjuncts(d)]
    return found


def goods(items: list[Token], lex: Lexicon) -> tuple[set[str], set[str]]:
    """Head words of traded items and their classes (from the head and its
    compounds: "a coastal missile battery" is arms)."""
    heads = _words([t for t in items if t.pos_ in ("NOUN", "PROPN")])
    kinds = {
        lex.goods[w]
        for t in items
        for w in _words([t, *(c for c in t.children if c.dep_ in ("compound", "amod"))])
        if w in lex.goods
    }
    return heads, kinds


def same_goods(offered: tuple[set[str], set[str]], asked: tuple[set[str], set[str]]) -> bool:
    """The same thing, or things of one class ("jets" and "radars")."""
    return bool(offered[0] & asked[0] or offered[1] & asked[1])


COUNT_SLOTS = ("nsubj", "nsubjpass", "dobj")


def _counted(analysis: Analysis, quantity: QuantityHit) -> tuple[Token, Token] | None:
    """The phrase a count heads and the noun it counts: "30 soldiers",
    "thousands of protesters" (the phrase is "thousands"), or the number
    itself ("more than 400 were injured")."""
    span = analysis.span(quantity.start, quantity.end)
    if span is None or not len(span):
        return None
    root = span.root
    if root.dep_ in ("nummod", "quantmod") and root.head.i != root.i:
        return root.head, root.head
    inner = _pobjs(root, ("of",))
    return root, inner[0] if inner else root


def _count_role(phrase: Token, noun: Token, lex: Lexicon) -> tuple[str, str] | None:
    """(role, event type) of a count: from the verb whose subject or object
    its phrase is ("were killed"), else from the noun itself ("protesters")."""
    heads = [phrase.head] if phrase.dep_ in COUNT_SLOTS else []
    heads += [c for t in (phrase, noun) for c in t.children if c.dep_ in ("relcl", "acl", "amod")]
    for word in [*heads, noun]:
        role = lex.count_roles.get(word.lemma_.lower()) or lex.count_roles.get(word.lower_)
        if role is not None:
            return role
    return None


def attach_counts(analysis: Analysis, events: list[tuple[Token, EventHit]],
                  lex: Lexicon) -> None:  # fmt: skip
    """Casualty, arrest and crowd counts go to the nearest event of their type
    in their sentence ("attacked a base, killing at least 30 soldiers")."""
    for quantity in analysis.quantities:
        if quantity.kind != "count":
            continue
        counted = _counted(analysis, quantity)
        role = _count_role(*counted, lex) if counted is not None else None
        if counted is None or role is None:
            continue
        noun = counted[1]
        near = [(abs(trigger.i - noun.i), event) for trigger, event in events
                if event.type == role[1] and trigger.sent.start == noun.sent.start]
        if near:
            min(near, key=lambda pair: pair[0])[1].counts.append((role[0], quantity))
