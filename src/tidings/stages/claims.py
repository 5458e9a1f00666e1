"""Stage: claims, every eventive predicate with its factuality and source.

Reads: the parsed ``doc`` and the timexes.  Writes: ``analysis.claims``.

A claim is a verb (not an auxiliary) or an event noun ("visit", "sanctions",
nominalisations such as "deployment").  Its factuality comes from the rule
engine in :mod:`.factuality`; a date on the predicate itself then settles its
tense against the publication date.  Its source comes from
:mod:`.attribution`, with the paragraph-level conventions of news writing: a
quotation that runs on keeps its speaker (also when the speaker says "I" or
"we" inside it, or signs it on the next line), a transcript turn ("NAME: ...")
or a block introduced by a line ending in a colon belongs to who was named,
and an unsourced forecast at the head of a paragraph is sourced by the
sentence right after it ("X is expected to ...  Sources say ...").
Statements that a claim is unconfirmed or denied weaken the earlier mentions
of the same event."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..document import Attribution, Factuality
from . import attribution as attr
from .base import Analysis, ClaimHit, Stage, TimexHit
from .factuality import Frame, Reading, assess, clausal_noun, cues, nominal, to_factuality

EVENT_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ure", "al", "ing")
# Suffixes that are ambiguous enough to need the noun listed explicitly.
LISTED_ONLY_SUFFIXES = ("ance", "ence", "ure", "al", "ing")
TIME_PREPS = frozenset({"in", "on", "at", "during", "since", "by", "until", "till", "before",
                        "after", "from", "through", "throughout", "within", "over", "for"})
NON_EVENT_VERBS = frozenset({"accord", "base", "regard", "concern"})
QUOTES_OPEN = frozenset({"\u201c", "``", "\u2018"})
QUOTES_CLOSE = frozenset({"\u201d", "\u2019\u2019"})
QUOTES_BOTH = frozenset({'"', "''"})
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _read_list(name: str) -> frozenset[str]:
    text = resources.files("tidings").joinpath(f"data/claims/{name}").read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines()
                     if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    return _read_list("event_nouns.txt")


@lru_cache(maxsize=1)
def nominal_stoplist() -> frozenset[str]:
    return _read_list("nominal_stoplist.txt") - event_nouns()


def is_trigger(tok: Token) -> bool:
    """Verbs other than auxiliaries, and nouns that name events."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" or clausal_noun(tok):
        if tok.dep_ in ("aux", "auxpass") or lemma in NON_EVENT_VERBS:
            return False
        return tok.dep_ != "amod" or tok.tag_ == "VBG"
    if tok.pos_ != "NOUN":
        return False
    if lemma in event_nouns():
        return True
    if lemma in nominal_stoplist() or len(lemma) < 7:
        return False
    return lemma.endswith(EVENT_SUFFIXES) and not lemma.endswith(LISTED_ONLY_SUFFIXES)


def _timex_tokens(doc: Doc, timexes: list[TimexHit]) -> dict[int, TimexHit]:
    index: dict[int, TimexHit] = {}
    for tx in timexes:
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                index.setdefault(t.i, tx)
    return index


def link_time(tok: Token, index: dict[int, TimexHit]) -> TimexHit | None:
    """The timex among the predicate's own dependents ('visit ... on May 5')."""
    for child in tok.children:
        if child.i in index and child.dep_ in ("npadvmod", "tmod", "nummod", "advmod",
                                               "compound", "nmod", "obl", "dobj"):
            return index[child.i]
        if child.dep_ == "prep" and child.lower_ in TIME_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.i in index:
                    return index[obj.i]
    return None


def _date_side(value: str | None, published: date | None) -> str | None:
    """Whether a calendar date lies wholly before ('past') or after ('future')
    the publication date; None when it holds it or cannot be read."""
    if value is None or published is None:
        return None
    m = ISO_DATE.match(value)
    if m is None:
        return None
    parts = [int(p) if p else None for p in m.groups()]
    year, month, day = parts
    pub = (published.year, published.month, published.day)
    here = tuple(p for p in (year, month, day) if p is not None)
    if here < pub[: len(here)]:
        return "past"
    if here > pub[: len(here)]:
        return "future"
    return None


def _dated_tense(fact: Factuality, time: TimexHit | None, published: date | None,
                 untensed: bool = False) -> Factuality:
    """A date on the predicate itself settles present-for-future ('leaves on
    Monday') and plans that the publication date has overtaken.  An untensed
    predicate (an infinitive) has only the time its context lends it, so a
    later date also wins over a past ('flew to Oslo to sign it next week')."""
    if time is None or time.type != "DATE":
        return fact
    side = _date_side(time.value, published)
    if side == "future" and (fact.tense == "present" or (untensed and fact.tense == "past")):
        return _with(fact, tense="future")
    if side == "past" and fact.tense == "future":
        return _with(fact, tense="past")
    return fact


def _attribute(tok: Token, reading: Reading) -> Attribution | None:
    if reading.report is not None:
        src = attr.reporter_source(reading.report)
        if src is not None:
            return src
    found = attr.hedge_source(tok) or attr.according_to(tok.sent) or _parenthetical(tok)
    if found is None and reading.holder is not None:
        found = attr.holder_source(reading.holder)
    return found


def _parenthetical(tok: Token) -> Attribution | None:
    """Only claims in the root's own clause are covered by '..., X said'."""
    sent = tok.sent
    cur = tok
    while cur.head != cur and cur.dep_ not in ("relcl", "ccomp", "advcl", "parataxis"):
        cur = cur.head
    return attr.parenthetical_source(sent) if cur == sent.root else None


def _paragraphs(doc: Doc) -> list[list[Span]]:
    """Sentences grouped by paragraph.  A line break ends a paragraph, also
    inside what the parser took for one sentence ('... as follows:' and the
    transcript after it), so such a sentence is cut there."""
    groups: list[list[Span]] = [[]]
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text and tok.i > start:
                groups[-1].append(doc[start:tok.i])
                groups.append([])
                start = tok.i + 1
        if start < sent.end:
            groups[-1].append(doc[start:sent.end])
        tail = sent.text_with_ws
        if "\n" in tail[len(tail.rstrip()):]:
            groups.append([])
    return [g for g in groups if g]


def _quote_state(doc: Doc, para: list[Span]) -> list[tuple[bool, bool]]:
    """For each sentence: (inside a quotation at its start, quoted at all)."""
    state: list[tuple[bool, bool]] = []
    open_ = False
    for sent in para:
        quoted = open_
        starts_open = open_
        for tok in sent:
            if tok.text in QUOTES_OPEN or (tok.text in QUOTES_BOTH and not open_):
                open_, quoted = True, True
            elif tok.text in QUOTES_CLOSE or tok.text in QUOTES_BOTH:
                open_ = False
        state.append((starts_open, quoted))
    return state


def _quoted_speaker(k: int, quotes: list[tuple[bool, bool]],
                    sources: list[Attribution | None],
                    para: list[Span]) -> Attribution | None:
    """The speaker of a run of quoted sentences: the nearest sourced sentence
    of the run, looking ahead first ('"...  ...," she said.'), or a signature
    line right after it ('"..." -- Jane Doe')."""
    for j in range(k + 1, len(sources)):
        if not quotes[j][0]:
            return attr.dash_source(para[j])
        if sources[j] is not None:
            return sources[j]
    for j in range(k - 1, -1, -1):
        if sources[j] is not None:
            return sources[j]
        if not quotes[j][1]:
            break
    return None


def _carry_over(analysis: Analysis, by_token: dict[int, ClaimHit]) -> None:
    """Paragraph conventions: running quotations, transcript turns ('NAME: ...'),
    blocks introduced by a line ending in a colon, and sourced leads."""
    intro: Attribution | None = None
    for para in _paragraphs(analysis.doc):
        found = [attr.sentence_source(s) for s in para]
        turn = attr.colon_source(para[0]) or intro
        quotes = _quote_state(analysis.doc, para)
        for k, sent in enumerate(para):
            hits = [h for t in sent if (h := by_token.get(t.i)) is not None]
            if hits:
                _source_sentence(k, para, hits, found, quotes, turn)
        intro = attr.intro_source(para[-1])


def _source_sentence(k: int, para: list[Span], hits: list[ClaimHit],
                     found: list[tuple[Attribution | None, Token | None]],
                     quotes: list[tuple[bool, bool]], turn: Attribution | None) -> None:
    """Source the claims of sentence ``k`` of a paragraph from its context."""
    sent = para[k]
    sources = [src for src, _ in found]
    src = attr.colon_source(sent) or (turn if sources[k] is None else None)
    speaker = src
    if src is None and quotes[k][1]:
        speaker = sources[k] or _quoted_speaker(k, quotes, sources, para)
        src = speaker if sources[k] is None else None
    elif src is None and k == 0 and k + 1 < len(para):
        nxt, verb = found[k + 1]
        lead_verbs = cues()["lead_sourcing_verbs"]
        if nxt is not None and verb is not None and verb.lemma_.lower() in lead_verbs \
                and _is_forecast(hits, sent):
            src = nxt
    if src is None:
        _sentence_wide(sent.doc, hits, found[k])
    for h in hits:
        if src is not None and (h.attribution is None or h.attribution.kind == "author"):
            h.attribution = src
        elif speaker is not None and h.attribution is not None and \
                h.attribution.text.lower() in attr.SPEAKER_PRONOUNS:
            # 'I think ...' inside a quotation: the quoted speaker vouches
            h.attribution = speaker


def _sentence_wide(doc: Doc, hits: list[ClaimHit],
                   found: tuple[Attribution | None, Token | None]) -> None:
    """In 'X said ...' sentences, every other unsourced claim is X's, save
    those inside the source phrase itself."""
    src, verb = found
    if src is None:
        return
    for h in hits:
        if h.attribution is not None and h.attribution.kind != "author":
            continue
        if verb is not None and h.token == verb.i:
            continue
        if src.start <= h.start < src.end:
            continue
        h.attribution = src


def _is_forecast(hits: list[ClaimHit], sent: Span) -> bool:
    """A sentence whose main predicate is not (yet) a fact needs a source."""
    chain = {sent.root.i} | {c.i for c in sent.root.children if c.dep_ in ("xcomp", "ccomp")}
    facts = [h.factuality for h in hits if h.token in chain]
    return any(f.status in ("expected", "possible") or f.certainty != "certain" for f in facts)


def _weaken_confirmed(analysis: Analysis, hits: list[ClaimHit]) -> None:
    """'Neither side has confirmed the visit', 'X denied the talks': the
    mentions of that event so far become probable rather than certain, and
    the mention under the denial takes the tense of the earlier ones."""
    doc = analysis.doc
    embedders = cues()["embedders"]
    for h in hits:
        tok = doc[h.token]
        spec = embedders.get(tok.lemma_.lower())
        if not spec or not spec.get("lowers"):
            continue
        if spec.get("polarity") != "negative" and h.factuality.polarity != "negative":
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "ccomp")]
        targets = {c.lemma_.lower() for c in objects}
        earlier = [o for o in hits if o.start < h.start and o is not h
                   and doc[o.token].lemma_.lower() in targets]
        for other in earlier:
            if other.factuality.certainty == "certain":
                other.factuality = _with(other.factuality, certainty="probable")
        tense = earlier[0].factuality.tense if earlier else "underspecified"
        for other in hits:
            if any(other.token == c.i for c in objects):
                other.factuality = _with(other.factuality, certainty="probable", tense=tense)


def _with(fact: Factuality, **changes: str) -> Factuality:
    """A factuality with some values replaced and status and score re-derived."""
    frame = Frame(certainty=changes.get("certainty", fact.certainty),
                  polarity=changes.get("polarity", fact.polarity),
                  tense=changes.get("tense", fact.tense))
    return to_factuality(frame)


def run(analysis: Analysis) -> None:
    doc = analysis.doc
    index = _timex_tokens(doc, analysis.timexes)
    hits: list[ClaimHit] = []
    by_token: dict[int, ClaimHit] = {}
    for tok in doc:
        if not is_trigger(tok):
            continue
        reading = assess(tok)
        default = "past" if nominal(tok) else "present"
        hit = ClaimHit(start=tok.idx, end=tok.idx + len(tok.text), token=tok.i,
                       factuality=to_factuality(reading.frame, default),
                       attribution=_attribute(tok, reading) or attr.author(),
                       time=link_time(tok, index))
        untensed = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to"
                                            for c in tok.children)
        hit.factuality = _dated_tense(hit.factuality, hit.time, analysis.published, untensed)
        hits.append(hit)
        by_token[tok.i] = hit
    _carry_over(analysis, by_token)
    _weaken_confirmed(analysis, hits)
    analysis.claims = hits


STAGE = Stage(name="claims", reads=("doc", "entities", "timexes"), writes=("claims",), run=run)
