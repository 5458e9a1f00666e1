"""The document contract: plain dataclasses that cross every layer boundary.

These classes mirror the JSON document that ``tidings extract`` writes
(schema ``tidings.document/1``).  They hold no spaCy objects, so the store,
the API and the exporters can depend on them without importing the NLP
pipeline.  Field names are the contract's; renaming one is a schema change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, is_dataclass
from typing import Any, ClassVar

SCHEMA = "tidings.document/1"

__all__ = [
    "SCHEMA",
    "Actor",
    "Article",
    "Attribution",
    "Claim",
    "Document",
    "Entity",
    "ErrorRecord",
    "Event",
    "EventTime",
    "Factuality",
    "Location",
    "Mention",
    "Participant",
    "Place",
    "Quantity",
    "Span",
    "Timex",
]


def _plain(value: Any) -> Any:
    """Dataclasses to dicts and lists, like ``dataclasses.asdict`` but without
    its deep copies, which made serialising a document cost a third as much as
    extracting it."""
    if is_dataclass(value) and not isinstance(value, type):
        omit = getattr(value, "OMIT_WHEN_EMPTY", ())
        return {key: _plain(item) for key, item in vars(value).items()
                if key not in omit or (item is not None and item != [])}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@dataclass
class Span:
    """A stretch of the article text; offsets are Python string indices."""

    start: int
    end: int
    text: str


@dataclass
class Mention(Span):
    pass


@dataclass
class Actor:
    code: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    wikidata: str | None = None


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    actor: Actor | None = None
    members: list[str] = field(default_factory=list)  # ids, for groups ("both sides")


@dataclass
class Factuality:
    status: str = "unknown"
    certainty: str = "underspecified"
    polarity: str = "positive"
    tense: str = "underspecified"
    score: float = 0.0


@dataclass
class Attribution:
    text: str
    start: int
    end: int
    kind: str


@dataclass
class Claim:
    id: str
    trigger: Span
    sentence: int
    factuality: Factuality
    attribution: Attribution | None = None
    time: str | None = None


@dataclass
class Participant:
    entity: str | None
    code: str
    start: int
    end: int
    text: str


@dataclass
class EventTime:
    timex: str | None
    value: str | None


@dataclass
class Location:
    name: str
    country: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    precision: str


@dataclass
class EventCount:
    """A figure that measures the event itself: the dead of an attack, the
    arrested of a crackdown, the size of a crowd."""

    role: str  # killed, injured, arrested, displaced, participants, ...
    quantity: str  # id into quantities
    value: float | None


@dataclass
class Event:
    id: str
    claim: str
    type: str
    mode: str | None
    contexts: list[str]
    cameo: str | None
    actors: list[Participant]
    recipients: list[Participant]
    time: EventTime | None
    location: Location | None
    confidence: float
    # Optional additions to schema 1, left out of the JSON when empty: why
    # ``location`` is null or how it was chosen (see the README), and the
    # event's own figures.
    location_reason: str | None = None
    counts: list[EventCount] = field(default_factory=list)
    OMIT_WHEN_EMPTY: ClassVar[tuple[str, ...]] = ("location_reason", "counts")


@dataclass
class Timex:
    id: str
    start: int
    end: int
    text: str
    type: str
    value: str | None
    granularity: str | None


@dataclass
class Quantity:
    id: str
    start: int
    end: int
    text: str
    kind: str
    value: float | None
    unit: str | None
    measure: str | None = None
    between: list[str] = field(default_factory=list)
    period: str | None = None
    sentence: int = 0
    approx: str | None = None
    # up, down (a stated change) or record; an optional addition to schema 1.
    direction: str | None = None
    OMIT_WHEN_EMPTY: ClassVar[tuple[str, ...]] = ("direction",)


@dataclass
class Place:
    start: int
    end: int
    text: str
    name: str
    country: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    feature: str | None


@dataclass
class Article:
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str = "en"
    text_sha256: str = ""


@dataclass
class Document:
    """One article and everything extracted from it."""

    id: str | None
    article: Article
    text: str = ""
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    schema: str = SCHEMA

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        """The contract's JSON object; the text is left out unless asked for,
        since readers already hold it and it doubles the output size."""
        data = _plain(self)
        ordered: dict[str, Any] = {"schema": data.pop("schema"), "id": data.pop("id")}
        text = data.pop("text")
        ordered.update(data)
        if include_text:
            ordered["text"] = text
        return ordered

    def to_json(self, indent: int | None = None, include_text: bool = False) -> str:
        return json.dumps(self.to_dict(include_text), ensure_ascii=False, indent=indent)


@dataclass
class ErrorRecord:
    """What a batch writes for a line it could not process."""

    id: str | None
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "error": {"code": self.code, "message": self.message}}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)
