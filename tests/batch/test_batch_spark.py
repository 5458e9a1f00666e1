"""The Spark engine in local mode: same documents as ``tidings extract``, errors as rows.

Skipped when PySpark or a Java runtime is missing.  One SparkSession and one
engine run serve the whole module, to keep the suite quick.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tidings.batch.rows import event_rows, month_of
from tidings.document import Document, ErrorRecord

pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pads = pytest.importorskip("pyarrow.dataset")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

from tidings.batch import layout  # noqa: E402
from tidings.batch.outputs import BatchReport  # noqa: E402
from tidings.batch.spark import HadoopFs, _swap, run_spark, session  # noqa: E402

PARQUET_ROWS = {"id": ["q1", "q2"],
                "text": ["Turkey's parliament approved a new budget in Ankara on Tuesday.",
                         "Portugal will host a climate conference next spring."],
                "published": ["2023-12-12", "2024-01-20"]}


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    try:
        active = session("local[2]")
    except Exception as exc:  # no usable JVM: the engine cannot run here
        pytest.skip(f"Spark could not start: {exc}")
    yield active
    active.stop()


@pytest.fixture(scope="module")
def spark_output(spark: Any, tmp_path_factory: pytest.TempPathFactory, articles: Path) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copy(articles, folder / articles.name)
    pq.write_table(pa.table(PARQUET_ROWS), folder / "more.parquet")
    (folder / "readme.txt").write_text("not an input", encoding="utf-8")
    out = tmp_path_factory.mktemp("spark") / "dataset"
    report = run_spark([str(folder)], str(out), spark=spark, partitions=3)
    assert report.errors >= 1
    return out


def _table(out: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pads.dataset(out / name, format="parquet",
                                              partitioning="hive").to_table().to_pylist()
    return rows


def test_spark_documents_equal_extract_output(
        spark_output: Path, reference: dict[str, Document | ErrorRecord]) -> None:
    docs = {row["id"]: row for row in _table(spark_output, layout.DOCUMENTS)}
    expected = {k: v for k, v in reference.items() if isinstance(v, Document)}
    assert expected.keys() <= docs.keys()
    assert set(docs) - set(expected) == set(PARQUET_ROWS["id"])
    for doc_id, doc in expected.items():
        assert docs[doc_id]["document"] == doc.to_json(), doc_id
        assert docs[doc_id]["month"] == month_of(doc.article.published)
    assert docs["q2"]["month"] == "2024-01"


def test_spark_events_equal_the_shared_row_mapping(
        spark_output: Path, reference: dict[str, Document | ErrorRecord],
        articles: Path) -> None:
    events = {(r["doc_id"], r["eid"]): r for r in _table(spark_output, layout.EVENTS)}
    for doc in reference.values():
        if isinstance(doc, Document):
            for row in event_rows(doc, source=articles.name):
                got = events[(row["doc_id"], row["eid"])]
                assert {k: got[k] for k in row} == row
                assert got["month"] == month_of(doc.article.published)


def test_corrupt_line_is_an_error_record_not_a_failed_job(
        spark_output: Path, reference: dict[str, Document | ErrorRecord],
        articles: Path) -> None:
    errors = {r["id"]: r for r in _table(spark_output, layout.ERRORS)}
    expected = {k: v.code for k, v in reference.items() if isinstance(v, ErrorRecord)}
    assert {k: r["code"] for k, r in errors.items()} == expected
    broken = next(r for r in errors.values() if r["code"] == "E106")
    lines = articles.read_text(encoding="utf-8").splitlines()
    assert broken["source"] == articles.name
    assert "not closed" in lines[broken["line"] - 1]
    manifest = layout.read_manifest(spark_output)
    assert manifest["engine"] == "spark" and layout.is_complete(spark_output)
    assert manifest["counts"]["errors"] == len(errors)


def test_swap_replaces_an_existing_output(spark: Any, tmp_path: Path) -> None:
    out, tmp = tmp_path / "out", tmp_path / "out.tmp-1"
    (out / "documents").mkdir(parents=True)
    (out / "documents" / "old.parquet").write_text("old", encoding="utf-8")
    (tmp / "documents").mkdir(parents=True)
    report = BatchReport(engine="spark", output=str(out), inputs=[])
    _swap(HadoopFs(spark), str(tmp), str(out), report)
    assert not tmp.exists() and not (out / "documents" / "old.parquet").exists()
    assert json.loads((out / layout.MANIFEST).read_text())["engine"] == "spark"
    assert (out / layout.SUCCESS).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
