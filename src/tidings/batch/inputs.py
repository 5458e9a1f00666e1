"""Batch inputs: JSONL, Parquet and WARC files turned into articles.

Both engines parse through these functions and :mod:`tidings.reader`, so
an article gets the same id, date and error code whichever engine reads it,
and the same as ``tidings extract`` / ``tidings ingest`` would give it.  A
Spark task sees one line or one row at a time, never a whole file, hence
the per-line entry points.
"""

from __future__ import annotations

import glob
import gzip
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from ..errors import InputError
from ..reader import InputItem, item_from_line, item_from_record
from ..store.sources import read_warc

JSONL, PARQUET, WARC = "jsonl", "parquet", "warc"
KINDS = (JSONL, PARQUET, WARC)
# Columns read from Parquet inputs; any other column is ignored.
RECORD_COLUMNS = ("id", "text", "published", "title", "url", "source")


def kind_of(name: str) -> str | None:
    """The input kind of a file name, or None for files a batch skips."""
    lower = name.lower()
    if lower.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return JSONL
    if lower.endswith((".parquet", ".parq")):
        return PARQUET
    if lower.endswith((".warc", ".warc.gz")):
        return WARC
    return None


def base_name(path: str) -> str:
    """The file name the readers use in fallback ids (``name:line``), from a path or URI."""
    from urllib.parse import unquote

    return unquote(path.rstrip("/").rsplit("/", 1)[-1])


def item_from_row(row: Mapping[str, Any], name: str, line: int) -> InputItem:
    """One Parquet row (columns as in :data:`RECORD_COLUMNS`) as a JSONL record would be."""
    record = {key: _plain(value) for key, value in row.items() if value is not None}
    return item_from_record(record, f"{name}:{line}")


def _plain(value: object) -> object:
    """Dates and timestamps from Parquet become ISO strings, as JSONL carries them."""
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else value


@dataclass
class Located:
    """An article plus where it came from: the input file and its 1-based position."""

    item: InputItem
    source: str
    line: int | None


def expand(inputs: Iterable[str]) -> tuple[list[Path], list[Located]]:
    """Local files behind files, folders (recursively) and glob patterns, sorted.

    Inputs that match nothing become E108 error records rather than a failed run.
    """
    files: list[Path] = []
    missing: list[Located] = []
    for spec in inputs:
        matches = [Path(p) for p in sorted(glob.glob(spec, recursive=True))] or [Path(spec)]
        found = False
        for path in matches:
            if path.is_dir():
                children = sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p.name))
                files.extend(children)
                found = found or bool(children)
            elif path.is_file() and kind_of(path.name):
                files.append(path)
                found = True
        if not found:
            missing.append(Located(InputItem(id=spec, error=InputError("E108", path=spec)),
                                   spec, None))
    return list(dict.fromkeys(files)), missing


def iter_local(inputs: Iterable[str]) -> Iterator[Located]:
    """Every article in the local inputs, in file order, errors included."""
    files, missing = expand(inputs)
    yield from missing
    for path in files:
        kind = kind_of(path.name)
        if kind == JSONL:
            yield from _jsonl_file(path)
        elif kind == PARQUET:
            yield from _parquet_file(path)
        else:
            for n, item in enumerate(read_warc(path), 1):
                yield Located(item, path.name, n)


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _jsonl_file(path: Path) -> Iterator[Located]:
    name = path.name
    with _open(path) as handle:
        for n, raw in enumerate(handle, 1):
            item = item_from_line(raw, name, n)
            if item is not None:
                yield Located(item, name, n)


def _parquet_file(path: Path) -> Iterator[Located]:
    import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]

    handle = pq.ParquetFile(path)
    columns = [c for c in RECORD_COLUMNS if c in handle.schema_arrow.names]
    n = 0
    for batch in handle.iter_batches(columns=columns, batch_size=1024):
        for row in batch.to_pylist():
            n += 1
            yield Located(item_from_row(row, path.name, n), path.name, n)
