"""Flat rows from a contract document: one mapping for every table writer.

Kept free of pyarrow and pandas; the event columns come from the store's own
mapping (:mod:`tidings.store.eventrow`), so a batch event table and
``Store.events()`` mean the same thing by each column.
"""

from __future__ import annotations

from typing import Any

from ..document import Document, ErrorRecord
from ..store.eventrow import claim_context, event_fields

Row = dict[str, Any]
UNKNOWN_MONTH = "unknown"

DOCUMENT_COUNTS = ("entities", "claims", "events", "timexes", "quantities", "places")


def month_of(published: str | None) -> str:
    """``YYYY-MM`` of an ISO date, or ``unknown``: the partition a document lands in."""
    if not published or len(published) < 7:
        return UNKNOWN_MONTH
    head = published[:7]
    year, dash, month = head[:4], head[4], head[5:7]
    if year.isdigit() and dash == "-" and month.isdigit() and 1 <= int(month) <= 12:
        return head
    return UNKNOWN_MONTH


def document_row(doc: Document, source: str | None = None) -> Row:
    """One row per document; ``document`` is exactly what ``tidings extract`` writes.

    ``source`` names the input (a file) when the article itself names none,
    as the store does, without changing the document's own JSON.
    """
    art = doc.article
    row: Row = {
        "id": doc.id,
        "published": art.published,
        "title": art.title,
        "url": art.url,
        "source": art.source or source,
    }
    for name in DOCUMENT_COUNTS:
        row[f"n_{name}"] = len(getattr(doc, name))
    row["document"] = doc.to_json()
    return row


def event_rows(doc: Document, text: str | None = None, source: str | None = None) -> list[Row]:
    """One flat row per coded event; ``text`` defaults to the document's own text."""
    if not doc.events:
        return []
    body = doc.text if text is None else text
    countries = {e.id: (e.actor.country if e.actor else None) for e in doc.entities}
    claims = {c.id: c for c in doc.claims}
    context: dict[str, tuple[str | None, str | None]] = {}
    head: Row = {"doc_id": doc.id, "published": doc.article.published,
                 "source": doc.article.source or source}
    rows: list[Row] = []
    for event in doc.events:
        claim = claims.get(event.claim)
        if claim is not None and claim.id not in context:
            context[claim.id] = claim_context(claim, body)
        anchor, cue = context.get(event.claim, (None, None))
        rows.append({**head, **event_fields(event, claim, anchor, cue, countries)})
    return rows


def error_row(err: ErrorRecord, source: str, line: int | None = None) -> Row:
    """One row per failed input document; ``line`` is 1-based within ``source``."""
    return {"id": err.id, "source": source, "line": line, "code": err.code,
            "message": err.message}
