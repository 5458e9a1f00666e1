"""Final stage: turn hits (spaCy-backed, linked by object) into the contract.

Reads: every hit list.  Writes: a :class:`tidings.document.Document`.
This is the only place identifiers are minted, so stages never coordinate
on them, and the only place char offsets become ``Span`` text.
"""

from __future__ import annotations

import hashlib

from ..document import (
    Article,
    Claim,
    Document,
    Entity,
    Event,
    EventCount,
    EventTime,
    Location,
    Mention,
    Participant,
    Place,
    Quantity,
    Span,
    Timex,
)
from .base import Analysis, ClaimHit, EntityHit, EventHit, ParticipantHit, TimexHit


class _Ids:
    """Stable ids per hit object, in document order of the lists."""

    def __init__(self, analysis: Analysis) -> None:
        self.entity = {id(h): f"E{i}" for i, h in enumerate(analysis.entities, 1)}
        self.timex = {id(h): f"T{i}" for i, h in enumerate(analysis.timexes, 1)}
        self.claim = {id(h): f"C{i}" for i, h in enumerate(analysis.claims, 1)}
        ordered = sorted(analysis.quantities, key=lambda q: q.start)
        self.quantity = {id(h): f"Q{i}" for i, h in enumerate(ordered, 1)}

    def of_timex(self, hit: TimexHit | None) -> str | None:
        return None if hit is None else self.timex.get(id(hit))

    def of_entity(self, hit: EntityHit | None) -> str | None:
        return None if hit is None else self.entity.get(id(hit))


def _entities(analysis: Analysis, ids: _Ids) -> list[Entity]:
    text = analysis.text
    out = []
    for hit in analysis.entities:
        mentions = [Mention(s, e, text[s:e]) for s, e in sorted(hit.mentions)]
        members = [ids.entity[id(m)] for m in hit.members if id(m) in ids.entity]
        out.append(Entity(ids.entity[id(hit)], hit.name, hit.kind, mentions, hit.actor, members))
    return out


def _claims(analysis: Analysis, ids: _Ids) -> list[Claim]:
    text = analysis.text
    return [
        Claim(
            id=ids.claim[id(hit)],
            trigger=Span(hit.start, hit.end, text[hit.start : hit.end]),
            sentence=analysis.sentence_index(hit.start),
            factuality=hit.factuality,
            attribution=hit.attribution,
            time=ids.of_timex(hit.time),
        )
        for hit in analysis.claims
    ]


def _participant(hit: ParticipantHit, ids: _Ids, text: str) -> Participant:
    return Participant(ids.of_entity(hit.entity), hit.code, hit.start, hit.end,
                       text[hit.start : hit.end])


def _event(n: int, hit: EventHit, ids: _Ids, claim_id: str, text: str) -> Event:
    time = None
    if hit.time is not None:
        time = EventTime(ids.of_timex(hit.time), hit.time.value)
    location = None
    if hit.location is not None and hit.location.place is not None:
        p = hit.location.place
        location = Location(p.name, p.country, p.geonameid, p.lat, p.lon, hit.location.precision)
    return Event(
        id=f"V{n}",
        claim=claim_id,
        type=hit.type,
        mode=hit.mode,
        contexts=list(hit.contexts),
        cameo=hit.cameo,
        actors=[_participant(p, ids, text) for p in hit.actors],
        recipients=[_participant(p, ids, text) for p in hit.recipients],
        time=time,
        location=location,
        confidence=round(hit.confidence, 3),
        location_reason=hit.location_reason,
        counts=[EventCount(role, ids.quantity[id(q)], q.value)
                for role, q in hit.counts if id(q) in ids.quantity],
    )


def _events(analysis: Analysis, ids: _Ids) -> list[Event]:
    out: list[Event] = []
    for hit in analysis.events:
        claim_id = ids.claim.get(id(hit.claim))
        if claim_id is None:
            # An event whose claim the claims stage did not list: keep the
            # event and give the claim a place so the link never dangles.
            analysis.claims.append(hit.claim)
            claim_id = ids.claim[id(hit.claim)] = f"C{len(analysis.claims)}"
        out.append(_event(len(out) + 1, hit, ids, claim_id, analysis.text))
    return out


def _claim_sort_key(hit: ClaimHit) -> int:
    return hit.start


def assemble(
    analysis: Analysis,
    doc_id: str | None,
    url: str | None = None,
    source: str | None = None,
) -> Document:
    """Build the contract document for one analysed article."""
    text = analysis.text
    analysis.entities.sort(key=lambda h: min(h.mentions) if h.mentions else (0, 0))
    analysis.timexes.sort(key=lambda h: h.start)
    analysis.claims.sort(key=_claim_sort_key)
    ids = _Ids(analysis)
    events = _events(analysis, ids)
    article = Article(
        title=analysis.title,
        url=url,
        source=source,
        published=analysis.published.isoformat() if analysis.published else None,
        language="en",
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    return Document(
        id=doc_id,
        article=article,
        text=text,
        entities=_entities(analysis, ids),
        claims=_claims(analysis, ids),
        events=events,
        timexes=[
            Timex(ids.timex[id(h)], h.start, h.end, text[h.start : h.end], h.type, h.value,
                  h.granularity)
            for h in analysis.timexes
        ],
        quantities=[
            Quantity(ids.quantity[id(h)], h.start, h.end, text[h.start : h.end], h.kind,
                     h.value, h.unit, h.measure, sorted(h.between), h.period,
                     analysis.sentence_index(h.start), h.approx, h.direction)
            for h in sorted(analysis.quantities, key=lambda q: q.start)
        ],
        places=[
            Place(h.start, h.end, text[h.start : h.end], h.name, h.country, h.geonameid, h.lat,
                  h.lon, h.feature)
            for h in sorted(analysis.places, key=lambda p: p.start)
        ],
        warnings=list(analysis.warnings),
    )
