"""The batch output layout: one Parquet dataset, the same for every engine.

    OUTPUT/
      documents/month=YYYY-MM/part-*.parquet   one row per extracted document
      events/month=YYYY-MM/part-*.parquet      one row per coded event (flattened)
      errors/part-*.parquet                    one row per failed input document
      _manifest.json                           engine, version, inputs, counts, times
      _SUCCESS                                 written last

``month`` is the publication month or ``unknown``; it lives in the folder
names (Hive partitioning), not in the files, so readers such as DuckDB's
``read_parquet(..., hive_partitioning=true)`` add it back as a column.
The names here are an interface: readers are built on them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

from .rows import UNKNOWN_MONTH, document_row, error_row, event_rows, month_of

DOCUMENTS = "documents"
EVENTS = "events"
ERRORS = "errors"
MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"
PARTITION = "month"
TABLES = (DOCUMENTS, EVENTS, ERRORS)
PARTITIONED = (DOCUMENTS, EVENTS)

_STR = pa.string()
_I32 = pa.int32()
_F64 = pa.float64()
_CODES = pa.list_(pa.string())

DOCUMENTS_SCHEMA = pa.schema(
    [
        pa.field("id", _STR),
        pa.field("published", _STR),
        pa.field("title", _STR),
        pa.field("url", _STR),
        pa.field("source", _STR),
        pa.field("n_entities", _I32),
        pa.field("n_claims", _I32),
        pa.field("n_events", _I32),
        pa.field("n_timexes", _I32),
        pa.field("n_quantities", _I32),
        pa.field("n_places", _I32),
        pa.field("document", _STR),
    ]
)

EVENTS_SCHEMA = pa.schema(
    [
        pa.field("doc_id", _STR),
        pa.field("published", _STR),
        pa.field("source", _STR),
        pa.field("eid", _STR),
        pa.field("claim", _STR),
        pa.field("type", _STR),
        pa.field("mode", _STR),
        pa.field("cameo", _STR),
        pa.field("quad_class", _I32),
        pa.field("goldstein", _F64),
        pa.field("actors", _CODES),
        pa.field("recipients", _CODES),
        pa.field("parties", _CODES),
        pa.field("time_value", _STR),
        pa.field("place", _STR),
        pa.field("place_country", _STR),
        pa.field("place_precision", _STR),
        pa.field("lat", _F64),
        pa.field("lon", _F64),
        pa.field("status", _STR),
        pa.field("trigger", _STR),
        pa.field("anchor", _STR),
        pa.field("cue", _STR),
        pa.field("confidence", _F64),
    ]
)

ERRORS_SCHEMA = pa.schema(
    [
        pa.field("id", _STR),
        pa.field("source", _STR),
        pa.field("line", pa.int64()),
        pa.field("code", _STR),
        pa.field("message", _STR),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    DOCUMENTS: DOCUMENTS_SCHEMA,
    EVENTS: EVENTS_SCHEMA,
    ERRORS: ERRORS_SCHEMA,
}


def with_month(schema: pa.Schema) -> pa.Schema:
    """A table's schema plus the partition column, as engines hold rows in memory."""
    return schema.append(pa.field(PARTITION, _STR, nullable=False))


def table_dir(output: str | Path, table: str) -> Path:
    return Path(output) / table


def read_manifest(output: str | Path) -> dict[str, Any]:
    """The manifest of a finished output (raises FileNotFoundError otherwise)."""
    data: dict[str, Any] = json.loads((Path(output) / MANIFEST).read_text(encoding="utf-8"))
    return data


def is_complete(output: str | Path) -> bool:
    """Whether OUTPUT is a finished batch dataset (``_SUCCESS`` is written last)."""
    return (Path(output) / SUCCESS).is_file()


__all__ = [
    "DOCUMENTS",
    "DOCUMENTS_SCHEMA",
    "ERRORS",
    "ERRORS_SCHEMA",
    "EVENTS",
    "EVENTS_SCHEMA",
    "MANIFEST",
    "PARTITION",
    "PARTITIONED",
    "SCHEMAS",
    "SUCCESS",
    "TABLES",
    "UNKNOWN_MONTH",
    "document_row",
    "error_row",
    "event_rows",
    "is_complete",
    "month_of",
    "read_manifest",
    "table_dir",
    "with_month",
]
