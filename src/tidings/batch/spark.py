"""The ``spark`` batch engine: the same extraction, spread over a Spark cluster.

A thin adapter: Spark reads the inputs (JSONL as text lines, so one corrupt
line is one error record; Parquet rows; WARC files whole), Python workers
run :class:`tidings.Pipeline` on them through ``mapInArrow`` with one model
load per worker process, and Spark writes the layout of :mod:`.layout`.
Every document is parsed by :mod:`.inputs` and extracted by the pipeline,
so it comes out exactly as ``tidings extract`` would write it.

pyspark is imported inside functions only: ``import tidings`` never needs it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

from ..document import Document, ErrorRecord
from ..pipeline import THREAD_VARIABLES, Options, get_pipeline
from ..reader import item_from_line
from ..store.sources import read_warc
from .inputs import (
    JSONL,
    PARQUET,
    RECORD_COLUMNS,
    WARC,
    Located,
    base_name,
    item_from_row,
    kind_of,
)
from .layout import (
    DOCUMENTS,
    DOCUMENTS_SCHEMA,
    ERRORS,
    ERRORS_SCHEMA,
    EVENTS,
    EVENTS_SCHEMA,
    MANIFEST,
    PARTITION,
    PARTITIONED,
    SCHEMAS,
    SUCCESS,
    UNKNOWN_MONTH,
)
from .outputs import BatchReport, Clock, manifest_text, now_iso, sibling
from .rows import Row, document_row, error_row, event_rows, month_of

Spark = Any  # pyspark.sql.SparkSession, kept untyped so pyspark stays optional
Frame = Any  # pyspark.sql.DataFrame
Offsets = dict[tuple[str, int], tuple[int, int]]  # (file, partition) -> (first id, lines before)

# One row per input document in the staging table: its document row and
# events, or its error.  Staging once means extraction runs once even though
# three tables are written from it.
STAGE_SCHEMA = pa.schema(
    [
        pa.field(PARTITION, pa.string()),
        pa.field("doc", pa.struct(list(DOCUMENTS_SCHEMA))),
        pa.field("events", pa.list_(pa.struct(list(EVENTS_SCHEMA)))),
        pa.field("error", pa.struct(list(ERRORS_SCHEMA))),
    ]
)
RECORD_TYPE = pa.struct([pa.field(c, pa.string()) for c in RECORD_COLUMNS])
ARROW_BATCH_ROWS = 256  # input rows per Arrow batch handed to a Python worker
PARTITION_BYTES = 32 * 1024 * 1024  # input bytes per task, at most
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.driver.memory": "1g",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.python.worker.reuse": "true",
}


def session(master: str | None = None, conf: dict[str, str] | None = None) -> Spark:
    """The active SparkSession, or a new one (``master`` e.g. ``local[2]``).

    Under ``spark-submit`` the master and resources come from the submit
    command and are left alone; small-machine settings apply to local masters.
    """
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("tidings batch")
    settings: dict[str, str] = {}
    if not master and not SparkConf().contains("spark.master"):
        master = "local[*]"  # not under spark-submit: this machine's cores
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        settings.update(LOCAL_CONF)
        # Local workers run this very interpreter, so they import this package,
        # and inherit this environment: one numeric-library thread per worker,
        # as for `tidings extract --jobs` (see tidings.pipeline.THREAD_VARIABLES).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, "1")
            settings[f"spark.executorEnv.{name}"] = os.environ[name]
    for key, value in {**settings, **(conf or {})}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def stage_row(result: Document | ErrorRecord, located: Located) -> Row:
    """The staging row of one result, built with the same functions as the local engine."""
    if isinstance(result, ErrorRecord):
        return {PARTITION: None, "doc": None, "events": [],
                "error": error_row(result, located.source, located.line)}
    return {PARTITION: month_of(result.article.published),
            "doc": document_row(result, located.source),
            "events": event_rows(result, source=located.source), "error": None}


def _line(row: Row, offsets: Offsets) -> int:
    first, before = offsets[(row["file"], row["pid"])]
    return before + int(row["mid"]) - first + 1


def located_items(rows: list[Row], offsets: Offsets, scratch: Path) -> Iterator[Located]:
    """Articles in worker rows: JSONL lines, Parquet rows, whole WARC files."""
    for row in rows:
        name = base_name(row["file"])
        if row["kind"] == JSONL:
            n = _line(row, offsets)
            item = item_from_line(row["value"], name, n)
            if item is not None:
                yield Located(item, name, n)
        elif row["kind"] == PARQUET:
            n = _line(row, offsets)
            yield Located(item_from_row(row["record"], name, n), name, n)
        else:
            path = scratch / name
            path.write_bytes(row["value"])
            try:
                for n, warc_item in enumerate(read_warc(path), 1):
                    yield Located(warc_item, name, n)
            finally:
                path.unlink()


def worker(options: Options, offsets: Offsets,
           ) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function each Spark task runs; the pipeline is loaded once per worker process."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        pipeline = get_pipeline(options)  # cached in the (reused) Python worker
        with tempfile.TemporaryDirectory(prefix="tidings-") as scratch:
            for batch in batches:
                located = list(located_items(batch.to_pylist(), offsets, Path(scratch)))
                results = pipeline.extract_items([entry.item for entry in located])
                rows = [stage_row(result, entry) for result, entry in zip(results, located,
                                                                            strict=True)]
                yield pa.RecordBatch.from_pylist(rows, schema=STAGE_SCHEMA)

    return run


class HadoopFs:
    """Listing, renames and small files through Hadoop's FileSystem API, so the
    engine works on whatever filesystem the cluster reads (file:, hdfs:, s3a:, ...)."""

    def __init__(self, spark: Spark) -> None:
        self.jvm = spark._jvm
        self.conf = spark._jsc.hadoopConfiguration()

    def path(self, name: str) -> Any:
        return self.jvm.org.apache.hadoop.fs.Path(name)

    def fs(self, name: str) -> Any:
        return self.path(name).getFileSystem(self.conf)

    def files(self, spec: str) -> list[tuple[str, int]]:
        """(URI, size) of the input files a path, folder or glob names, sorted."""
        found: list[tuple[str, int]] = []
        for status in self.fs(spec).globStatus(self.path(spec)) or []:
            if status.isDirectory():
                listing = self.fs(spec).listFiles(status.getPath(), True)
                while listing.hasNext():
                    child = listing.next()
                    found.append((child.getPath().toString(), int(child.getLen())))
            else:
                found.append((status.getPath().toString(), int(status.getLen())))
        return sorted(f for f in found if kind_of(f[0]) and not _hidden(f[0]))

    def exists(self, name: str) -> bool:
        return bool(self.fs(name).exists(self.path(name)))

    def delete(self, name: str) -> None:
        self.fs(name).delete(self.path(name), True)

    def rename(self, src: str, dst: str) -> None:
        if not self.fs(src).rename(self.path(src), self.path(dst)):
            raise OSError(f"could not rename {src} to {dst}")

    def write_text(self, name: str, text: str) -> None:
        stream = self.fs(name).create(self.path(name), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()

    def has_parquet(self, folder: str) -> bool:
        pattern = f"{folder}/*.parquet" if folder.endswith(ERRORS) else f"{folder}/*/*.parquet"
        return bool(self.fs(folder).globStatus(self.path(pattern)))


def _hidden(uri: str) -> bool:
    return base_name(uri).startswith(("_", "."))


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def work_frame(spark: Spark, files: dict[str, list[str]]) -> Frame:
    """One row per JSONL line, Parquet row or WARC file, with where it came from."""
    from pyspark.sql import functions as F

    frames = []
    record_nulls = F.lit(None).cast(_spark_schema(pa.schema(list(RECORD_TYPE))))
    if files[JSONL]:
        text = spark.read.text(files[JSONL])
        frames.append(text.select(F.lit(JSONL).alias("kind"),
                                  F.col("_metadata.file_path").alias("file"),
                                  F.col("value").cast("binary").alias("value"),
                                  record_nulls.alias("record")))
    if files[PARQUET]:
        table = spark.read.parquet(*files[PARQUET])
        fields = [(F.col(c) if c in table.columns else F.lit(None)).cast("string").alias(c)
                  for c in RECORD_COLUMNS]
        frames.append(table.select(F.lit(PARQUET).alias("kind"),
                                   F.col("_metadata.file_path").alias("file"),
                                   F.lit(None).cast("binary").alias("value"),
                                   F.struct(*fields).alias("record")))
    if files[WARC]:
        blobs = spark.read.format("binaryFile").load(files[WARC])
        frames.append(blobs.select(F.lit(WARC).alias("kind"), F.col("path").alias("file"),
                                   F.col("content").alias("value"),
                                   record_nulls.alias("record")))
    if not frames:
        return None
    work = frames[0]
    for frame in frames[1:]:
        work = work.unionByName(frame)
    return work.select("*", F.spark_partition_id().alias("pid"),
                       F.monotonically_increasing_id().alias("mid"))


def line_offsets(work: Frame) -> Offsets:
    """Where each (file, scan partition) starts, so a task can number its lines.

    Spark reads a file's splits in order and ids rise within a partition, so
    a line's number is the lines in earlier splits of its file plus its
    position in its own split.  Only these small counts reach the driver.
    """
    from pyspark.sql import functions as F

    counts = (work.where(F.col("kind") != WARC).groupBy("file", "pid")
              .agg(F.min("mid").alias("first"), F.count("*").alias("n")).collect())
    offsets: Offsets = {}
    by_file: dict[str, list[tuple[int, int, int]]] = {}
    for row in counts:
        by_file.setdefault(row["file"], []).append((int(row["first"]), int(row["pid"]),
                                                     int(row["n"])))
    for name, parts in by_file.items():
        before = 0
        for first, pid, n in sorted(parts):
            offsets[(name, pid)] = (first, before)
            before += n
    return offsets


def _list_inputs(fs: HadoopFs, inputs: Sequence[str]) -> tuple[dict[str, list[str]], int,
                                                                 list[Row]]:
    files: dict[str, list[str]] = {JSONL: [], PARQUET: [], WARC: []}
    total = 0
    missing: list[Row] = []
    for spec in inputs:
        found = fs.files(spec)
        if not found:
            err = ErrorRecord(spec, "E108", f"No such file: {spec}.")
            missing.append(error_row(err, spec, None))
        for uri, size in found:
            kind = kind_of(uri)
            if kind and uri not in files[kind]:
                files[kind].append(uri)
                total += size
    return files, total, missing


def _write_tables(spark: Spark, tmp: str, missing: list[Row], error_files: int) -> None:
    """Split the staging table into the three layout tables."""
    from pyspark.sql import functions as F

    staged = spark.read.parquet(f"{tmp}/_stage")
    (staged.where(F.col("doc").isNotNull()).select("doc.*", PARTITION)
     .write.partitionBy(PARTITION).parquet(f"{tmp}/{DOCUMENTS}"))
    (staged.select(PARTITION, F.explode("events").alias("e")).select("e.*", PARTITION)
     .write.partitionBy(PARTITION).parquet(f"{tmp}/{EVENTS}"))
    errors = staged.where(F.col("error").isNotNull()).select("error.*")
    if missing:
        errors = errors.unionByName(spark.createDataFrame(missing,
                                                          _spark_schema(ERRORS_SCHEMA)))
    errors.coalesce(error_files).write.parquet(f"{tmp}/{ERRORS}")


def _ensure_files(spark: Spark, fs: HadoopFs, tmp: str) -> None:
    """A table with no rows still gets a file, so readers find its schema."""
    for name in PARTITIONED:
        folder = f"{tmp}/{name}"
        if not fs.has_parquet(folder):
            empty = spark.createDataFrame([], _spark_schema(SCHEMAS[name]))
            empty.coalesce(1).write.mode("overwrite").parquet(
                f"{folder}/{PARTITION}={UNKNOWN_MONTH}")


def _count(spark: Spark, tmp: str, report: BatchReport) -> None:
    from pyspark.sql import functions as F

    row = spark.read.parquet(f"{tmp}/_stage").agg(
        F.count("doc").alias("d"), F.coalesce(F.sum(F.size("events")), F.lit(0)).alias("e"),
        F.count("error").alias("x")).collect()[0]
    report.documents, report.events, report.errors = int(row["d"]), int(row["e"]), int(row["x"])


def _swap(fs: HadoopFs, tmp: str, output: str, report: BatchReport) -> None:
    """Manifest and ``_SUCCESS`` last into the temporary folder, then two renames."""
    fs.write_text(f"{tmp}/{MANIFEST}", manifest_text(report))
    fs.write_text(f"{tmp}/{SUCCESS}", "")
    old = None
    if fs.exists(output):
        old = sibling(output, "old")
        fs.rename(output, old)
    fs.rename(tmp, output)
    if old is not None:
        fs.delete(old)


def run_spark(inputs: Sequence[str], output: str, options: Options | None = None, *,
              spark: Spark | None = None, master: str | None = None,
              partitions: int | None = None) -> BatchReport:
    """Extract every article in ``inputs`` into the dataset OUTPUT on Spark, atomically."""
    options = options or Options()
    clock = Clock()
    spark = spark or session(master)
    fs = HadoopFs(spark)
    report = BatchReport(engine="spark", output=output, inputs=list(inputs), started=now_iso())
    report.startup_seconds = clock.elapsed()
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
    files, size, missing = _list_inputs(fs, inputs)
    parallelism = int(spark.sparkContext.defaultParallelism)
    n_parts = partitions or max(4 * parallelism, size // PARTITION_BYTES + 1)
    report.settings = {"partitions": n_parts, "parallelism": parallelism,
                       "batch_size": options.batch_size, "master": spark.sparkContext.master}
    tmp = sibling(output, "tmp")
    try:
        work = work_frame(spark, files)
        if work is None:
            work = spark.createDataFrame([], _spark_schema(STAGE_SCHEMA))
        else:
            offsets = line_offsets(work)
            work = work.repartition(n_parts).mapInArrow(worker(options, offsets),
                                                        _spark_schema(STAGE_SCHEMA))
        work.write.parquet(f"{tmp}/_stage")
        _count(spark, tmp, report)
        report.errors += len(missing)
        _write_tables(spark, tmp, missing, max(1, min(n_parts, 8)))
        _ensure_files(spark, fs, tmp)
        fs.delete(f"{tmp}/_stage")
        report.seconds, report.finished = clock.elapsed(), now_iso()
        _swap(fs, tmp, output, report)
    finally:
        if fs.exists(tmp):
            fs.delete(tmp)
    return report
