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
from tidings.document import Claim, Document, EventTime, Factuality, Span, Timex
from tidings.store.db import Store
from tidings.store.stories import rebuild
from tidings.store.views import calendar, dyad, export, store_today


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


PLAN_TEXT = ("Chile and Peru signed a fisheries accord after talks on Monday. "
             "A joint declaration is planned for June 3, officials in Lima said.")


def _plan_doc() -> Document:
    """An event, then a dated plan the event coder left without an event."""
    doc = make_doc(PLAN_TEXT, published="2026-05-18")
    doc.id = "d9"
    start = PLAN_TEXT.index("declaration")
    at = PLAN_TEXT.index("June 3")
    doc.claims = [doc.claims[0],
                  Claim("C2", Span(start, start + 11, "declaration"), 1,
                        Factuality(status="expected")),
                  Claim("C3", Span(start + 15, start + 22, "planned"), 1,
                        Factuality(status="expected"), time="T1")]
    doc.claims[0].trigger = Span(PLAN_TEXT.index("signed"), PLAN_TEXT.index("signed") + 6,
                                 "signed")
    doc.claims[0].factuality = Factuality(status="occurred")
    doc.events[0].type, doc.events[0].cameo = "AGREE", "057"
    doc.events[0].time = EventTime(None, "2026-05-18")
    doc.timexes = [Timex("T1", at, at + 6, "June 3", "DATE", "2026-06-03", "day")]
    return doc


def test_a_dated_plan_without_an_event_reaches_the_calendar(tmp_path: Path) -> None:
    with Store(tmp_path / "p.db") as store:
        store.add_document(_plan_doc())
        rebuild(store)
        assert store_today(store) == date(2026, 5, 18)
        (row,) = calendar(store, store_today(store))
    assert (row["date"], row["type"], row["parties"]) == ("2026-06-03", "AGREE", ["CHL", "PER"])


def test_calendar_command_starts_at_the_newest_article(db: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with Store(db) as store:
        later = make_doc("Fishermen in Peru held talks with port officials about the rain.",
                         published="2026-06-01")
        later.id, later.events, later.claims = "d3", [], []
        store.add_document(later)
    assert main(["calendar", "--db", str(db), "--json"]) == 0
    assert capsys.readouterr().out == ""  # the May plan was over by then
    assert main(["calendar", "--db", str(db), "--all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["date"] == "2026-05-04"


def test_dyad_counts_an_event_in_the_month_it_happened() -> None:
    from tidings.store.views import event_month

    dated = {"time_value": "2026-03-14", "published": "2026-05-02"}
    assert event_month(dated) == "2026-03"
    assert event_month({"time_value": "2026", "published": "2026-05-02"}) == "2026-05"
    assert event_month({"time_value": None, "published": "2026-05-02"}) == "2026-05"
