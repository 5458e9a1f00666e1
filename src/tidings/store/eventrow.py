"""The flat event row: one mapping for the SQLite store and the batch tables.

``Store.events()`` and the batch engines' event table must mean the same thing
by each column; two copies of this mapping would drift apart.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..document import Claim, Event
from . import cues

Row = dict[str, Any]


@lru_cache(maxsize=1)
def cameo_scores() -> dict[str, tuple[int | None, float | None]]:
    """QuadClass and Goldstein score per CAMEO code, read once per process."""
    from ..stages.codebook import load_lexicon

    return {c.code: (c.quad_class, c.goldstein) for c in load_lexicon().cameo.values()}


def claim_context(claim: Claim, text: str) -> tuple[str | None, str | None]:
    """The story anchor and lifecycle cue of a claim, as the store computes them."""
    anchor = cues.anchor_for(text, claim.trigger.start, claim.trigger.end)
    # Cue words only ever speak about an anchor, so unanchored claims skip them.
    cue = cues.cue_for(text, claim.trigger.start, claim.factuality.status) if anchor else None
    return anchor, cue


def event_fields(event: Event, claim: Claim | None, anchor: str | None, cue: str | None,
                 countries: dict[str, str | None]) -> Row:
    """The event columns shared by the batch table and the store's ``events`` table."""

    def code_country(code: str, entity: str | None) -> str | None:
        country = countries.get(entity) if entity else None
        guess = country or (code[:3] if len(code) >= 3 and code[:3].isalpha() else None)
        return None if guess in (None, "UNK") else guess

    parties = sorted(
        {c for p in event.actors + event.recipients if (c := code_country(p.code, p.entity))}
    )
    quad, goldstein = cameo_scores().get(event.cameo or "", (None, None))
    loc = event.location
    return {
        "eid": event.id, "claim": event.claim, "type": event.type, "mode": event.mode,
        "cameo": event.cameo, "quad_class": quad, "goldstein": goldstein,
        "actors": [p.code for p in event.actors],
        "recipients": [p.code for p in event.recipients],
        "parties": parties,
        "time_value": event.time.value if event.time else None,
        "place": loc.name if loc else None,
        "place_country": loc.country if loc else None,
        "place_precision": loc.precision if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "status": claim.factuality.status if claim else None,
        "trigger": claim.trigger.text if claim else None,
        "anchor": anchor, "cue": cue, "confidence": event.confidence,
    }
