"""What pipeline stages share: the per-document analysis and the stage record.

Stages read and write an :class:`Analysis`: the spaCy ``Doc`` plus lists of
*hits*, stage-local records that may point at each other by object (a claim
at the timex that dates it, an event at its claim).  Only the assembly stage
turns hits into the contract's dataclasses and numbers them, so no stage has
to agree with another on identifiers.  Hits carry character offsets into the
article text; ``Analysis.span`` maps them back to spaCy tokens.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..document import Actor, Attribution, Factuality

_TEXT_KEY = "tidings.text"


def doc_text(doc: Doc) -> str:
    """The text of a Doc, cached on it: spaCy rebuilds ``doc.text`` from the
    tokens on every access, which made slicing it per mention the costliest
    line of the claims stage."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


@dataclass(eq=False)
class EntityHit:
    """One real-world referent with all its mentions (char spans)."""

    name: str
    kind: str  # PERSON ORG GPE LOC NORP FAC WEAPON ...
    mentions: list[tuple[int, int]] = field(default_factory=list)
    actor: Actor | None = None
    # For kind GROUP ("the two nations", "both sides"): the referents it covers.
    members: list[EntityHit] = field(default_factory=list)


@dataclass(eq=False)
class TimexHit:
    start: int
    end: int
    type: str  # DATE TIME DURATION SET
    value: str | None
    granularity: str | None


@dataclass(eq=False)
class QuantityHit:
    start: int
    end: int
    kind: str  # money percent count
    value: float | None
    unit: str | None
    measure: str | None = None
    between: list[str] = field(default_factory=list)
    period: str | None = None
    approx: str | None = None  # about, more_than, less_than, up_to, range
    direction: str | None = None  # up, down (a change), record (a level never reached before)


@dataclass(eq=False)
class PlaceHit:
    start: int
    end: int
    name: str
    country: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    feature: str | None  # country admin1 city region ...


@dataclass(eq=False)
class ClaimHit:
    start: int  # trigger span
    end: int
    token: int  # index of the trigger's head token in the Doc
    factuality: Factuality
    attribution: Attribution | None = None
    time: TimexHit | None = None


@dataclass(eq=False)
class ParticipantHit:
    code: str
    start: int
    end: int
    entity: EntityHit | None = None


@dataclass(eq=False)
class LocationHit:
    place: PlaceHit | None
    precision: str  # city admin1 country


@dataclass(eq=False)
class EventHit:
    claim: ClaimHit
    type: str
    mode: str | None
    cameo: str | None
    contexts: list[str] = field(default_factory=list)
    actors: list[ParticipantHit] = field(default_factory=list)
    recipients: list[ParticipantHit] = field(default_factory=list)
    time: TimexHit | None = None
    location: LocationHit | None = None
    confidence: float = 0.5
    location_reason: str | None = None  # why no location, or how it was chosen
    counts: list[tuple[str, QuantityHit]] = field(default_factory=list)  # ("killed", 8 people)


@dataclass(eq=False)
class Analysis:
    """Everything known about one document while it moves through the stages."""

    doc: Doc
    published: date | None = None
    title: str | None = None
    entities: list[EntityHit] = field(default_factory=list)
    timexes: list[TimexHit] = field(default_factory=list)
    quantities: list[QuantityHit] = field(default_factory=list)
    places: list[PlaceHit] = field(default_factory=list)
    claims: list[ClaimHit] = field(default_factory=list)
    events: list[EventHit] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    _sentence_starts: list[int] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return doc_text(self.doc)

    def span(self, start: int, end: int) -> Span | None:
        """The tokens covering a char span (expanded to token edges)."""
        return self.doc.char_span(start, end, alignment_mode="expand")

    def token_at(self, char: int) -> Token | None:
        """The token that contains character offset ``char``."""
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def sentence_index(self, char: int) -> int:
        """Index of the sentence holding ``char`` (0 before the first one)."""
        if self._sentence_starts is None:
            self._sentence_starts = [sent.start_char for sent in self.doc.sents]
        return max(bisect_right(self._sentence_starts, char) - 1, 0)

    def entity_at(self, start: int, end: int) -> EntityHit | None:
        """The entity one of whose mentions overlaps the char span."""
        for ent in self.entities:
            for m_start, m_end in ent.mentions:
                if m_start < end and start < m_end:
                    return ent
        return None

    def warn(self, code: str, message: str) -> None:
        self.warnings.append({"code": code, "message": message})


@dataclass(frozen=True)
class Stage:
    """A pipeline step, declaring what it reads and writes (as spaCy does),
    so the order can be checked and a reader can see the data flow."""

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Analysis], None]
    # Loads the stage's data (gazetteer, lexicons) up front, so a pipeline
    # pays it when built rather than on its first document.
    warm: Callable[[], object] | None = None
