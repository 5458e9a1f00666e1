"""The batch layout, the input parsers and the local engine (no Spark needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.batch.inputs import iter_local, kind_of
from tidings.batch.rows import event_rows, month_of
from tidings.document import Document, ErrorRecord
from tidings.reader import item_from_line, iter_jsonl_lines

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pads = pytest.importorskip("pyarrow.dataset")

from tidings.batch import layout  # noqa: E402
from tidings.batch.local import run_local  # noqa: E402


def test_month_of_dates_timestamps_and_unknowns() -> None:
    assert month_of("2023-11-30") == "2023-11"
    assert month_of("2023-02-01T08:00:00Z") == "2023-02"
    assert month_of(None) == layout.UNKNOWN_MONTH
    assert month_of("") == layout.UNKNOWN_MONTH
    assert month_of("2023-13-01") == layout.UNKNOWN_MONTH
    assert month_of("sometime") == layout.UNKNOWN_MONTH


def test_input_kinds_by_name() -> None:
    assert kind_of("a/b/news.jsonl") == "jsonl"
    assert kind_of("news.JSONL.gz") == "jsonl"
    assert kind_of("s3a://bucket/x/part-0.parquet") == "parquet"
    assert kind_of("crawl-0001.warc.gz") == "warc"
    assert kind_of("notes.txt") is None


def test_per_line_reading_matches_the_whole_file_reader() -> None:
    """Spark tasks parse one line at a time; ids and errors must not change."""
    raw = [b'{"id": "x1", "text": "The mayor resigned."}\n', b"\n",
           b'{"text": "No id on this line at all."}\n', b'{"id": "cut", "text": "oops\n',
           b'\xff\xfe broken bytes\n', b"[1, 2]\n"]
    whole = [(i.id, i.error.code if i.error else None)
             for i in iter_jsonl_lines(raw, name="f.jsonl")]
    single = [item_from_line(line, "f.jsonl", n) for n, line in enumerate(raw, 1)]
    assert [(i.id, i.error.code if i.error else None) for i in single if i] == whole
    assert single[1] is None and whole[1] == ("f.jsonl:3", None)


def test_missing_input_is_an_error_record(tmp_path: Path) -> None:
    located = list(iter_local([str(tmp_path / "nothing-here.jsonl")]))
    assert len(located) == 1 and located[0].item.error is not None
    assert located[0].item.error.code == "E108"


def test_parquet_rows_read_like_jsonl_records(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["p1", None], "text": ["Rain fell on Lima.", "Hi."],
                             "published": ["2022-07-04", None], "extra": [1, 2]}), path)
    located = list(iter_local([str(path)]))
    assert [entry.item.id for entry in located] == ["p1", "in.parquet:2"]
    assert str(located[0].item.published) == "2022-07-04"
    assert [entry.line for entry in located] == [1, 2]


@pytest.fixture(scope="module")
def local_output(tmp_path_factory: pytest.TempPathFactory, articles: Path,
                 jsonl_ids: list[str]) -> Path:
    out = tmp_path_factory.mktemp("local") / "dataset"
    report = run_local([str(articles)], out)
    assert report.documents + report.errors == len(jsonl_ids) + 1  # the broken line
    return out


def _table(out: Path, name: str) -> list[dict[str, object]]:
    dataset = pads.dataset(out / name, format="parquet", partitioning="hive")
    rows: list[dict[str, object]] = dataset.to_table().to_pylist()
    return rows


def test_local_output_equals_extract_document_for_document(
        local_output: Path, reference: dict[str, Document | ErrorRecord], articles: Path) -> None:
    docs = {row["id"]: row for row in _table(local_output, layout.DOCUMENTS)}
    expected = {k: v for k, v in reference.items() if isinstance(v, Document)}
    assert docs.keys() == expected.keys()
    for doc_id, doc in expected.items():
        row = docs[doc_id]
        assert row["document"] == doc.to_json()
        assert row["month"] == month_of(doc.article.published)
        assert row["n_events"] == len(doc.events)
    events = _table(local_output, layout.EVENTS)
    want = [row for doc in expected.values() for row in event_rows(doc, source=articles.name)]
    key = lambda r: (r["doc_id"], r["eid"])  # noqa: E731
    assert sorted((key(r), r["cameo"], r["parties"]) for r in events) == \
        sorted((key(r), r["cameo"], r["parties"]) for r in want)


def test_local_errors_and_manifest(local_output: Path, articles: Path,
                                   reference: dict[str, Document | ErrorRecord]) -> None:
    errors = {row["id"]: row for row in _table(local_output, layout.ERRORS)}
    expected = {k: v for k, v in reference.items() if isinstance(v, ErrorRecord)}
    assert {k: r["code"] for k, r in errors.items()} == {k: v.code for k, v in expected.items()}
    broken = next(r for r in errors.values() if r["code"] == "E106")
    assert broken["source"] == articles.name and isinstance(broken["line"], int)
    manifest = layout.read_manifest(local_output)
    assert manifest["engine"] == "local"
    assert manifest["counts"]["errors"] == len(errors)
    assert layout.is_complete(local_output)
    schema = pq.read_schema(next((local_output / layout.EVENTS).rglob("*.parquet")))
    assert schema.names == layout.EVENTS_SCHEMA.names


def test_rerun_replaces_output_without_duplicates(tmp_path: Path) -> None:
    source = tmp_path / "two.jsonl"
    lines = [{"id": "r1", "published": "2021-05-02",
              "text": "Chile and Peru signed a fishing agreement in Lima on Monday."},
             {"id": "r2", "text": "Police in Quito detained two protesters on Friday."}]
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / "out"
    (out / "stale").mkdir(parents=True)
    for _ in range(2):
        run_local([str(source)], out)
    assert not (out / "stale").exists()
    assert sorted(r["id"] for r in _table(out, layout.DOCUMENTS)) == ["r1", "r2"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("out.")] == []
    # A table with no rows still has a file with its schema.
    assert list((out / layout.ERRORS).glob("*.parquet"))
