"""Exports of coded events to the formats event-data users already read.

Two views of a :class:`~tidings.document.Document`'s events:

- :func:`plover_records`: PLOVER JSON records (field names of the PLOVER
  data model: ``id``, ``date``, ``actor``/``recipient`` entity objects,
  ``event``, ``mode``, ``context``, ``quad_code``, ``text_info``,
  ``cite_info`` ...).  PLOVER has no factuality layer; it marks events that
  are not plain reports of something that happened with auxiliary modes, so
  the claim's status is mapped onto them (:func:`auxiliary_modes`).
- :func:`gdelt_rows`: one flat row per event with GDELT 2.0 event-table
  column names (actor codes, CAMEO code, root, quad class, Goldstein scale,
  action geography, source URL), plus ``Status`` and ``Confidence`` so that
  a reader of the table can still tell a threat from an attack that happened.

Everything here is a pure function of the document (plus the packaged CAMEO
table), so the exports can be produced from stored documents without
running the NLP pipeline.  :func:`write_table` writes rows as TSV or CSV.
"""

from __future__ import annotations

import csv
import hashlib
from calendar import monthrange
from collections.abc import Iterable, Sequence
from datetime import date
from typing import IO, Any

from .document import Claim, Document, Entity, Event, Participant
from .stages.codebook import CameoCode, load_lexicon

__all__ = [
    "CODEBOOK",
    "GDELT_COLUMNS",
    "HISTORICAL_DAYS",
    "auxiliary_modes",
    "event_date",
    "gdelt_rows",
    "plover_records",
    "write_table",
]

CODEBOOK = "plover-base-1.3.1"
# An event that happened more than this many days before publication is
# background ("he last visited in 2021"), which PLOVER marks as historical.
HISTORICAL_DAYS = 365
# GDELT's root-code quad classes: 1 verbal cooperation, 2 material
# cooperation, 3 verbal conflict, 4 material conflict.
ROOT_QUAD = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 9)},
             **{f"{r:02d}": 3 for r in range(9, 14)}, **{f"{r:02d}": 4 for r in range(14, 21)}}
STATUS_MODES = {"expected": "future", "hypothetical": "hypothetical", "negated": "negation",
                "possible": "hypothetical"}

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
    "PloverType", "PloverMode", "Status", "Confidence",
)  # fmt: skip
GEO_TYPE = {"country": 1, "admin1": 2, "city": 4}


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _time_value(event: Event) -> str | None:
    return event.time.value if event.time is not None else None


def event_date(event: Event, published: str | None) -> str | None:
    """YYYY-MM-DD of the event: its own day when the text gives one
    (the start of an interval), else the publication date."""
    value = _time_value(event)
    day = _iso(value.split("/")[0]) if value else None
    return day.isoformat() if day else (published[:10] if published else None)


def _latest_day(value: str | None) -> date | None:
    """The last day a (partial) TIMEX value can mean: "2021" -> 2021-12-31."""
    if not value:
        return None
    part = value.split("/")[-1]
    if len(part) == 4 and part.isdigit():
        return date(int(part), 12, 31)
    if len(part) == 7 and part[:4].isdigit() and part[5:].isdigit() and 1 <= int(part[5:]) <= 12:
        year, month = int(part[:4]), int(part[5:])
        return date(year, month, monthrange(year, month)[1])
    return _iso(part)


def auxiliary_modes(claim: Claim | None, event: Event, published: str | None) -> list[str]:
    """PLOVER auxiliary modes from the claim's factuality.

    expected -> ``future``; hypothetical and possible (PLOVER has no mode for
    mere possibility) -> ``hypothetical``;
    negated -> ``negation``; occurred -> ``historical`` only when the event's
    own time ends more than :data:`HISTORICAL_DAYS` before publication (a
    report of last week's attack is news, not history).  Ongoing and unknown
    events get no auxiliary mode.
    """
    status = claim.factuality.status if claim is not None else "unknown"
    if status in STATUS_MODES:
        return [STATUS_MODES[status]]
    if status == "occurred":
        end, pub = _latest_day(_time_value(event)), _iso(published)
        if end is not None and pub is not None and (pub - end).days > HISTORICAL_DAYS:
            return ["historical"]
    return []


def _entity_object(part: Participant, entities: dict[str, Entity]) -> dict[str, Any]:
    ent = entities.get(part.entity or "")
    actor = ent.actor if ent is not None else None
    code = part.code
    return {
        "code": code[:3],
        "sector": code[3:6] or None,
        "entity_text": part.text,
        "identifier_id": actor.wikidata if actor is not None else None,
        "identifier_text": ent.name if ent is not None else None,
        "office": actor.role if actor is not None else None,
        "religion": None,
        "ethnicity": None,
        "gender": None,
        "age": None,
    }


def _cameo(code: str | None) -> CameoCode | None:
    return load_lexicon().code(code) if code else None


def _quad(code: str | None) -> int | None:
    info = _cameo(code)
    if info is not None and info.quad_class is not None:
        return info.quad_class
    return ROOT_QUAD.get((code or "")[:2])


def _location(event: Event) -> dict[str, Any] | None:
    loc = event.location
    if loc is None:
        return None
    return {"extracted_place": loc.name, "resolved_place": loc.name, "geonameid": loc.geonameid,
            "lat": loc.lat, "lon": loc.lon, "country_code": loc.country,
            "resolution": {"country": 1, "admin1": 3, "city": 4}.get(loc.precision)}


def _event_id(doc: Document, event: Event) -> str:
    return f"{doc.id or doc.article.text_sha256[:12] or 'doc'}-{event.id}"


def _claim_index(doc: Document) -> dict[str, Claim]:
    return {c.id: c for c in doc.claims}


def _sentence_text(doc: Document, claim: Claim | None) -> str | None:
    """The sentence-sized stretch around the trigger (the document keeps no
    sentence offsets, so it is cut at the nearest sentence punctuation)."""
    text = doc.text
    if not text or claim is None:
        return None
    start = max(text.rfind(p, 0, claim.trigger.start) for p in (". ", "\n", "? ", "! ")) + 1
    ends = [i for i in (text.find(p, claim.trigger.end) for p in (". ", "\n")) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def plover_records(doc: Document, coder: str = "tidings") -> list[dict[str, Any]]:
    """One PLOVER JSON record per coded event of ``doc``."""
    claims, entities = _claim_index(doc), {e.id: e for e in doc.entities}
    published = doc.article.published
    records = []
    for event in doc.events:
        claim = claims.get(event.claim)
        modes = [m for m in [event.mode, *auxiliary_modes(claim, event, published)] if m]
        trigger = claim.trigger if claim is not None else None
        records.append({
            "id": _event_id(doc, event),
            "has_event": True,
            "date": event_date(event, published),
            "actor": [_entity_object(p, entities) for p in event.actors],
            "recipient": [_entity_object(p, entities) for p in event.recipients],
            "event": [event.type],
            "mode": modes,
            "context": list(event.contexts),
            "quad_code": _quad(event.cameo),
            "cameo": event.cameo,
            "event_text": trigger.text if trigger is not None else None,
            "event_loc": _location(event),
            "text": _sentence_text(doc, claim),
            "text_info": {"sequence": claim.sentence if claim is not None else None,
                          "start": trigger.start if trigger is not None else None,
                          "end": trigger.end if trigger is not None else None},
            "cite_info": {"url": doc.article.url, "title": doc.article.title,
                          "publication": doc.article.source, "language": doc.article.language,
                          "codebook": CODEBOOK, "coder": coder},
            "factuality": claim.factuality.status if claim is not None else None,
            "confidence": event.confidence,
        })  # fmt: skip
    return records


def _actor_columns(prefix: str, parts: Sequence[Participant],
                   entities: dict[str, Entity]) -> dict[str, Any]:  # fmt: skip
    if not parts:
        return {f"{prefix}Code": "", f"{prefix}Name": "", f"{prefix}CountryCode": "",
                f"{prefix}Type1Code": ""}
    part = parts[0]
    ent = entities.get(part.entity or "")
    country = ent.actor.country if ent is not None and ent.actor is not None else None
    if country is None and not part.code.startswith("---"):
        country = part.code[:3]
    return {f"{prefix}Code": part.code, f"{prefix}Name": (ent.name if ent else part.text).upper(),
            f"{prefix}CountryCode": country or "", f"{prefix}Type1Code": part.code[3:6]}


def _numeric_id(doc: Document, event: Event) -> int:
    """A stable integer id (GDELT ids are integers), from the document and event ids."""
    digest = hashlib.sha1(_event_id(doc, event).encode("utf-8")).hexdigest()
    return int(digest[:15], 16)


def _geo_columns(event: Event) -> dict[str, Any]:
    loc = event.location
    if loc is None:
        return {"ActionGeo_Type": 0, "ActionGeo_FullName": "", "ActionGeo_CountryCode": "",
                "ActionGeo_Lat": "", "ActionGeo_Long": "", "ActionGeo_FeatureID": ""}
    return {"ActionGeo_Type": GEO_TYPE.get(loc.precision, 4), "ActionGeo_FullName": loc.name,
            "ActionGeo_CountryCode": loc.country or "",
            "ActionGeo_Lat": "" if loc.lat is None else loc.lat,
            "ActionGeo_Long": "" if loc.lon is None else loc.lon,
            "ActionGeo_FeatureID": "" if loc.geonameid is None else loc.geonameid}


def _lead_end(text: str) -> int:
    """End of the lead paragraph (GDELT's IsRootEvent marks lead events)."""
    stripped = text.lstrip()
    cut = stripped.find("\n")
    return len(text) if cut < 0 else len(text) - len(stripped) + cut


def gdelt_rows(doc: Document, added: str | None = None) -> list[dict[str, Any]]:
    """GDELT-style event rows (see :data:`GDELT_COLUMNS`) for the coded events
    of ``doc``; ``added`` is DATEADDED (YYYYMMDD...), the publication date if
    not given.  Country codes are ISO 3166 alpha-3 as in the document, not
    GDELT's FIPS-based geography codes."""
    claims, entities = _claim_index(doc), {e.id: e for e in doc.entities}
    published = doc.article.published
    lead = _lead_end(doc.text) if doc.text else 0
    rows = []
    for event in doc.events:
        claim = claims.get(event.claim)
        day = (event_date(event, published) or "").replace("-", "")
        info = _cameo(event.cameo)
        code = event.cameo or ""
        year = int(day[:4]) if day else None
        row: dict[str, Any] = {
            "GlobalEventID": _numeric_id(doc, event),
            "Day": day,
            "MonthYear": day[:6],
            "Year": year or "",
            "FractionDate": _fraction(day) if day else "",
            **_actor_columns("Actor1", event.actors, entities),
            **_actor_columns("Actor2", event.recipients, entities),
            "IsRootEvent": int(claim is not None and claim.trigger.start < lead),
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": code[:2],
            "QuadClass": _quad(code) or "",
            "GoldsteinScale": "" if info is None or info.goldstein is None else info.goldstein,
            **_geo_columns(event),
            "DATEADDED": added or (published or "").replace("-", "")[:8],
            "SOURCEURL": doc.article.url or "",
            "PloverType": event.type,
            "PloverMode": event.mode or "",
            "Status": claim.factuality.status if claim is not None else "unknown",
            "Confidence": event.confidence,
        }
        rows.append(row)
    return rows


def _fraction(day: str) -> float:
    """GDELT's FractionDate: year + day-of-year / 365."""
    when = date(int(day[:4]), int(day[4:6]), int(day[6:8]))
    return round(when.year + when.timetuple().tm_yday / 365, 4)


def write_table(rows: Iterable[dict[str, Any]], out: IO[str],
                columns: Sequence[str] = GDELT_COLUMNS, delimiter: str = "\t",
                header: bool = True) -> int:  # fmt: skip
    """Write rows as TSV (default) or CSV (``delimiter=","``); returns the row count.
    Columns missing from a row are written empty, extra keys are ignored."""
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=delimiter,
                            extrasaction="ignore", restval="", lineterminator="\n")
    if header:
        writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count
