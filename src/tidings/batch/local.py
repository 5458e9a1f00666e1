"""The ``local`` batch engine: worker processes on this machine, pyarrow output.

It writes the same dataset as the Spark engine, so users without a cluster
(or without Java) get the same files, and the Spark engine has a reference
to be tested against.  Extraction is :func:`tidings.pipeline.extract_parallel`,
the very function behind ``tidings extract --jobs``.
"""

from __future__ import annotations

import shutil
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
import pyarrow.dataset as pads  # type: ignore[import-untyped,import-not-found,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]

from ..document import Document, ErrorRecord
from ..pipeline import Options, extract_parallel, get_pipeline
from ..reader import InputItem
from .inputs import Located, iter_local
from .layout import (
    DOCUMENTS,
    ERRORS,
    EVENTS,
    PARTITION,
    PARTITIONED,
    SCHEMAS,
    UNKNOWN_MONTH,
    with_month,
)
from .outputs import BatchReport, Clock, finish_local, now_iso, sibling
from .rows import Row, document_row, error_row, event_rows, month_of

FLUSH_DOCUMENTS = 1000  # documents per written file group: bounds memory, not output


class DatasetWriter:
    """Buffers rows and writes them as Parquet files in the batch layout."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.buffers: dict[str, list[Row]] = {name: [] for name in SCHEMAS}
        self.written: dict[str, int] = dict.fromkeys(SCHEMAS, 0)
        self.flushes = 0

    def add(self, result: Document | ErrorRecord, located: Located) -> None:
        if isinstance(result, ErrorRecord):
            self.buffers[ERRORS].append(error_row(result, located.source, located.line))
            return
        month = month_of(result.article.published)
        doc = document_row(result, located.source)
        doc[PARTITION] = month
        self.buffers[DOCUMENTS].append(doc)
        for row in event_rows(result, source=located.source):
            row[PARTITION] = month
            self.buffers[EVENTS].append(row)
        if len(self.buffers[DOCUMENTS]) >= FLUSH_DOCUMENTS:
            self.flush()

    def flush(self) -> None:
        part = self.flushes
        self.flushes += 1
        for name, rows in self.buffers.items():
            if rows:
                self._write(name, rows, part)
                self.written[name] += len(rows)
                rows.clear()

    def close(self) -> None:
        """Write what is buffered; a table with no rows still gets one empty file,
        so readers globbing ``TABLE/**/*.parquet`` always find its schema."""
        self.flush()
        for name, count in self.written.items():
            if count == 0:
                self._write(name, [], self.flushes, empty=True)

    def _write(self, name: str, rows: list[Row], part: int, empty: bool = False) -> None:
        folder = self.root / name
        if name not in PARTITIONED:
            folder.mkdir(parents=True, exist_ok=True)
            table = pa.Table.from_pylist(rows, schema=SCHEMAS[name])
            pq.write_table(table, folder / f"part-{part:05d}.parquet")
            return
        if empty:
            target = folder / f"{PARTITION}={UNKNOWN_MONTH}"
            target.mkdir(parents=True, exist_ok=True)
            pq.write_table(SCHEMAS[name].empty_table(), target / f"part-{part:05d}.parquet")
            return
        table = pa.Table.from_pylist(rows, schema=with_month(SCHEMAS[name]))
        pads.write_dataset(
            table, folder, format="parquet",
            partitioning=pads.partitioning(pa.schema([pa.field(PARTITION, pa.string())]),
                                           flavor="hive"),
            basename_template=f"part-{part:05d}-{{i}}.parquet",
            existing_data_behavior="overwrite_or_ignore",
        )


def _results(located: Iterable[Located], options: Options, jobs: int,
             ) -> Iterator[tuple[Document | ErrorRecord, Located]]:
    """Results paired with their inputs (extraction keeps input order)."""
    pending: deque[Located] = deque()

    def items() -> Iterator[InputItem]:
        for entry in located:
            pending.append(entry)
            yield entry.item

    for result in extract_parallel(items(), options, jobs):
        entry = pending.popleft()
        yield result, entry


def run_local(inputs: Sequence[str], output: str | Path, options: Options | None = None,
              jobs: int = 1) -> BatchReport:
    """Extract every article in ``inputs`` into the dataset OUTPUT, replacing it atomically."""
    options = options or Options()
    clock = Clock()
    out = Path(output)
    report = BatchReport(engine="local", output=str(out), inputs=list(inputs),
                         started=now_iso(), settings={"jobs": jobs,
                                                      "batch_size": options.batch_size})
    if jobs <= 1:
        get_pipeline(options)  # the model load is start-up, not throughput
    report.startup_seconds = clock.elapsed()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(sibling(str(out), "tmp"))
    try:
        writer = DatasetWriter(tmp)
        for result, entry in _results(iter_local(inputs), options, jobs):
            writer.add(result, entry)
        writer.close()
        counts: dict[str, Any] = writer.written
        report.documents, report.events = counts[DOCUMENTS], counts[EVENTS]
        report.errors = counts[ERRORS]
        report.seconds, report.finished = clock.elapsed(), now_iso()
        finish_local(tmp, out, report)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return report
