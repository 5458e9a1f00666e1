"""Article text cut into plain and highlighted pieces, and the dyad chart's geometry.

The text is never turned into HTML here: pieces are handed to a template
that escapes each one, so untrusted article text cannot inject markup
whatever it contains.  Spans come from the extraction's character offsets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# When spans overlap, the first kind listed wins (an event trigger over the
# entity it names, a place over the GPE entity at the same words).
PRIORITY = ("event", "claim", "timex", "quantity", "place", "entity")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    label: str
    status: str | None = None
    anchor: str | None = None  # an element id, so other pages can link to the words


@dataclass(frozen=True)
class Piece:
    text: str
    mark: Mark | None = None


def _claim_marks(doc: dict[str, Any]) -> list[Mark]:
    coded = {e["claim"]: e for e in doc.get("events", [])}
    marks = []
    for claim in doc.get("claims", []):
        trig, fact = claim["trigger"], claim["factuality"]
        event = coded.get(claim["id"])
        label = f"{fact['status']} ({fact['certainty']}, {fact['polarity']})"
        if (claim.get("attribution") or {}).get("text"):
            label += f", according to {claim['attribution']['text']}"
        if event:
            label = f"{event['type']} {event.get('cameo') or ''}: {label}"
        marks.append(Mark(trig["start"], trig["end"], "event" if event else "claim", label,
                          fact["status"], claim["id"]))
    return marks


def marks(doc: dict[str, Any]) -> list[Mark]:
    found = _claim_marks(doc)
    for ent in doc.get("entities", []):
        actor = ent.get("actor") or {}
        label = f"{ent['kind']} {actor.get('code') or ''}".strip()
        found += [Mark(m["start"], m["end"], "entity", label) for m in ent.get("mentions", [])]
    found += [Mark(t["start"], t["end"], "timex", f"{t['type']} {t.get('value') or '?'}")
              for t in doc.get("timexes", [])]
    for q in doc.get("quantities", []):
        label = f"{q['kind']} {q.get('value')} {q.get('unit') or ''}".strip()
        if q.get("measure"):
            label += f" ({q['measure']} {'-'.join(q.get('between') or [])})".rstrip()
        found.append(Mark(q["start"], q["end"], "quantity", label, anchor=q["id"]))
    found += [Mark(pl["start"], pl["end"], "place",
                   f"{pl['name']}, {pl.get('country') or '?'} ({pl.get('feature') or 'place'})")
              for pl in doc.get("places", [])]
    return found


def pieces(text: str, found: list[Mark]) -> list[Piece]:
    """Non-overlapping marks in text order, with the plain text between them."""
    chosen: list[Mark] = []
    taken: list[tuple[int, int]] = []
    ranked = sorted(found, key=lambda m: (PRIORITY.index(m.kind), m.start, -(m.end - m.start)))
    for mark in ranked:
        if not 0 <= mark.start < mark.end <= len(text):
            continue  # offsets that do not fit this text are ignored, not trusted
        if any(mark.start < end and start < mark.end for start, end in taken):
            continue
        chosen.append(mark)
        taken.append((mark.start, mark.end))
    chosen.sort(key=lambda m: m.start)
    out: list[Piece] = []
    at = 0
    for mark in chosen:
        if mark.start > at:
            out.append(Piece(text[at:mark.start]))
        out.append(Piece(text[mark.start:mark.end], mark))
        at = mark.end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out


def snippet_pieces(snippet: str) -> list[Piece]:
    """A search snippet with the matched words (between [ and ]) marked."""
    out: list[Piece] = []
    for n, part in enumerate(snippet.replace("\x03", "\x02").split("\x02")):
        if part:
            out.append(Piece(part, Mark(0, 0, "hit", "match") if n % 2 else None))
    return out


@dataclass(frozen=True)
class Bar:
    month: str
    x: float
    y: float
    width: float
    height: float
    score: float
    events: int
    tone: str
    labelled: bool = True


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    zero: float
    bars: list[Bar]
    top: float


def chart(months: list[dict[str, Any]], width: int = 720, height: int = 220) -> Chart:
    """Bars of the monthly cooperation-conflict score around a zero line.

    Bars keep a readable width whatever the number of months (a pair with two
    months of news should not get two slabs), and month labels are thinned
    so they never overlap."""
    pad, widest, label_room = 32.0, 64.0, 48.0
    top = max((abs(float(m["score"])) for m in months), default=0.0) or 1.0
    zero = height / 2
    scale = (height / 2 - pad) / top
    step = min((width - 2 * pad) / max(len(months), 1), widest)
    left = pad + ((width - 2 * pad) - step * len(months)) / 2
    every = max(1, math.ceil(label_room / step))
    bars = []
    for n, month in enumerate(months):
        score = float(month["score"])
        size = max(abs(score) * scale, 1.0)
        bars.append(Bar(month["month"], round(left + n * step + step * 0.15, 1),
                        round(zero - size if score >= 0 else zero, 1), round(step * 0.7, 1),
                        round(size, 1), score, int(month["events"]),
                        "coop" if score > 0 else "conflict" if score < 0 else "neutral",
                        labelled=n % every == 0))
    return Chart(width, height, zero, bars, top)
