"""Parquet files and pandas DataFrames from a store, and the errors people
get when the optional packages are not installed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from test_store_db import make_doc

from tidings.cli import main
from tidings.document import Document, EventTime, Factuality
from tidings.store.db import Store
from tidings.store.stories import rebuild
from tidings.store.views import calendar, dyad_frame, export, frame, rows


def _happened(text: str, published: str, doc_id: str, kind: str, cameo: str) -> Document:
    """A meeting between Chile and Peru reported as having taken place."""
    doc = make_doc(text, published=published)
    doc.id = doc_id
    doc.claims[0].factuality = Factuality(status="occurred")
    doc.events[0].type, doc.events[0].cameo = kind, cameo
    doc.events[0].time = EventTime(None, published)
    return doc


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_document(make_doc())
        store.add_document(_happened(
            "Chilean and Peruvian ministers held talks on fishing quotas in Arica.",
            "2026-03-11", "d2", "CONSULT", "043"))
        store.add_document(_happened(
            "After two days of talks, Chile and Peru signed a water-sharing accord.",
            "2026-04-02", "d3", "AGREE", "057"))
        rebuild(store)
    return path


@pytest.mark.parametrize("what", ["events", "articles", "stories"])
def test_parquet_export_reads_back(db: Path, tmp_path: Path, what: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / f"{what}.parquet"
    assert main(["export", "--db", str(db), "--what", what, "--format", "parquet",
                 "--out", str(out)]) == 0
    table = pq.read_table(out)
    with Store(db, readonly=True) as store:
        expected = list(rows(store, what))
    assert table.num_rows == len(expected) > 0
    assert table.column_names == list(expected[0])
    assert table.column("id").to_pylist() == [r["id"] for r in expected]


def test_parquet_columns_are_typed_by_the_schema(db: Path, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    with Store(db, readonly=True) as store:
        export(store, "events", "parquet", tmp_path / "e.parquet")
        export(store, "articles", "parquet", str(tmp_path / "a.parquet"))
    events, articles = pq.read_table(tmp_path / "e.parquet"), pq.read_table(tmp_path / "a.parquet")
    assert events.schema.field("quad_class").type == pa.int64()
    assert events.schema.field("goldstein").type == pa.float64()
    assert json.loads(events.column("parties")[0].as_py()) == ["CHL", "PER"]
    # No article has a URL, yet the column is text as in any other store.
    assert articles.schema.field("url").type == pa.string()
    assert articles.column("url").null_count == articles.num_rows


def test_parquet_value_against_its_column_type_is_text(db: Path, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    with Store(db) as store:  # SQLite keeps a text value in an INTEGER column
        store.conn.execute("UPDATE events SET quad_class='two' WHERE id=1")
        export(store, "events", "parquet", tmp_path / "e.parquet")
    column = pq.read_table(tmp_path / "e.parquet").column("quad_class")
    assert column.type == pa.string() and sorted(column.to_pylist()) == ["1", "1", "two"]


def test_parquet_needs_a_file(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 2
    assert "--out FILE" in capsys.readouterr().err


def test_parquet_without_pyarrow_is_a_clear_error(db: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "e.parquet"
    assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(out)]) == 2
    assert "needs pyarrow" in capsys.readouterr().err and not out.exists()


def test_frames_of_events_articles_and_stories(db: Path) -> None:
    pd = pytest.importorskip("pandas")
    with Store(db, readonly=True) as store:
        counts = store.counts()
        events, articles = frame(store), frame(store, "articles")
        stories = frame(store, "stories")
        planned = frame(calendar(store))
        with pytest.raises(ValueError, match="cannot export"):
            frame(store, "entities")
    assert events.shape[0] == counts["events"] and {"type", "parties"} <= set(events.columns)
    assert articles.shape[0] == counts["articles"] and "sha256" in articles.columns
    assert stories.shape[0] == counts["stories"] and "n_reports" in stories.columns
    assert pd.api.types.is_datetime64_any_dtype(events["published"])
    assert pd.api.types.is_datetime64_any_dtype(stories["first_seen"])
    assert isinstance(events["parties"].iloc[0], list)  # nested values stay Python objects
    assert list(planned["status"]) == ["expected"]


def test_partial_publication_days_stay_text(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    with Store(tmp_path / "s.db") as store:
        store.add_document(make_doc(published="2026-04"))
        table = frame(store, "articles")
    assert list(table["published"]) == ["2026-04"]


def test_dyad_frame_has_a_row_per_month(db: Path) -> None:
    pytest.importorskip("pandas")
    with Store(db, readonly=True) as store:
        table = dyad_frame(store, "per", "chl")
    assert list(table["month"]) == ["2026-03", "2026-04"]
    assert list(table.columns[:7]) == ["month", "events", "score", "quad1", "quad2", "quad3",
                                       "quad4"]
    assert list(table["CONSULT"]) == [1, 0] and list(table["AGREE"]) == [0, 1]
    assert list(table["events"]) == [1, 1] and table["quad1"].sum() == 2


def test_frames_without_pandas_are_a_clear_error(db: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with Store(db, readonly=True) as store:
        with pytest.raises(ValueError, match="need pandas"):
            frame(store)
        with pytest.raises(ValueError, match="need pandas"):
            dyad_frame(store, "CHL", "PER")
