"""Calendar, dyad and export over a small hand-made store."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from test_store_db import make_doc

from tidings.cli import main
from tidings.store.db import Store
from tidings.store.stories import rebuild
from tidings.store.views import calendar, dyad, export


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_document(make_doc())
        rebuild(store)
    return path


def test_calendar_lists_the_planned_talks(db: Path) -> None:
    with Store(db, readonly=True) as store:
        (row,) = calendar(store, date(2026, 5, 1), date(2026, 5, 31))
        assert calendar(store, date(2026, 6, 1), None) == []
    assert (row["date"], row["precision"], row["status"]) == ("2026-05-04", "day", "expected")
    assert row["parties"] == ["CHL", "PER"] and row["sources"] == ["Andes Post"]


def test_dyad_has_figures_and_upcoming(db: Path) -> None:
    with Store(db, readonly=True) as store:
        data = dyad(store, "per", "CHL")
    assert data["months"] == []  # a plan is not an event that happened
    assert data["figures"][0]["measure"] == "trade" and data["figures"][0]["value"] == 3e9
    assert data["pair"] == ["CHL", "PER"]


def test_export_jsonl_and_csv(db: Path) -> None:
    with Store(db, readonly=True) as store:
        lines = (export(store, "events", "jsonl") or "").splitlines()
        table = list(csv.DictReader(io.StringIO(export(store, "stories", "csv") or "")))
    assert json.loads(lines[0])["type"] == "CONSULT"
    assert table[0]["status"] == "expected" and json.loads(table[0]["parties"]) == ["CHL", "PER"]


def test_parquet_without_pyarrow_or_path_is_a_clear_error(db: Path) -> None:
    with Store(db, readonly=True) as store, pytest.raises(ValueError, match="parquet"):
        export(store, "events", "parquet", None)


def test_command_line_wrappers(db: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "--db", str(db), "--from", "2026-05-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["date"] == "2026-05-04"
    assert main(["dyad", "CHL", "PER", "--db", str(db)]) == 0
    assert "trade" in capsys.readouterr().out
    out = tmp_path / "stories.jsonl"
    assert main(["export", "--db", str(db), "--what", "stories", "--out", str(out)]) == 0
    assert json.loads(out.read_text().splitlines()[0])["n_reports"] == 1


def test_plover_and_gdelt_come_from_the_exporters(db: Path) -> None:
    with Store(db, readonly=True) as store:
        plover = [json.loads(x) for x in (export(store, "events", "plover") or "").splitlines()]
        gdelt = [json.loads(x) for x in (export(store, "events", "gdelt") or "").splitlines()]
    assert plover and plover[0]["event"] == ["CONSULT"]
    assert gdelt and gdelt[0]["Actor1CountryCode"] == "CHL"


def test_frame_needs_pandas_or_says_so(db: Path) -> None:
    from tidings.store.views import frame

    with Store(db, readonly=True) as store:
        events = store.events()
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ValueError, match="pandas"):
            frame(events)
    else:
        assert list(frame(events)["type"]) == ["CONSULT"]
