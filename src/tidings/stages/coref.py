"""Light coreference: the mentions that stand for referents already found.

Event coding needs the actor behind every mention, and news text names an
actor once in full and then goes on with "Putin", "he", "the president" or
"the two nations".  The entities stage records each referent and its
mentions in a :class:`Registry`; :func:`resolve_references` then scans the
tokens once and attaches surnames, pronouns, definite descriptions and group
nouns to the referents they most plausibly stand for, looking back no more
than a couple of sentences.

Titles are read here too, since a title is itself a reference to a country
or a body: "Russia's deputy envoy", "SDF commander", "the head of UNMISS".  A
title that names none ("Interior Minister X", "Spokesman X") is resolved
against its context: the body the sentence before was about, the dateline,
then the country the article is mostly about.  Descriptions such as "the Gulf
state" refer back to a country of that region named earlier.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ..document import Actor
from .actors import FORMER_SECTOR, KnowledgeBase, Surface
from .base import EntityHit
from .gazetteer import gazetteer

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


# --------------------------------------------------------------------------- titles

LINKERS = frozenset({"'s", "’s", "of", "and", "-", "–", "the"})
# Words that join the parts of a long title ("Minister of State for Foreign Trade").
TITLE_LINKERS = LINKERS | {"for"}
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})


@dataclass
class Title:
    """What a title ("Russian Foreign Minister") says about a person."""

    root: str | None
    sector: str
    office: str | None
    text: str
    former: bool
    tokens: set[int] = field(default_factory=set)
    # The organisation or seat the title names ("SDF commander", "Kremlin
    # spokesman"), whose own sector a bare head noun takes.
    surface: Surface | None = None
    # Whether the title's words name a sector of their own ("government
    # spokesman", "army commander").
    own_sector: bool = False
    # A generic head or a possessive pronoun ("spokesman", "its commander"):
    # the body whose spokesman it is was usually just named.
    generic: bool = False




def joined_title(words: list[Token]) -> list[str]:
    """Lower-cased title words with hyphenated compounds rejoined
    ("Secretary-General" is one title, not a general)."""
    out: list[str] = []
    glue = False
    for tok in words:
        if tok.text in ("-", "–"):
            glue = bool(out)
            continue
        if glue:
            out[-1] = f"{out[-1]}-{tok.lower_}"
        else:
            out.append(tok.lower_)
        glue = False
    return out


def title_sector(kb: KnowledgeBase, words: list[str]) -> str:
    """The sector a title gives: its head noun's, unless the head is generic
    ("leader", "spokesman") and a modifier says more ("rebel leader")."""
    for i in range(len(words) - 1, -1, -1):
        term = kb.sector_of(words[: i + 1])
        if term is None or term.kind == "modifier":
            continue
        if term.kind == "generic":
            for word in words[:i]:
                if word in kb.modifiers:
                    return kb.modifiers[word]
        return term.sector
    return "GOV"


def parse_title(
    kb: KnowledgeBase, tokens: list[Token], roots: dict[int, Surface]
) -> Title | None:
    """Read country, sector and office from the words of a title."""
    words: list[Token] = []
    root: str | None = None
    named: Surface | None = None
    for tok in tokens:
        surface = roots.get(tok.i)
        if surface is not None and surface.root:
            root, named = surface.root, surface  # the country nearest the head wins
        elif (tok.lower_ in kb.title_words or tok.lemma_.lower() in kb.sectors
              or (tok.text in ("-", "–") and words)):
            words.append(tok)
    if not any(is_title_head(kb, t) for t in words):
        return None
    lower = joined_title(words)
    former = any(w in ("former", "ex", "then") for w in lower)
    own = any(kb.sectors[w].kind == "noun" for w in lower if w in kb.sectors)
    sector = FORMER_SECTOR if former else title_sector(kb, lower)
    if named is not None and not former:
        sector = body_sector(named, sector, own)
    text = "".join(t.text_with_ws for t in words if t.lower_ not in ("former", "then", "the"))
    text = " ".join(text.split())
    generic = any(t.lower_ in POSSESSIVE_PRONOUNS for t in tokens) or any(
        kb.sectors[w].kind == "generic" for w in lower[-1:] if w in kb.sectors)
    return Title(root, sector, office_of(kb, lower), text, former, {t.i for t in tokens},
                 named, own, generic)


def body_sector(body: Surface, sector: str, own: bool) -> str:
    """A bare head under a named body takes the body's sector: an "SDF
    commander" is a rebel, a "Pentagon spokesman" military.  Title words with
    a sector of their own ("Taliban government spokesman") keep it."""
    if body.kind in ("org", "seat") and body.sector and not own:
        return body.sector
    if body.kind == "igo" and not own:
        # An international body has no government of its own: its officials
        # carry the body's code ("IMF", "UNO"), or its own sector when it has one.
        return body.sector or ""
    return sector


def left_title(
    kb: KnowledgeBase, doc: Doc, start: int, roots: dict[int, Surface], blocked: set[int]
) -> Title | None:
    """Walk left from a name over title words ("Indian Foreign Secretary")."""
    sent_start = doc[start].sent.start
    i = start - 1
    collected: list[Token] = []
    while i >= sent_start and i not in blocked:
        tok = doc[i]
        known = i in roots or tok.lower_ in kb.title_words or tok.lemma_.lower() in kb.sectors
        if known or (tok.lower_ in TITLE_LINKERS and tok.lower_ != "the" and collected):
            collected.append(tok)
        elif tok.is_title and collected and not tok.is_sent_start and tok.pos_ == "PROPN":
            collected.append(tok)  # "Planning and Investment Minister"
        else:
            break
        i -= 1
    while collected and collected[-1].lower_ in TITLE_LINKERS:
        collected.pop()
    return parse_title(kb, list(reversed(collected)), roots) if collected else None


def appositive_title(
    kb: KnowledgeBase, span: Span, roots: dict[int, Surface], people: dict[int, Surface]
) -> Title | None:
    """"Sergey Lavrov, Russia's foreign minister" and the reverse order.  A
    title without a country may name its body after the head: "the head of
    UNMISS", "an adviser to President X" (then the person's country)."""
    head = span.root
    other: Token | None = None
    if head.dep_ == "appos" and head.head.i < span.start:
        other = head.head
    else:
        other = next((c for c in head.children if c.dep_ == "appos"), None)
    if other is None or other.pos_ not in ("NOUN", "PROPN"):
        return None
    tokens = [t for t in other.subtree if not (span.start <= t.i < span.end)]
    title = parse_title(kb, [t for t in tokens if t.i <= other.i], roots)
    if title is None or title.root is not None:
        return title
    body = [t for c in other.rights if c.lower_ in ("of", "to") for t in c.subtree]
    named = next((roots.get(t.i) or people.get(t.i) for t in body
                  if t.i in roots or t.i in people), None)
    if named is None or not named.root or title.former:
        return title
    sector = body_sector(named, title.sector, title.own_sector)
    return replace(title, root=named.root, sector=sector, surface=named)


# --------------------------------------------------------------------------- context

DASHES = frozenset({"-", "–", "—", "--"})
# Nouns a description of a country ends in ("the Gulf state", "the island nation").
COUNTRY_NOUNS = frozenset({"state", "nation", "country", "kingdom", "emirate", "republic",
                           "monarchy", "sheikhdom", "archipelago"})
COUNTRY_KINDS = frozenset({"name", "alias", "demonym", "capital"})
ARABIC_ARTICLES = ("al-", "el-", "Al-", "El-")


def bare_name(word: str) -> str:
    """A name word without its Arabic article: "al-Shaibani" is "Shaibani"."""
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) > len(article):
            return word[len(article):]
    return word


def dateline(doc: Doc, kb: KnowledgeBase) -> tuple[int, str | None]:
    """The dash ending a dateline ("PESHAWAR, Pakistan -", "BEIJING (Reuters) -")
    as a token index (0 without a dateline) and the country it places the
    story in.  Wire copy names officials of that country without saying whose
    they are ("Interior Minister X"), so the dateline is strong context."""
    limit = min(len(doc), 16)
    i = 0
    while i < limit and doc[i].is_upper and doc[i].is_alpha:
        i += 1
    city_end = i
    region: str | None = None
    if 0 < i < limit and doc[i].text == ",":
        j = i + 1
        while j < limit and doc[j].is_alpha and (doc[j].is_title or doc[j].is_upper):
            j += 1
        region, i = doc[i + 1:j].text, j
    if 0 < i < limit and doc[i].text == "(":
        i = next((k + 1 for k in range(i, limit) if doc[k].text == ")"), limit)
    if city_end == 0 or i >= limit or doc[i].text not in DASHES:
        return 0, None
    return i, _dateline_country(kb, doc[:city_end].text, region)


def _dateline_country(kb: KnowledgeBase, city: str, region: str | None) -> str | None:
    for text in (region, city.title(), city):
        surface = kb.surfaces.get(text) if text else None
        if surface is not None:  # an IGO ("UNITED NATIONS") places the story nowhere
            return surface.root if surface.kind in COUNTRY_KINDS else None
    entries = gazetteer().lookup(city.title())
    return entries[0].country if entries else None


def dominant_country(surfaces: Iterable[Surface], known: Mapping[str, str]) -> str | None:
    """The country an article is clearly about: named at least three times and
    half as often again as any other."""
    counts = Counter(s.root for s in surfaces
                     if s.root in known and s.kind in (*COUNTRY_KINDS, "seat"))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3:
        return None
    if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]


def shared_seat(
    doc: Doc, kb: KnowledgeBase, text: str, start: int, countries: Mapping[int, Surface],
    home: str | None,
) -> Surface:
    """Which government a shared seat ("Foreign Office") stands for: a country
    word right before it ("Pakistan's Foreign Office") whatever it is, else
    one of the seat's own countries named in its sentence or the one before
    (nearest first) or in the dateline, else the usual reading."""
    readings = kb.shared_seats[text]
    prev = start - 1
    if prev > 0 and doc[prev].text in ("'s", "’s"):
        prev -= 1
    before = countries.get(prev)
    if before is not None and before.root:
        own = next((r for r in readings if r.root == before.root), None)
        return own or replace(readings[0], root=before.root,
                              code=before.root + (readings[0].sector or ""))
    sent = doc[start].sent
    spans = [sent, doc[sent.start - 1].sent] if sent.start > 0 else [sent]
    near = [countries[i].root for span in spans
            for i in sorted(range(span.start, span.end), key=lambda i: abs(i - start))
            if i in countries]
    for root in [*near, home]:
        own = next((r for r in readings if r.root == root), None)
        if own is not None:
            return own
    return readings[0]


def title_context(res: Resolver, start: int, generic: bool) -> Surface | None:
    """The body a title without a country belongs to.  A spokesman or "its
    commander" speaks for the body the sentence before was about ("The
    Kremlin denied it. Spokesman X said"); an office ("President X") is first
    read against the dateline.  The article's main country comes last."""
    steps = (_previous_subject, _home, _focus) if generic else (_home, _previous_subject,
                                                                  _focus)
    for step in steps:
        found = step(res, start)
        if found is not None:
            return found
    return None


def _country_surface(kb: KnowledgeBase, code: str | None) -> Surface | None:
    name = kb.country_name(code)
    if code is None or name is None:
        return None
    return Surface(name, "name", code, code, None, name, "GPE")


def _home(res: Resolver, start: int) -> Surface | None:
    return _country_surface(res.kb, res.dateline_country())


def _focus(res: Resolver, start: int) -> Surface | None:
    return _country_surface(res.kb, res.focus)


def _previous_subject(res: Resolver, start: int) -> Surface | None:
    """The country or body heading the subject of the sentence before, unless
    that subject is a person (their country says nothing about the next one).
    A sector noun heading it ("Israel's military") is the body's sector."""
    sent = res.doc[start].sent
    if sent.start == 0:
        return None
    for tok in res.doc[sent.start - 1].sent:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ROOT":
            continue
        if tok.ent_type_ == "PERSON" or tok.i in res.blocked or tok.pos_ == "PRON":
            return None
        found = next((res.roots[t.i] for t in tok.subtree if t.i in res.roots), None)
        term = res.kb.sectors.get(tok.lemma_.lower())
        if found is not None and found.root and found.kind in COUNTRY_KINDS and (
                term is not None and term.kind == "noun"):
            return replace(found, kind="org", sector=term.sector,
                           code=found.root + term.sector)
        return found
    return None


def describe(res: Resolver, start: int, end: int, known: bool) -> bool:
    """"the Gulf state", "the Balkan country": a description stands for the
    latest country of that region the article named, or for no country; the
    region word alone must never be read as a place ("Gulf" is also a province
    of Papua New Guinea).  Returns whether the words were such a description;
    ``known`` says the words are a knowledge-base name that may stand alone."""
    doc = res.doc
    if end < len(doc) - 1 and doc[end].is_title and doc[end + 1].lemma_ in COUNTRY_NOUNS:
        end += 1  # "the West African nation": two region words
    if end >= len(doc) or start == 0 or doc[start - 1].lower_ not in ("the", "this", "that"):
        return False
    noun = doc[end]
    if not noun.is_lower or noun.lemma_ not in COUNTRY_NOUNS:
        return False
    res.consumed.update(range(start, end + 1))
    words = doc[start:end]
    members = res.kb.descriptions.get(words.text.lower())
    if members is None:
        if not known:
            res.registry.add(("O", words.text), words.text, "LOC", None,
                             (words.start_char, words.end_char))
        return not known
    ref = _latest_member(res, members, doc[start].idx)
    if ref is not None:
        _link(res.registry, ref, doc[start], noun)
    return True


def _latest_member(res: Resolver, members: frozenset[str], before: int) -> Referent | None:
    found = [(start, ref) for start, _, ref, _ in res.registry.mentions
             if start < before and ref.key[0] == "C" and ref.hit.actor is not None
             and ref.hit.actor.country in members]
    if not found:
        return None
    ref = max(found, key=lambda f: f[0])[1]
    country = ref.hit.actor.country if ref.hit.actor is not None else None
    return res.registry.by_key.get(("C", country or "")) or ref


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
    surnames = {bare_name(ref.key[1].split()[-1]): ref for ref in reg.by_key.values()
                if ref.key[0] == "P" and ref.key[1].split()}  # a name may be all punctuation
    surnames.update({ref.key[1].split()[-1]: ref for ref in reg.by_key.values()
                     if ref.key[0] == "P" and ref.key[1].split()})
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
        elif tok.lemma_ in COUNTRY_NOUNS and tok.is_lower:
            _described(res, tok, covered)
        elif is_title_head(res.kb, tok) and tok.pos_ in ("NOUN", "PROPN"):
            _definite(res, tok)


def _described(res: Resolver, tok: Token, covered: set[int]) -> None:
    """"the island nation": region words NER does not mark as names."""
    mods = [k for k in tok.lefts if k.dep_ in ("amod", "compound") and k.i not in covered]
    if mods and mods[-1].i == tok.i - 1:
        describe(res, mods[0].i, tok.i, True)


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
