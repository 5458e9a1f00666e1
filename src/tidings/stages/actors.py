"""Actor knowledge: who a name, a demonym, a capital or a title stands for.

The facts live in ``tidings/data/actors/*.tsv`` (each row says where it comes
from) and are loaded once per process.  Everything the entities stage needs
at run time is a dictionary lookup or one ``PhraseMatcher`` pass, so the cost
per document does not grow with the size of the tables.

Codes follow CAMEO: a three-letter root (ISO 3166 alpha-3 country, IGO or
region code) optionally followed by a sector (``RUSGOV``, ``USAMIL``).  A
root of ``---`` means "country unknown" (as in CAMEO agent dictionaries) and
the sector ``UNK`` marks an actor whose role is unknown.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
UNKNOWN_ROOT = "---"
UNKNOWN_SECTOR = "UNK"
FORMER_SECTOR = "ELI"

# Surface kinds, in the order used when one text has several readings.
KIND_PRIORITY = ("person", "org", "party", "igo", "name", "alias", "seat", "capital", "demonym",
                 "region")
PARTY_SECTOR = "PTY"
# Offices from most to least prominent: when two people share a name and the
# text says nothing about which one is meant, the better-known office wins.
PROMINENCE = ("president", "monarch", "supreme leader", "prime minister", "chancellor",
              "chief adviser", "state counsellor", "secretary-general", "commission president",
              "council president", "vice president", "crown prince", "foreign minister",
              "defence minister")


@dataclass(frozen=True)
class Surface:
    """One way of writing a referent known to the knowledge base."""

    text: str
    kind: str  # see KIND_PRIORITY
    code: str  # full actor code, e.g. RUS, RUSGOV, UNO, RUSMED
    root: str | None  # country / IGO / region root of the code
    sector: str | None
    canonical: str  # display name of the referent
    label: str  # entity kind: GPE NORP ORG LOC PERSON FAC
    wikidata: str | None = None


@dataclass(frozen=True)
class OfficeTerm:
    """One person holding one office for one period."""

    name: str
    country: str
    office: str
    role: str
    start: date
    end: date | None
    wikidata: str | None

    def active(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when < self.end)


@dataclass(frozen=True)
class SectorTerm:
    sector: str
    kind: str  # title noun generic modifier


@dataclass
class KnowledgeBase:
    surfaces: dict[str, Surface] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    country_qids: dict[str, str] = field(default_factory=dict)
    terms: dict[str, list[OfficeTerm]] = field(default_factory=dict)
    by_office: dict[tuple[str, str], list[OfficeTerm]] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    # A written name two different people share ("Pedro Sánchez") -> their
    # canonical names; the table's `name` column keeps each person distinct.
    namesakes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sectors: dict[str, SectorTerm] = field(default_factory=dict)
    modifiers: dict[str, str] = field(default_factory=dict)
    offices: dict[str, str] = field(default_factory=dict)
    # Short party names several countries share ("Social Democrats"): label ->
    # country -> the party's own surface.  Which one is meant depends on context.
    party_labels: dict[str, dict[str, Surface]] = field(default_factory=dict)
    title_words: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    group_quantifiers: frozenset[str] = frozenset()
    # A seat several governments share ("Foreign Office": the United Kingdom,
    # Pakistan, Germany) -> every reading, the usual one first.
    shared_seats: dict[str, tuple[Surface, ...]] = field(default_factory=dict)
    # Short names that stand for a group only once its full name was written
    # ("RSF" after "Rapid Support Forces"; alone it may be another body) -> the
    # canonical name they need.
    dependent: dict[str, str] = field(default_factory=dict)
    # Region words that describe a country ("the Gulf state") -> its members.
    descriptions: dict[str, frozenset[str]] = field(default_factory=dict)

    def country_name(self, code: str | None) -> str | None:
        return self.country_names.get(code or "")

    def holder(self, country: str, office: str, when: date) -> OfficeTerm | None:
        """Who held ``office`` in ``country`` on ``when`` (None if unknown)."""
        for term in self.by_office.get((country, office), ()):
            if term.active(when):
                return term
        return None

    def person_term(
        self, name: str, when: date, country: str | None = None, office: str | None = None
    ) -> tuple[OfficeTerm | None, bool]:
        """The office a known person held on ``when``: (term, still in office).

        When the person held none that day the latest earlier term is
        returned with ``False`` so callers can code a former official."""
        terms = [t for t in self.terms.get(name, ()) if country in (None, t.country)]
        if office is not None:
            terms = [t for t in terms if t.office == office] or terms
        active = [t for t in terms if t.active(when)]
        if active:
            return active[0], True
        past = [t for t in terms if t.start <= when]
        if past:
            return max(past, key=lambda t: t.start), False
        return (min(terms, key=lambda t: t.start), False) if terms else (None, False)

    def prominence(self, name: str) -> int:
        """Rank of a person's most prominent office (lower is better known)."""
        ranks = [PROMINENCE.index(t.office) if t.office in PROMINENCE else len(PROMINENCE)
                 for t in self.terms.get(name, ())]
        return min(ranks, default=len(PROMINENCE) + 1)

    def namesake(
        self, text: str, when: date, countries: list[str], office: str | None = None,
        seen: frozenset[str] = frozenset(),
    ) -> str | None:
        """Which of the people written ``text`` is meant, or None if only one is.

        ``countries`` are the countries the context ties the name to, the
        strongest first (the title's country, then other countries named in
        the sentence, nearest first).  Only people in office by ``when`` are
        considered while any is.  A person of the first such country
        wins; then one holding the ``office`` a title names; then one the
        article already named in full; then the most prominent office, since
        a bare "Pedro Sánchez" in the news is far more often Spain's prime
        minister than Colombia's defence minister."""
        people = self.namesakes.get(text)
        if not people:
            return None
        started = tuple(p for p in people if self.terms[p][0].start <= when)
        people = started or people
        for country in countries:
            own = [p for p in people if any(t.country == country for t in self.terms[p])]
            if own:
                return own[0] if len(own) == 1 else min(own, key=self.prominence)
        if office is not None:
            holders = [p for p in people if any(t.office == office for t in self.terms[p])]
            if len(holders) == 1:
                return holders[0]
        earlier = [p for p in people if p in seen]
        if len(earlier) == 1:
            return earlier[0]
        return min(people, key=lambda p: (self.prominence(p), people.index(p)))

    def party(
        self, label: str, near: str | None, weights: Mapping[str, float]
    ) -> Surface | None:
        """The party a shared label means here: the country named right before
        it ("Swedish Social Democrats") wins, else the label's country that the
        article mentions most.  None when the article mentions none of them,
        because a label alone ("the Greens") does not say whose party it is."""
        parties = self.party_labels.get(label, {})
        if near is not None:
            own = parties.get(near)
            if own is not None:
                return own
            name = f"{label} ({self.country_name(near) or near})"
            return Surface(label, "org", code_of(near, PARTY_SECTOR), near, PARTY_SECTOR, name,
                           "ORG")
        scored = [(weights.get(c, 0.0), c) for c in parties if weights.get(c, 0.0) > 0]
        return parties[max(scored)[1]] if scored else None

    def sector_of(self, words: list[str]) -> SectorTerm | None:
        """The sector term for a head word, trying two-word compounds first."""
        if len(words) >= 2:
            hit = self.sectors.get(" ".join(words[-2:]))
            if hit is not None:
                return hit
        return self.sectors.get(words[-1]) if words else None


def code_of(root: str | None, sector: str | None) -> str:
    """Join a root and a sector into a CAMEO-style code."""
    if not root:
        return UNKNOWN_ROOT + sector if sector and sector != UNKNOWN_SECTOR else UNKNOWN_SECTOR
    return root + (sector or "")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _strip_article(text: str) -> str:
    for article in ("the ", "The "):
        if text.startswith(article) and len(text) > len(article):
            return text[len(article):]
    return text


def _add(kb: KnowledgeBase, surface: Surface) -> None:
    """Keep the strongest reading when two tables share a text."""
    text = _strip_article(surface.text)
    if not text:
        return
    surface = replace(surface, text=text)
    old = kb.surfaces.get(text)
    if old is None or KIND_PRIORITY.index(surface.kind) < KIND_PRIORITY.index(old.kind):
        kb.surfaces[text] = surface


def _plural_demonyms(text: str) -> list[str]:
    """Regular plurals (Israelis, Russians) name the people of a country."""
    if text.endswith(("an", "i")) and " " not in text:
        return [text + "s"]
    return []


def _load_countries(kb: KnowledgeBase) -> None:
    for row in _rows("countries.tsv"):
        kb.country_names[row["code"]] = row["name"]
        if row["wikidata"]:
            kb.country_qids[row["code"]] = row["wikidata"]
    for row in _rows("country_names.tsv"):
        code, kind, sector = row["code"], row["kind"], row["sector"] or None
        name = kb.country_names.get(code, row["text"])
        qid = kb.country_qids.get(code) if not sector else None
        label = {"demonym": "NORP", "seat": "FAC"}.get(kind, "GPE")
        # A capital is only a government metonym in some contexts; the entities
        # stage decides, so the surface records the plain country.
        full = code + sector if sector and kind != "capital" else code
        canonical = name if kind in ("name", "alias", "demonym") else row["text"]
        surface = Surface(row["text"], kind, full, code, sector if kind != "capital" else None,
                          canonical, label, qid)
        if kind == "seat":
            _add_seat(kb, surface)
        _add(kb, surface)
        if kind == "demonym":
            for plural in _plural_demonyms(row["text"]):
                _add(kb, Surface(plural, kind, code, code, None, name, "NORP", qid))


def _add_seat(kb: KnowledgeBase, surface: Surface) -> None:
    """Rows repeating a seat's text for another country make it a shared seat;
    the first row stays the reading used when the context names none."""
    text = _strip_article(surface.text)
    readings = kb.shared_seats.get(text, ())
    if all(r.root != surface.root for r in readings):
        kb.shared_seats[text] = (*readings, replace(surface, text=text))


def _load_igos(kb: KnowledgeBase) -> None:
    for row in _rows("igos.tsv"):
        sector = row["sector"] or None
        kind = "region" if row["kind"] in ("LOC", "NORP") else "igo"
        for text in [row["name"], *filter(None, row["aliases"].split("|"))]:
            _add(kb, Surface(text, kind, row["code"] + (sector or ""), row["code"], sector,
                             row["name"], row["kind"], row["wikidata"] or None))
    for row in _rows("organisations.tsv"):
        root = row["country"] or row["code"][:3]
        for text in [row["name"], *filter(None, row["aliases"].split("|"))]:
            if text.startswith("~"):
                text = text[1:]
                kb.dependent[text] = row["name"]
            _add(kb, Surface(text, "org", row["code"], root, row["sector"] or None,
                             row["name"], "ORG", row["wikidata"] or None))


def _load_parties(kb: KnowledgeBase) -> None:
    """Parties of government and main opposition parties.  A name or alias
    names one party; a shared label is matched everywhere but only resolved
    against the article's countries (see :meth:`KnowledgeBase.party`)."""
    labels: dict[str, dict[str, Surface]] = defaultdict(dict)
    for row in _rows("parties.tsv"):
        country, name = row["country"], row["name"]
        code, qid = code_of(country, PARTY_SECTOR), row["wikidata"] or None
        for text in [name, *filter(None, row["aliases"].split("|"))]:
            _add(kb, Surface(text, "org", code, country, PARTY_SECTOR, name, "ORG", qid))
        for text in filter(None, row["labels"].split("|")):
            labels[text][country] = Surface(text, "org", code, country, PARTY_SECTOR, name,
                                            "ORG", qid)
            _add(kb, Surface(text, "party", code_of(None, PARTY_SECTOR), None, PARTY_SECTOR,
                             text, "ORG"))
    kb.party_labels = dict(labels)


def _load_people(kb: KnowledgeBase) -> None:
    terms: dict[str, list[OfficeTerm]] = defaultdict(list)
    by_office: dict[tuple[str, str], list[OfficeTerm]] = defaultdict(list)
    surnames: dict[str, set[str]] = defaultdict(set)
    written: dict[str, list[str]] = defaultdict(list)
    for row in _rows("office_holders.tsv"):
        term = OfficeTerm(
            row["name"], row["country"], row["office"], row["role"],
            date.fromisoformat(row["start"]),
            date.fromisoformat(row["end"]) if row["end"] else None,
            row["wikidata"] or None,
        )
        terms[term.name].append(term)
        by_office[(term.country, term.office)].append(term)
        for text in [row["name"], *filter(None, row["aliases"].split("|"))]:
            _add(kb, Surface(text, "person", term.country, term.country, None, term.name,
                             "PERSON", term.wikidata))
            surnames[text.split()[-1]].add(term.name)
            if term.name not in written[text]:
                written[text].append(term.name)
    for items in terms.values():
        items.sort(key=lambda t: t.start)
    kb.terms, kb.by_office, kb.surnames = dict(terms), dict(by_office), dict(surnames)
    kb.namesakes = {text: tuple(names) for text, names in written.items() if len(names) > 1}


def _load_lexicons(kb: KnowledgeBase) -> None:
    for row in _rows("sectors.tsv"):
        if row["kind"] == "modifier":
            kb.modifiers[row["term"]] = row["sector"]
        else:
            kb.sectors.setdefault(row["term"], SectorTerm(row["sector"], row["kind"]))
    kb.offices = {row["phrase"]: row["office"] for row in _rows("offices.tsv")}
    words: set[str] = set()
    nouns: set[str] = set()
    quantifiers: set[str] = set()
    for row in _rows("title_words.tsv"):
        {"title": words, "group": nouns, "quantifier": quantifiers}[row["kind"]].add(row["word"])
    for phrase in [*kb.offices, *(t for t, s in kb.sectors.items() if s.kind != "noun")]:
        words.update(w for w in phrase.split() if w != "the")  # "secretary of the treasury"
    kb.title_words = frozenset(words)
    kb.group_nouns = frozenset(nouns)
    kb.group_quantifiers = frozenset(quantifiers)
    kb.descriptions = {row["word"]: frozenset(row["members"].split("|"))
                       for row in _rows("descriptions.tsv")}


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """Read every actor table once per process."""
    kb = KnowledgeBase()
    _load_people(kb)
    _load_igos(kb)
    _load_parties(kb)
    _load_countries(kb)
    kb.shared_seats = {t: r for t, r in kb.shared_seats.items() if len(r) > 1}
    _load_lexicons(kb)
    return kb


_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher]] = {}


def matcher_for(vocab: Vocab) -> PhraseMatcher:
    """One case-sensitive phrase matcher over every surface, per vocabulary.

    Patterns are tokenised with spaCy's English defaults, which the English
    pipelines share, so the model itself is not needed here."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    kb = load_kb()
    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="ORTH")
    patterns: list[Doc] = []
    for text in kb.surfaces:
        patterns.append(tokenizer(text))
    matcher.add("ACTOR", patterns)
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher
