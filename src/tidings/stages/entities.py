"""Stage: named entities with CAMEO-style actor codes, mentions grouped.

Reads: the spaCy ``Doc`` and ``published``.  Writes: ``entities``.

Recognition merges spaCy NER with one phrase-matcher pass over the actor
knowledge base (:mod:`tidings.stages.actors`), which knows names NER misses
or mislabels ("RT", "the Kremlin", "Western").  Titles in front of a name,
or in an apposition, give a person's country and sector even when the
person is unknown (a title without a country takes the one its context
gives, see :func:`coref.title_context`); a person's office is otherwise read
from the office holder table on the publication date.  A light coreference pass
(:mod:`tidings.stages.coref`) then adds surnames, pronouns, "the president"
and "the two nations" to the referents they stand for, because event coding
needs the actor behind every mention.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..document import Actor
from .actors import (
    FORMER_SECTOR,
    UNKNOWN_ROOT,
    UNKNOWN_SECTOR,
    KnowledgeBase,
    Surface,
    code_of,
    load_kb,
    matcher_for,
)
from .base import Analysis, Stage, doc_text
from .coref import (
    LINKERS,
    Registry,
    Title,
    appositive_title,
    bare_name,
    body_sector,
    dateline,
    describe,
    dominant_country,
    left_title,
    parse_title,
    resolve_references,
    shared_seat,
    title_context,
    title_sector,
)
from .gazetteer import gazetteer

NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
COUNTRY_KINDS = frozenset({"name", "alias", "demonym", "capital", "igo", "region"})
LOCATIVE_PREPS = frozenset(
    {"in", "at", "to", "from", "near", "into", "outside", "inside", "across", "around",
     "toward", "towards", "via", "through", "within", "throughout"}
)
COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                     "western", "central", "upper", "lower"})
# Sectors of bodies that, named without a country ("the interior ministry",
# "the White Army militia"), belong to the country the story is placed in.
PLACED_SECTORS = frozenset({"GOV", "MIL", "COP", "REB"})
# Particles inside Arabic and other names ("Thani bin Ahmed Al Zeyoudi"), which
# NER sometimes takes as the start of a new name.
NAME_PARTICLES = frozenset({"bin", "bint", "ibn", "ben", "al", "el", "abu", "ould"})
GOV_COLLECTIVES = frozenset(
    {"government", "administration", "regime", "cabinet", "leadership", "authority",
     "authorities"}
)


@dataclass
class Candidate:
    """A stretch of text that names something, before it is resolved."""

    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int
    label: str
    surface: Surface | None = None
    # A KB surface found inside an NER span (gives the span its country).
    inner: Surface | None = None


# --------------------------------------------------------------------------- candidates


def _kb_spans(doc: Doc, kb: KnowledgeBase) -> list[Candidate]:
    """Knowledge-base names, longest first, plus parts of hyphenated tokens."""
    spans = [doc[s:e] for _, s, e in matcher_for(doc.vocab)(doc)]
    spans = _without_orphan_short_names(spans, kb)
    out: list[Candidate] = []
    for span in _longest(spans):
        surface = kb.surfaces.get(span.text)
        if surface is not None and not _tail_of_longer_name(doc, span, surface, spans, kb):
            out.append(Candidate(span.start_char, span.end_char, span.start, span.end,
                                 surface.label, surface))
    out.extend(_hyphen_parts(doc, kb))
    return out


def _without_orphan_short_names(spans: list[Span], kb: KnowledgeBase) -> list[Span]:
    """A short name several bodies use ("SDF", "RSF") stands for the group
    the table knows only once the article has written that group's full name."""
    if not any(span.text in kb.dependent for span in spans):
        return spans
    named = {kb.surfaces[span.text].canonical for span in spans
             if span.text in kb.surfaces and span.text not in kb.dependent}
    return [span for span in spans
            if span.text not in kb.dependent or kb.dependent[span.text] in named]


def _ner_spans(doc: Doc, kb: KnowledgeBase, dateline_end: int, placed: bool) -> list[Span]:
    """NER spans with three repairs: a span running over a dateline's dash
    ("KUALA LUMPUR - Turkish") ends at the dash; a name NER split at a particle
    ("... Thani" + "bin Ahmed Al Zeyoudi") is joined again; and person names
    directly next to each other are one name."""
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.start < dateline_end:  # the dash is at ``dateline_end``
            label = "GPE" if placed else ent.label_
            ent = Span(doc, ent.start, min(ent.end, dateline_end), label=label)
        if ent.label_ == "PERSON" and ent[0].lower_ in NAME_PARTICLES and spans:
            ent = _reclaim_given_name(doc, kb, spans, ent)
        prev = spans[-1] if spans else None
        if (prev is not None and prev.label_ == "PERSON" and ent.label_ == "PERSON"
                and prev.end == ent.start):
            spans[-1] = Span(doc, prev.start, ent.end, label="PERSON")
            continue
        spans.append(ent)
    return spans


def _reclaim_given_name(doc: Doc, kb: KnowledgeBase, spans: list[Span], ent: Span) -> Span:
    """The capitalised word right before "bin ..." belongs to the name; the
    span NER gave it to (often a title read as an organisation) gives it up."""
    prev = spans[-1]
    before = doc[ent.start - 1] if ent.start > 0 else None
    if (before is None or prev.end != ent.start or not before.is_title
            or before.lower_ in kb.title_words):
        return ent
    if prev.end - 1 > prev.start:
        spans[-1] = Span(doc, prev.start, prev.end - 1, label=prev.label_)
    else:
        spans.pop()
    return Span(doc, ent.start - 1, ent.end, label="PERSON")


def _tail_of_longer_name(
    doc: Doc, span: Span, surface: Surface, spans: list[Span], kb: KnowledgeBase
) -> bool:
    """An organisation's short name ending a longer capitalised name is not
    that organisation: "Social Democrats" or "Christian Democrats" are not the
    US Democratic Party, and must not inherit its country.  A known name or a
    sector word before it ("U.S. Democrats", "Senate Democrats") keeps it, and
    so does a sentence-initial article ("The SPD")."""
    if surface.kind != "org" or span.start == 0:
        return False
    prev = doc[span.start - 1]
    known = prev.lower_ in kb.sectors or prev.lower_ in kb.title_words
    if known or prev.pos_ == "DET" or not prev.is_alpha or not (prev.is_title or prev.is_upper):
        return False
    return not any(other.start <= prev.i < other.end for other in spans)


def _longest(spans: list[Span]) -> list[Span]:
    taken: set[int] = set()
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if not any(i in taken for i in range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return kept


def _hyphen_parts(doc: Doc, kb: KnowledgeBase) -> list[Candidate]:
    """Names glued by hyphens into one token ("U.S.-India") are found here."""
    out: list[Candidate] = []
    for tok in doc:
        text = tok.text
        if len(text) < 4 or not any(ch in text for ch in "-–"):
            continue
        offset = 0
        for part in text.replace("–", "-").split("-"):
            surface = kb.surfaces.get(part)
            if part and surface is not None and surface.kind in COUNTRY_KINDS | {"org"}:
                start = tok.idx + offset
                out.append(Candidate(start, start + len(part), tok.i, tok.i + 1,
                                     surface.label, surface))
            offset += len(part) + 1
    return out


def _only_names(ent: Span, inside: list[Candidate]) -> bool:
    """Whether an NER span is nothing but KB names plus glue ("the India-Russia")."""
    covered = {i for c in inside for i in range(c.tok_start, c.tok_end)}
    return all(
        t.i in covered or t.lower_ in LINKERS or t.is_punct or t.pos_ == "DET" for t in ent
    )


def _merge(
    doc: Doc, kb: KnowledgeBase, dateline_end: int = 0, placed: bool = False
) -> tuple[list[Candidate], list[Candidate]]:
    """Reconcile NER spans with knowledge-base matches (one pass over both).

    Returns the candidates to resolve and every knowledge-base match, since a
    match swallowed by an NER span ("British Defence") still tells a title
    its country."""
    kb_cands = _kb_spans(doc, kb)
    by_token: dict[int, list[Candidate]] = {}
    for cand in kb_cands:
        for i in range(cand.tok_start, cand.tok_end):
            by_token.setdefault(i, []).append(cand)
    dropped: set[int] = set()
    extra: list[Candidate] = []
    for ent in _ner_spans(doc, kb, dateline_end, placed):
        if ent.label_ not in NER_LABELS:
            continue
        inside = {id(c): c for i in range(ent.start, ent.end) for c in by_token.get(i, [])}
        cands = list(inside.values())
        if not cands:
            extra.append(_bare(doc, kb, ent))
            continue
        if _only_names(ent, cands) or all(c.surface and c.surface.kind == "person"
                                          for c in cands):
            continue
        if any(c.tok_start < ent.start or c.tok_end > ent.end for c in cands):
            continue  # the KB match reaches past the NER span: trust the KB
        hyphenated = any(_hyphen_next(doc, c) for c in cands)
        if ent.label_ == "PERSON" or not hyphenated:
            dropped.update(id(c) for c in cands)
            country = next((c.surface for c in cands if c.surface and c.surface.root), None)
            extra.append(Candidate(ent.start_char, ent.end_char, ent.start, ent.end,
                                   ent.label_, inner=country if ent.label_ != "PERSON" else None))
    kept = [c for c in kb_cands if id(c) not in dropped]
    kept = [c for c in kept if not _region_before_country(doc, c, by_token)]
    return sorted(kept + extra, key=lambda c: (c.start, -c.end)), kb_cands


def _bare(doc: Doc, kb: KnowledgeBase, ent: Span) -> Candidate:
    """An NER span unknown to the knowledge base.  Title words NER took into
    a name ("President Obama") are left out of it, and a name right after a
    title is a person whatever label NER gave it ("Vice-President X")."""
    start, label = ent.start, ent.label_
    while start < ent.end - 1 and (doc[start].lower_ in kb.title_words
                                   or doc[start].text in ("-", "–")
                                   or (doc[start].lower_ in ("of", "for", "and")
                                       and doc[start + 1].lower_ in kb.title_words)):
        start += 1
    if start > ent.start and not _looks_like_name(kb, doc[start:ent.end]):
        start = ent.start  # "foreign ministry" is a body, not a person called "ministry"
    if label != "PERSON" and start > ent.start:
        label = "PERSON"
    last = doc[ent.end - 1]
    term = kb.sectors.get(last.lemma_) if last.is_lower else None
    if label == "PERSON" and term is not None and term.kind == "noun":
        label = "ORG"  # "the White Army militia"
    prev = doc[start - 1] if start > 0 else None
    if label in ("ORG", "GPE", "NORP") and prev is not None and _title_before_name(
            kb, prev, doc[start:ent.end]):
        label = "PERSON"
    span = doc[start:ent.end]
    return Candidate(span.start_char, span.end_char, span.start, span.end, label)


def _looks_like_name(kb: KnowledgeBase, span: Span) -> bool:
    """Capitalised words (and name particles), not all of them title words."""
    return all(t.is_title or t.is_upper or t.lower_ in NAME_PARTICLES or t.text in "-–'’"
               for t in span) and any(t.lower_ not in kb.title_words
                                      and t.lemma_.lower() not in kb.sectors for t in span)


def _title_before_name(kb: KnowledgeBase, prev: Token, span: Span) -> bool:
    """A name right after a title word is a person whatever label NER gave
    it: "President Ilse Marnoch", and lower-case "deputy envoy Dmitry X" when
    the name looks like one (capitalised words only)."""
    term = kb.sectors.get(prev.lower_)
    if term is None or term.kind not in ("title", "generic"):
        return False
    if prev.is_title:
        return term.kind == "title"
    return len(span) >= 2 and all(t.is_title and t.pos_ == "PROPN" for t in span)


def _hyphen_next(doc: Doc, cand: Candidate) -> bool:
    before = doc[cand.tok_start - 1] if cand.tok_start > 0 else None
    after = doc[cand.tok_end] if cand.tok_end < len(doc) else None
    return any(t is not None and t.text in ("-", "–") for t in (before, after))


def _region_before_country(doc: Doc, cand: Candidate, by_token: dict[int, list[Candidate]]) -> bool:
    """"Western Cambodia" names part of a country, not the West."""
    if cand.surface is None or cand.surface.kind != "region" or cand.tok_end >= len(doc):
        return False
    nxt = doc[cand.tok_end]
    return nxt.pos_ == "PROPN" or any(
        c.surface is not None and c.surface.kind in ("name", "alias")
        for c in by_token.get(cand.tok_end, [])
    )


# --------------------------------------------------------------------------- actors


def _country_actor(kb: KnowledgeBase, root: str, sector: str | None = None,
                   role: str | None = None) -> Actor:
    qid = kb.country_qids.get(root) if sector is None else None
    return Actor(code=code_of(root, sector), country=root, sector=sector, role=role,
                 wikidata=qid)


def _role_text(kb: KnowledgeBase, title: Title) -> str:
    name = kb.country_name(title.root)
    base = title.text[:1].upper() + title.text[1:]
    return f"{base} of {name}" if name and title.office else base


def _person_actor(
    kb: KnowledgeBase, name: str | None, title: Title | None, when: date
) -> Actor:
    """A person's actor code: the title in the text first, then the table."""
    term, current = (None, False)
    if name is not None:
        office = title.office if title else None
        term, current = kb.person_term(name, when, title.root if title else None, office)
    if term is not None:
        # An international body's officials carry its bare code ("UNO", "IMF"):
        # it has no government sector of its own.
        root_kind = "GOV" if kb.country_name(term.country) else None
        if (title is not None and title.former) or (not current and title is None):
            return Actor(code=code_of(term.country, FORMER_SECTOR), country=term.country,
                         sector=FORMER_SECTOR, role=f"former {term.role}",
                         wikidata=term.wikidata)
        return Actor(code=code_of(term.country, root_kind), country=term.country,
                     sector=root_kind, role=term.role, wikidata=term.wikidata)
    if title is not None:
        return Actor(code=code_of(title.root or UNKNOWN_ROOT, title.sector),
                     country=title.root, sector=title.sector or None,
                     role=_role_text(kb, title))
    return Actor(code=UNKNOWN_SECTOR, sector=UNKNOWN_SECTOR)


def _clean_name(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


# --------------------------------------------------------------------------- resolution


@dataclass
class Resolver:
    kb: KnowledgeBase
    doc: Doc
    when: date
    registry: Registry = field(default_factory=Registry)
    consumed: set[int] = field(default_factory=set)
    # Tokens of names that are not countries: a title stops there.
    blocked: set[int] = field(default_factory=set)
    # Token index -> the country-like knowledge-base name covering it.
    roots: dict[int, Surface] = field(default_factory=dict)
    # The country of the dateline, and the one the article is mostly about.
    home: str | None = None
    focus: str | None = None
    # Token index -> the known person covering it (an "adviser to" them).
    people: dict[int, Surface] = field(default_factory=dict)

    def dateline_country(self) -> str | None:
        """The dateline's country, unless the article is mostly about another one:
        then the dateline is where the reporter files from ("WASHINGTON -" over a
        story on Sri Lanka's finances), not whose officials speak."""
        return self.home if self.focus in (None, self.home) else None

    def is_subject(self, tok: Token) -> bool:
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ in ("nsubj", "nsubjpass")

    def person(self, cand: Candidate, roots: dict[int, Surface]) -> None:
        span = self.doc[cand.tok_start:cand.tok_end]
        text = _clean_name(doc_text(self.doc)[cand.start:cand.end])
        if not text.strip():
            return  # a bare possessive ending ("'s") split off a name is no person
        title = left_title(self.kb, self.doc, cand.tok_start, roots, self.blocked)
        title = title or appositive_title(self.kb, span, roots, self.people)
        if title is not None:
            self.consumed.update(title.tokens)
        known = cand.surface.canonical if cand.surface is not None else None
        if known is None:
            known = self._surname_match(text)
        elif cand.surface is not None and cand.surface.text in self.kb.namesakes:
            known = self._which_namesake(cand, title) or known
        key_name = known or self._earlier_person(text) or text
        ref = self.registry.by_key.get(("P", key_name))
        actor: Actor | None
        if ref is None or (title is not None and ref.hit.actor is not None
                           and ref.hit.actor.code == UNKNOWN_SECTOR):
            actor = _person_actor(self.kb, known, title, self.when)
            if known is None and title is not None and title.root is None:
                actor = self._namesake_country(text, actor)
                if actor.country is None:
                    actor = _person_actor(self.kb, None, self._placed(cand, title), self.when)
            if ref is not None:
                ref.hit.actor = actor
        else:
            actor = ref.hit.actor
        self.registry.add(("P", key_name), key_name, "PERSON", actor,
                          (cand.start, cand.start + len(text)), self.is_subject(span.root))

    def _placed(self, cand: Candidate, title: Title) -> Title:
        """A title without a country ("Interior Minister X", "Spokesman X")
        takes one from the context, see :func:`coref.title_context`."""
        body = title_context(self, cand.tok_start, title.generic)
        if body is None or not body.root:
            return title
        sector = title.sector if title.former else body_sector(body, title.sector,
                                                                 title.own_sector)
        return replace(title, root=body.root, sector=sector, surface=body)

    def _which_namesake(self, cand: Candidate, title: Title | None) -> str | None:
        """Which of several people sharing a name is meant: the title's country
        first ("Colombian Defence Minister"), then countries named in the same
        sentence, then the office the title names (see ``KnowledgeBase.namesake``)."""
        assert cand.surface is not None
        countries = [title.root] if title is not None and title.root else []
        countries += self._sentence_countries(cand)
        seen = frozenset(key[1] for key in self.registry.by_key if key[0] == "P")
        office = title.office if title is not None else None
        return self.kb.namesake(cand.surface.text, self.when, countries, office, seen)

    def _sentence_countries(self, cand: Candidate) -> list[str]:
        """Countries named in a name's sentence, nearest first.  A place the
        person goes to or speaks in ("flew to Colombia") says nothing about
        whose official they are, so locative mentions are left out."""
        sent = self.doc[cand.tok_start].sent
        distance: dict[str, int] = {}
        for i in range(sent.start, sent.end):
            surface = self.roots.get(i)
            if surface is None or not surface.root or cand.tok_start <= i < cand.tok_end:
                continue
            tok = self.doc[i]
            if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS:
                continue
            gap = min(abs(i - cand.tok_start), abs(i - cand.tok_end))
            distance[surface.root] = min(gap, distance.get(surface.root, gap))
        return sorted(distance, key=lambda root: distance[root])

    def _surname_match(self, text: str) -> str | None:
        names = self.kb.surnames.get(text.split()[-1]) if text else None
        if not names:
            return None
        if len(text.split()) > 1 and text not in names:
            return None
        if len(names) == 1:
            return next(iter(names))
        active = [n for n in names if self.kb.person_term(n, self.when)[1]]
        return active[0] if len(active) == 1 else None

    def _namesake_country(self, text: str, actor: Actor) -> Actor:
        """"President Bush": two known Bushes, one country.  A full name is
        another person ("Minister Nimal Silva" is no Brazilian da Silva)."""
        if len(text.split()) != 1:
            return actor
        names = self.kb.surnames.get(text, set())
        countries = {t.country for n in names for t in self.kb.terms.get(n, ())}
        if len(countries) != 1 or actor.sector is None:
            return actor
        root = countries.pop()
        return Actor(code=code_of(root, actor.sector), country=root, sector=actor.sector,
                     role=actor.role)

    def _earlier_person(self, text: str) -> str | None:
        """"Putin" after "Vladimir Putin", "Shaibani" after "Asaad al-Shaibani":
        same referent.  A lone first word is the person too when exactly one
        earlier name starts with it and none ends with it: "Li" after "Li
        Qiang" (family name first), "Anwar" after "Anwar Ibrahim"."""
        parts = [bare_name(p) for p in text.split()]
        people = [key[1] for key in reversed(list(self.registry.by_key)) if key[0] == "P"]
        for name in people:
            names = [bare_name(p) for p in name.split()]
            if parts and names and parts[-1] == names[-1] and set(parts) <= set(names):
                return name
        if len(parts) != 1 or not text[:1].isupper():
            return None
        leading = [n for n in people if len(n.split()) > 1 and bare_name(n.split()[0]) == parts[0]]
        ending = [n for n in people if bare_name(n.split()[-1]) == parts[0]]
        return leading[0] if len(leading) == 1 and not ending else None

    def surface(self, cand: Candidate) -> None:
        assert cand.surface is not None
        s = cand.surface
        span = self.doc[cand.tok_start:cand.tok_end]
        subject = self.is_subject(span.root)
        where = (cand.start, cand.end)
        if s.kind == "capital":
            if self._locative(span.root):
                actor = _country_actor(self.kb, s.root or "", None, f"capital of {s.root}")
                self.registry.add(("G", s.canonical), s.canonical, "GPE", actor, where, subject)
                return
            s = Surface(s.text, "seat", code_of(s.root, "GOV"), s.root, "GOV", s.text, "GPE")
        if s.kind == "party":
            s = self._party(cand) or s
        if s.kind == "seat" or (s.kind in ("name", "alias") and s.sector):
            self._country_organ(s, where, subject)
        elif s.kind in ("igo", "region", "name", "alias", "demonym"):
            actor = Actor(code=s.code, country=s.root, sector=s.sector,
                          wikidata=s.wikidata or self.kb.country_qids.get(s.root or ""))
            kind = "GPE" if s.kind in ("name", "alias", "demonym") else s.label
            self.registry.add(("C", s.code), s.canonical, kind, actor, where, subject)
        else:
            actor = Actor(code=s.code, country=s.root, sector=s.sector, role=None,
                          wikidata=s.wikidata)
            self.registry.add(("O", s.canonical), s.canonical, s.label, actor, where, subject)

    def _party(self, cand: Candidate) -> Surface | None:
        """A shared party label ("Social Democrats") read against the country
        word before it ("Germany's", "Swedish"), else the article's countries."""
        prev = cand.tok_start - 1
        prev -= 1 if prev > 0 and self.doc[prev].text in ("'s", "’s") else 0
        before = self.roots.get(prev)
        near = before.root if before is not None and before.kind in COUNTRY_KINDS else None
        actors = (ref.hit.actor for _, _, ref, _ in self.registry.mentions)
        weights = Counter(a.country for a in actors if a is not None and a.country)
        weights.update(s.root for s in self.roots.values() if s.root)
        return self.kb.party(cand.surface.text if cand.surface else "", near, weights)

    def _country_organ(self, s: Surface, where: tuple[int, int], subject: bool) -> None:
        country = self.kb.country_name(s.root) or s.root or ""
        name = f"Government of {country}" if s.sector == "GOV" else s.canonical
        actor = _country_actor(self.kb, s.root or "", s.sector)
        self.registry.add(("C", s.code), name, "ORG", actor, where, subject)

    def _locative(self, tok: Token) -> bool:
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj":
            return tok.head.lower_ in LOCATIVE_PREPS
        return tok.dep_ in ("compound", "nmod", "amod", "npadvmod")

    def other(self, cand: Candidate) -> None:
        """NER spans the knowledge base does not know."""
        span = self.doc[cand.tok_start:cand.tok_end]
        text = _clean_name(span.text)
        subject = self.is_subject(span.root)
        where = (cand.start, cand.start + len(text))
        earlier = self._earlier_person(text) if cand.label != "PERSON" else None
        if earlier is not None:
            ref = self.registry.by_key[("P", earlier)]
            self.registry.add(ref.key, earlier, "PERSON", ref.hit.actor, where, subject)
            return
        actor = self._org_actor(span, cand) if cand.label in ("ORG", "NORP") else None
        if cand.label in ("GPE", "LOC"):
            actor = self._place_actor(text, cand)
        self.registry.add(("O", text), text, cand.label, actor, where, subject)

    def _org_actor(self, span: Span, cand: Candidate) -> Actor | None:
        root = cand.inner.root if cand.inner is not None else None
        words = [t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "PROPN")]
        sector = None
        for i in range(len(words), 0, -1):
            term = self.kb.sector_of(words[:i])
            if term is not None and term.kind != "modifier":
                sector = term.sector
                break
        if cand.label == "NORP" and root is None and sector is None:
            return None  # religions, ethnic groups, parties we do not know
        if root is None and sector in PLACED_SECTORS:
            root = self.dateline_country() or self.focus  # "the interior ministry"
        return Actor(code=code_of(root, sector or UNKNOWN_SECTOR), country=root,
                     sector=sector or UNKNOWN_SECTOR)

    def _place_actor(self, text: str, cand: Candidate) -> Actor | None:
        """A place stands for the country it lies in ("Samarra" -> IRQ); the
        gazetteer knows better than a country word inside the name
        ("Northern Ireland"), and seas or mountains stand for nobody."""
        if text.lower() in self.kb.descriptions:
            return None  # a region ("the Gulf", "the Sahel") is no one country
        country = _city_country(text)
        inner = cand.inner.root if cand.inner is not None else None
        if inner and country != inner and _compass_part(text, self.kb.country_name(inner)):
            # "South Lebanon" is part of Lebanon, not a namesake town abroad
            # ("Northern Ireland", a region of its own, is not a town).
            return _country_actor(self.kb, inner)
        if country is None and cand.label == "GPE":
            country = inner
        return _country_actor(self.kb, country) if country else None


def _compass_part(text: str, country: str | None) -> bool:
    """Whether ``text`` is "<compass word> <country>" ("South Lebanon")."""
    first, _, rest = text.partition(" ")
    if not country or first.lower() not in COMPASS or rest.lower() != country.lower():
        return False
    entries = gazetteer().lookup(text)
    return not entries or entries[0].feature == "city"


def _city_country(text: str) -> str | None:
    """The country of the best-known place of that name (shared gazetteer)."""
    entries = gazetteer().lookup(text)
    return entries[0].country if entries else None


# --------------------------------------------------------------------------- composites


def _sector_head(kb: KnowledgeBase, tok: Token) -> tuple[Token, str, list[str]] | None:
    """The noun a country word modifies, when that noun names an actor."""
    head = tok.head
    if head.i <= tok.i or head.pos_ not in ("NOUN", "PROPN"):
        return None
    while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
        head = head.head
    words = [t.lemma_.lower() for t in tok.doc[tok.i + 1: head.i + 1] if not t.is_punct]
    term = kb.sector_of(words) or kb.sector_of([head.lower_])
    if term is None or term.kind == "modifier":
        return None
    return head, term.sector, words


def _composite(res: Resolver, cand: Candidate, roots: dict[int, Surface]) -> bool:
    """"Indian exporters", "the Russian president", "government of India"."""
    s = cand.surface
    if s is None or s.kind not in ("name", "alias", "demonym", "igo", "region") or not s.root:
        return False
    tok = res.doc[cand.tok_end - 1]
    found = None
    if tok.dep_ in ("amod", "compound", "poss", "nmod", "nummod") or (
        tok.dep_ == "conj" and tok.head.dep_ in ("amod", "compound")
    ):
        found = _sector_head(res.kb, tok if tok.dep_ != "conj" else tok.head)
        start_char = cand.start
    if found is None and tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in"):
        head = tok.head.head
        term = res.kb.sector_of([head.lemma_.lower()])
        if head.i < tok.i and term is not None and term.kind != "modifier":
            words = [t.lemma_.lower() for t in head.lefts if t.dep_ in ("amod", "compound")]
            found = (head, term.sector, [*words, head.lemma_.lower()])
            left = [t for t in head.lefts if t.dep_ in ("amod", "compound")]
            start_char = (left[0] if left else head).idx
    if found is None:
        return False
    head, sector, words = found
    if head.ent_type_ == "PERSON" or head.i in res.consumed:
        return False
    end_char = max(cand.end, head.idx + len(head.text))
    title = parse_title(res.kb, list(res.doc[min(tok.i, head.i): head.i + 1]), roots)
    where = (start_char, end_char)
    subject = res.is_subject(head)
    if title is not None and title.office is not None:
        holder = res.kb.holder(s.root, title.office, res.when)
        if holder is not None:
            actor = _person_actor(res.kb, holder.name, title, res.when)
            res.registry.add(("P", holder.name), holder.name, "PERSON", actor, where, subject)
            return True
    sector = title_sector(res.kb, words) if title is not None else sector
    lemma = head.lemma_.lower()
    key = ("C", code_of(s.root, sector)) if lemma in GOV_COLLECTIVES and sector == "GOV" else (
        "X", code_of(s.root, sector), lemma)
    country = res.kb.country_name(s.root)
    name = f"Government of {country}" if key[0] == "C" and country else doc_text(res.doc)[
        start_char:end_char]
    role = _role_text(res.kb, title) if title is not None else None
    res.registry.add(key, name, "ORG", _country_actor(res.kb, s.root, sector, role), where,
                     subject)
    return True


# --------------------------------------------------------------------------- stage


def _place_shared_seats(
    doc: Doc, kb: KnowledgeBase, kb_cands: list[Candidate], home: str | None
) -> None:
    """Give each shared seat ("Foreign Office") the government its context
    names, before titles read their country from it."""
    if not kb.shared_seats:
        return
    countries = {i: c.surface for c in kb_cands
                 if c.surface is not None and c.surface.root and c.surface.kind in COUNTRY_KINDS
                 for i in range(c.tok_start, c.tok_end)}
    for cand in kb_cands:
        if cand.surface is not None and cand.surface.text in kb.shared_seats:
            cand.surface = shared_seat(doc, kb, cand.surface.text, cand.tok_start, countries,
                                       home)


def run(analysis: Analysis) -> None:
    doc = analysis.doc
    kb = load_kb()
    res = Resolver(kb, doc, analysis.published or date.max)
    dash, res.home = dateline(doc, kb)
    cands, kb_cands = _merge(doc, kb, dash, res.home is not None)
    _place_shared_seats(doc, kb, kb_cands, res.home)
    res.focus = dominant_country((c.surface for c in kb_cands if c.surface is not None),
                                 kb.country_names)
    roots = {
        i: c.surface
        for c in kb_cands
        if c.surface is not None and c.surface.root and c.surface.kind != "person"
        for i in range(c.tok_start, c.tok_end)
    }
    res.roots = roots
    res.people = {i: c.surface for c in kb_cands if c.surface is not None
                  and c.surface.kind == "person" for i in range(c.tok_start, c.tok_end)}
    res.blocked = {
        i for c in cands if c.label == "PERSON" for i in range(c.tok_start, c.tok_end)
    }
    persons = [c for c in cands
               if c.label == "PERSON" or (c.surface and c.surface.kind == "person")]
    for cand in persons:
        res.person(cand, roots)
    for cand in cands:
        if cand in persons or any(i in res.consumed for i in range(cand.tok_start, cand.tok_end)):
            continue
        if describe(res, cand.tok_start, cand.tok_end, cand.surface is not None):
            continue
        if _composite(res, cand, roots):
            continue
        if cand.surface is not None:
            res.surface(cand)
        else:
            res.other(cand)
    resolve_references(res)
    analysis.entities = res.registry.hits()


STAGE = Stage(name="entities", reads=("doc",), writes=("entities",), run=run)
