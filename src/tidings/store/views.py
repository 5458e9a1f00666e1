"""Questions a store answers: what is coming, what is going on between two
countries, and everything in a file for other tools.

Each view is a plain function over a :class:`Store` returning dicts, so the
command line, notebooks and a web API print the same thing.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from datetime import date
from os import PathLike
from typing import IO, Any

from .cues import lifecycle
from .db import Row, Store
from .docjson import document_from_dict
from .stories import interval, stories

PLANNED = ("expected", "postponed")
WHAT = ("events", "articles", "stories")
FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
# Formats written by tidings.export, which maps one Document to its records.
EXTERNAL_FORMATS = {"plover": "plover_records", "gdelt": "gdelt_rows"}


def precision(value: str | None) -> str:
    """How exactly a TIMEX value pins a date down."""
    if not value:
        return "unknown"
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return "day"
    if "W" in value:
        return "week"
    if len(value) == 7 and value[4] == "-":
        return "month"
    return "year" if value[:4].isdigit() and len(value) == 4 else "other"


def store_today(store: Store) -> date | None:
    """The store's present: the publication day of its newest article.  A
    store of archived news is read as of its last day, not the real today."""
    row = store.conn.execute("SELECT MAX(published) FROM articles").fetchone()
    span = interval(row[0]) if row else None
    return span[0] if span else None


def calendar(store: Store, start: date | None = None, end: date | None = None,
             parties: set[str] | None = None) -> list[Row]:
    """Planned stories (still expected, or postponed) with their date, its
    precision and every source; undated plans are listed when their latest
    report falls in the range."""
    found = []
    for story in stories(store):
        if story["status"] not in PLANNED:
            continue
        if parties and not parties <= set(story["parties"]):
            continue
        when = (story["fields"] or {}).get("planned")
        span = interval(when) or interval(story["last_seen"])
        if span and ((start and span[1] < start) or (end and span[0] > end)):
            continue
        found.append({
            "story": story["id"], "type": story["type"], "anchor": story["anchor"],
            "parties": story["parties"], "status": story["status"], "date": when,
            "precision": precision(when), "place": story["place"],
            "n_reports": story["n_reports"],
            "sources": sorted({r["source"] or r["doc_id"] for r in story["reports"]}),
        })
    found.sort(key=lambda r: (r["date"] or "9999", r["story"]))
    return found


def _weight(event: Row) -> float:
    if event["goldstein"] is not None:
        return float(event["goldstein"])
    return lifecycle().type_weights.get(event["type"], 0.0)


def event_month(event: Row) -> str:
    """The month an event happened in: its own date when it has one as fine as a
    month (a report in May of a battle in March counts for March), else the month
    the article was published."""
    if precision(event["time_value"]) in ("day", "week", "month"):
        span = interval(event["time_value"])
        if span:
            return span[0].isoformat()[:7]
    return (event["published"] or "unknown")[:7]


def dyad(store: Store, a: str, b: str, today: date | None = None) -> dict[str, Any]:
    """What happened between two countries, month by month (see
    :func:`event_month`; only events reported as having happened are counted),
    and what is planned from ``today`` (default: the store's newest article day)."""
    pair = {a.upper(), b.upper()}
    monthly: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"types": defaultdict(int), "quad_classes": defaultdict(int), "score": 0.0,
                 "events": 0})
    for event in store.events():
        if not pair <= set(event["parties"]) or event["status"] not in ("occurred", "ongoing"):
            continue
        month = monthly[event_month(event)]
        month["types"][event["type"]] += 1
        if event["quad_class"]:
            month["quad_classes"][str(event["quad_class"])] += 1
        month["score"] += _weight(event)
        month["events"] += 1
    series = [{"month": m, "events": v["events"], "types": dict(v["types"]),
               "quad_classes": dict(v["quad_classes"]), "score": round(v["score"], 2)}
              for m, v in sorted(monthly.items())]
    return {"pair": sorted(pair), "months": series, "figures": latest_figures(store, pair),
            "upcoming": calendar(store, start=today or store_today(store) or date.today(),
                                 parties=pair)}


def latest_figures(store: Store, pair: set[str]) -> list[Row]:
    """The newest reported value of each measure between the two."""
    rows = store.query(
        "SELECT q.measure, q.value, q.unit, q.period, q.text, a.published, a.source, a.doc_id "
        "FROM quantities q JOIN articles a ON a.id = q.article_id WHERE q.between_key=? "
        "ORDER BY a.published DESC, a.id DESC", ("|".join(sorted(pair)),))
    latest: dict[str, Row] = {}
    for row in rows:
        latest.setdefault(row["measure"] or row["text"], row)
    return list(latest.values())


def rows(store: Store, what: str) -> Iterator[Row]:
    if what == "events":
        yield from store.events()
    elif what == "articles":
        yield from store.articles()
    elif what == "stories":
        yield from stories(store)
    else:
        raise ValueError(f"cannot export {what!r}; choose one of {', '.join(WHAT)}")


def export(store: Store, what: str = "events", fmt: str = "jsonl",
           out: IO[str] | str | PathLike[str] | None = None) -> str | None:
    """Write ``what`` as ``fmt``; text formats go to ``out`` (a stream or a path)
    or are returned when ``out`` is None.  Parquet needs a path and pyarrow."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, str | PathLike):
            raise ValueError("parquet is binary: give --out FILE")
        _write_parquet(list(_flat(rows(store, what))), out, _declared_types(store))
        return None
    if fmt in EXTERNAL_FORMATS:
        records: Iterator[Row] = _external(store, fmt)
    else:
        records = rows(store, what)
    buffer = io.StringIO()
    if fmt == "csv":
        _write_csv(list(_flat(records)), buffer)
    else:
        for record in records:
            buffer.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    if out is None:
        return buffer.getvalue()
    if isinstance(out, str | PathLike):
        with open(out, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
    else:
        out.write(buffer.getvalue())
    return None


def _external(store: Store, fmt: str) -> Iterator[Row]:
    """Hook for tidings.export: one function from Document to records per format."""
    try:
        from .. import export as exporters
    except ImportError:
        raise ValueError(f"the {fmt} format needs the tidings.export module") from None
    convert: Callable[[Any], list[Row]] = getattr(exporters, EXTERNAL_FORMATS[fmt])
    for article in store.articles():
        doc = document_from_dict(store.document(article["id"]))
        doc.text = store.text(article["id"])  # exporters quote the event's sentence
        yield from convert(doc)


def _flat(records: Iterator[Row]) -> Iterator[Row]:
    """Nested values become JSON text, so every row fits a table."""
    for record in records:
        yield {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
               for k, v in record.items()}


def _write_csv(records: list[Row], out: IO[str]) -> None:
    columns = list(dict.fromkeys(k for r in records for k in r))
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(records)


def _declared_types(store: Store) -> dict[str, str]:
    """Column types as the schema declares them (INTEGER, REAL, TEXT), so a
    column that happens to be empty in one store is typed as in any other."""
    declared: dict[str, str] = {}
    for table in ("stories", "events", "articles"):
        for column in store.conn.execute(f"PRAGMA table_info({table})").fetchall():
            declared.setdefault(str(column[1]), str(column[2]).upper())
    return declared


def _import_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        raise ValueError(
            "parquet export needs pyarrow: pip install pyarrow (or use jsonl/csv)") from None
    return pa, pq


def _write_parquet(records: list[Row], path: str | PathLike[str], declared: dict[str, str]) -> None:
    """One typed column per field.  Types come from the schema where it has
    them, so files from different stores concatenate; values SQLite stored
    against their column's type (it is dynamically typed) fall back to
    inference, and a column that still does not fit is written as text."""
    pa, pq = _import_pyarrow()
    arrow_types = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}
    columns = list(dict.fromkeys(k for r in records for k in r))
    table = {}
    for name in columns:
        values = [r.get(name) for r in records]
        table[name] = _arrow_column(pa, values, arrow_types.get(declared.get(name, "")))
    pq.write_table(pa.table(table), path)


def _arrow_column(pa: Any, values: list[Any], declared: Any) -> Any:
    for kind in dict.fromkeys((declared, None)):  # the schema's type, then inference
        try:
            array = pa.array(values, type=kind)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            continue
        return array if array.type != pa.null() else array.cast(pa.string())
    return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def _import_pandas() -> Any:
    try:
        import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise ValueError("DataFrames need pandas: pip install pandas") from None
    return pd


# Columns that always hold an article's day; typed as dates when every value is one.
_DAY_COLUMNS = ("published", "first_seen", "last_seen")


def frame(data: Store | Iterable[Row], what: str = "events") -> Any:
    """A pandas DataFrame of a store's events, articles or stories (``what``),
    or of any view's rows.  Nested values (parties, reports) stay Python lists
    and dicts; publication days become datetimes when all of them are full
    days, and stay text otherwise rather than invent a precision."""
    pd = _import_pandas()
    records = list(rows(data, what)) if isinstance(data, Store) else list(data)
    table = pd.DataFrame.from_records(records)
    for column in _DAY_COLUMNS:
        if column in table.columns:
            with suppress(ValueError, TypeError):
                table[column] = pd.to_datetime(table[column], format="%Y-%m-%d")
    return table


def dyad_frame(store: Store, a: str, b: str) -> Any:
    """The monthly series of :func:`dyad` as a flat DataFrame, one row per
    month: ``events``, ``score``, ``quad1``..``quad4`` counts and one count
    column per PLOVER type (upper case), zeros where nothing was reported."""
    pd = _import_pandas()
    months = dyad(store, a, b)["months"]
    types = sorted({t for m in months for t in m["types"]})
    records = [
        {"month": m["month"], "events": m["events"], "score": m["score"],
         **{f"quad{q}": m["quad_classes"].get(str(q), 0) for q in range(1, 5)},
         **{t: m["types"].get(t, 0) for t in types}}
        for m in months
    ]
    columns = ["month", "events", "score", *(f"quad{q}" for q in range(1, 5)), *types]
    return pd.DataFrame.from_records(records, columns=columns)
