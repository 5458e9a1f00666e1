"""Light coreference: the mentions that stand for referents already found.

Event coding needs the actor behind every mention, and news text names an
actor once in full and then goes on with "Putin", "he", "the president" or
"the two nations".  The entities stage records each referent and its
mentions in a :class:`Registry`; :func:`resolve_references` then scans the
tokens once and attaches surnames, pronouns, definite descriptions and group
nouns to the referents they most plausibly stand for, looking back no more
than a couple of sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ..document import Actor
from .actors import KnowledgeBase
from .base import EntityHit

if TYPE_CHECKING:
    from .entities import Resolver


@dataclass
class Referent:
    key: tuple[str, ...]
    hit: EntityHit
    first: int


class Registry:
    """Referents keyed by what they are, so repeated names share one hit."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, ...], Referent] = {}
        # (char start, char end, referent, is grammatical subject)
        self.mentions: list[tuple[int, int, Referent, bool]] = []

    def add(
        self, key: tuple[str, ...], name: str, kind: str, actor: Actor | None,
        span: tuple[int, int], subject: bool = False,
    ) -> Referent:
        ref = self.by_key.get(key)
        if ref is None:
            ref = Referent(key, EntityHit(name=name, kind=kind, actor=actor), span[0])
            self.by_key[key] = ref
        if span not in ref.hit.mentions:
            ref.hit.mentions.append(span)
            self.mentions.append((span[0], span[1], ref, subject))
        return ref

    def hits(self) -> list[EntityHit]:
        refs = sorted(self.by_key.values(), key=lambda r: min(r.hit.mentions)[0])
        for ref in refs:
            ref.hit.mentions.sort()
        return [ref.hit for ref in refs]



def is_title_head(kb: KnowledgeBase, tok: Token) -> bool:
    """Whether a word heads a title ("minister", "spokesman")."""
    term = kb.sectors.get(tok.lower_) or kb.sectors.get(tok.lemma_.lower())
    return term is not None and term.kind in ("title", "generic")


def office_of(kb: KnowledgeBase, words: list[str]) -> str | None:
    """The normalised office named by title words, longest phrase first, so
    "deputy foreign minister" is not read as a plain minister."""
    text = " " + " ".join(w for w in words if w not in ("'s", "’s")) + " "
    found = [p for p in kb.offices if f" {p} " in text]
    return kb.offices[max(found, key=len)] if found else None


# --------------------------------------------------------------------------- references

PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
WINDOW = 2  # sentences back that a pronoun or a description may reach


def resolve_references(res: Resolver) -> None:
    """Attach surnames, pronouns, "the president" and "the two nations" to
    the referents already found, scanning the tokens once."""
    doc, reg = res.doc, res.registry
    reg.mentions.sort(key=lambda m: m[0])
    covered = {t.i for start, end, _, _ in reg.mentions for t in _tokens(doc, start, end)}
    covered |= res.consumed
    surnames = {ref.key[1].split()[-1]: ref for ref in reg.by_key.values()
                if ref.key[0] == "P" and ref.key[1].split()}  # a name may be all punctuation
    groups: dict[tuple[str, ...], Referent] = {}
    for tok in doc:
        if tok.i in covered:
            continue
        low = tok.lower_
        if low in PERSONAL_PRONOUNS:
            _link(reg, _antecedent(res, tok, person=True), tok, tok)
        elif low == "its":
            _link(reg, _antecedent(res, tok, person=False), tok, tok)
        elif tok.is_title and tok.text in surnames and tok.pos_ == "PROPN":
            _link(reg, surnames[tok.text], tok, tok)
        elif low in res.kb.group_nouns:
            _group(res, tok, groups)
        elif is_title_head(res.kb, tok) and tok.pos_ in ("NOUN", "PROPN"):
            _definite(res, tok)


def _tokens(doc: Doc, start: int, end: int) -> Span | list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else []


def _link(reg: Registry, ref: Referent | None, first: Token, last: Token) -> None:
    if ref is None:
        return
    subject = first.dep_ in ("nsubj", "nsubjpass")
    reg.add(ref.key, ref.hit.name, ref.hit.kind, ref.hit.actor,
            (first.idx, last.idx + len(last.text)), subject)


def _recent(res: Resolver, tok: Token) -> list[tuple[int, int, Referent, bool]]:
    """Mentions before ``tok`` within the last few sentences, nearest last."""
    sents = list(tok.doc.sents)
    index = next(i for i, s in enumerate(sents) if s.start <= tok.i < s.end)
    floor = sents[max(0, index - WINDOW)].start_char
    return [m for m in res.registry.mentions if floor <= m[0] and m[1] <= tok.idx]


def _antecedent(res: Resolver, tok: Token, person: bool) -> Referent | None:
    """The latest compatible subject, else the latest compatible mention."""
    recent = [m for m in _recent(res, tok) if (m[2].key[0] == "P") == person]
    if not person:
        recent = [m for m in recent if m[0] >= tok.sent.start_char and m[2].hit.actor]
    subjects = [m for m in recent if m[3]]
    pick = subjects or recent
    return pick[-1][2] if pick else None


def _definite(res: Resolver, tok: Token) -> None:
    """"the president" after a president was named."""
    kids = list(tok.lefts)
    if not any(k.lower_ == "the" for k in kids) or tok.dep_ == "compound":
        return
    if any(k.i in res.consumed or k.ent_type_ for k in kids):
        return
    mods = [k for k in kids if k.dep_ in ("amod", "compound")]
    words = [*(k.lower_ for k in mods), tok.lower_]
    office = office_of(res.kb, words)
    for _, _, ref, _ in reversed(_recent(res, tok)):
        actor = ref.hit.actor
        if ref.key[0] != "P" or actor is None or not actor.role:
            continue
        role = actor.role.lower()
        if tok.lower_ in role and (office is None or office_of(res.kb, role.split()) == office):
            _link(res.registry, ref, mods[0] if mods else tok, tok)
            return


def _group(res: Resolver, tok: Token, groups: dict[tuple[str, ...], Referent]) -> None:
    """"the two nations", "both sides": a group entity over the most salient
    actors so far (mentions counted, recent ones weighted up)."""
    quant = [k for k in tok.lefts if k.lower_ in res.kb.group_quantifiers]
    if not quant:
        return
    size = 3 if quant[0].lower_ == "three" else 2
    sent_floor = _recent_floor(tok)
    score: dict[str, float] = {}
    best: dict[str, Referent] = {}
    for start, _, ref, _ in res.registry.mentions:
        actor = ref.hit.actor
        if start >= tok.idx or actor is None or not actor.country or ref.hit.kind == "GROUP":
            continue
        root = actor.country
        score[root] = score.get(root, 0.0) + (3.0 if start >= sent_floor else 1.0)
        current = best.get(root)
        if current is None or (ref.key == ("C", root)) or (
            current.key != ("C", root) and len(ref.hit.mentions) > len(current.hit.mentions)
        ):
            best[root] = current if current is not None and current.key == ("C", root) else ref
    ranked = sorted(score, key=lambda r: -score[r])[:size]
    if len(ranked) < 2:
        return
    members = [best[r] for r in ranked]
    key = ("GROUP", *sorted(m.hit.name for m in members))
    start_tok = min([*quant, *[k for k in tok.lefts if k.lower_ == "the"]], key=lambda t: t.i)
    ref = res.registry.add(key, " and ".join(m.hit.name for m in members), "GROUP", None,
                           (start_tok.idx, tok.idx + len(tok.text)),
                           tok.dep_ in ("nsubj", "nsubjpass"))
    ref.hit.members = [m.hit for m in members]
    groups[key] = ref


def _recent_floor(tok: Token) -> int:
    sents = list(tok.doc.sents)
    index = next(i for i, s in enumerate(sents) if s.start <= tok.i < s.end)
    return sents[max(0, index - 1)].start_char
