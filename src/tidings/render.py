"""A plain-text digest of a document, for people reading a terminal.

JSON is the interface; this view exists so that a newcomer running the demo
sees at a glance what was found and how sure the article is about it.
"""

from __future__ import annotations

from .document import Claim, Document, Event


def _who(event: Event) -> str:
    actors = ", ".join(p.code for p in event.actors) or "?"
    recipients = ", ".join(p.code for p in event.recipients)
    return f"{actors} -> {recipients}" if recipients else actors


def _event_line(event: Event, claims: dict[str, Claim], timexes: dict[str, str]) -> str:
    claim = claims.get(event.claim)
    status = claim.factuality.status if claim else "unknown"
    trigger = claim.trigger.text if claim else ""
    when = event.time.value if event.time and event.time.value else ""
    where = event.location.name if event.location else ""
    source = ""
    if claim and claim.attribution and claim.attribution.kind != "author":
        source = f"  per {claim.attribution.kind}: {claim.attribution.text!r}"
    mode = f"/{event.mode}" if event.mode else ""
    parts = [f"{event.type}{mode}", f"cameo {event.cameo or '-'}", _who(event),
             f"[{status}]", f"'{trigger}'", when, where]
    return "  " + "  ".join(p for p in parts if p) + source


def _human(value: float) -> str:
    """68700000000 -> '68.7 billion': the scale words a reader expects."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:g} {word}"
    return f"{value:g}"


def render_text(doc: Document) -> str:
    """Headline facts first (events), then the supporting layers."""
    lines = [f"== {doc.id or 'document'}  (published {doc.article.published or 'unknown'})"]
    claims = {c.id: c for c in doc.claims}
    timexes = {t.id: t.value or "" for t in doc.timexes}
    lines.append(f"events ({len(doc.events)}):")
    lines += [_event_line(e, claims, timexes) for e in doc.events]
    actors = [f"{e.name} [{e.actor.code}]" for e in doc.entities if e.actor]
    lines.append(f"actors ({len(actors)}): " + "; ".join(actors))
    lines.append("times: " + "; ".join(f"{t.text} = {t.value}" for t in doc.timexes))
    figures = [f"{q.text} = {_human(q.value)} {q.unit or ''}".rstrip() +
               (f" ({q.measure})" if q.measure else "")
               for q in doc.quantities if q.value is not None]
    lines.append("figures: " + "; ".join(figures))
    lines.append("places: " + "; ".join(f"{p.text} ({p.country})" for p in doc.places))
    by_status: dict[str, int] = {}
    for claim in doc.claims:
        by_status[claim.factuality.status] = by_status.get(claim.factuality.status, 0) + 1
    lines.append(f"claims ({len(doc.claims)}): " +
                 ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
    for warning in doc.warnings:
        lines.append(f"warning {warning['code']}: {warning['message']}")
    return "\n".join(lines) + "\n"
