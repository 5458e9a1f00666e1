"""Calendar, dyad and export over a batch dataset agree with the same
articles in a store: each test writes the documents both ways and compares."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from tidings.batch.layout import (  # noqa: E402
    DOCUMENTS_SCHEMA,
    EVENTS_SCHEMA,
    document_row,
    event_rows,
    month_of,
)
from tidings.cli import main  # noqa: E402
from tidings.document import (  # noqa: E402
    Actor,
    Article,
    Claim,
    Document,
    Entity,
    Event,
    EventTime,
    Factuality,
    Participant,
    Quantity,
    Span,
)
from tidings.store import parquet, views  # noqa: E402
from tidings.store.db import Store, text_hash  # noqa: E402
from tidings.store.stories import interval, rebuild  # noqa: E402

NAMES = {"KEN": "Kenya", "ETH": "Ethiopia", "CHL": "Chile", "PER": "Peru"}


def _doc(doc_id: str, published: str, source: str, text: str, trigger: str, status: str,
         kind: str, cameo: str, pair: tuple[str, str], when: str | None) -> Document:
    """One article with one coded event between two countries named in it."""
    at = text.index(trigger)
    entities, parts = [], []
    for n, code in enumerate(pair, 1):
        name = NAMES[code]
        start = text.index(name)
        entities.append(Entity(f"E{n}", name, "GPE", actor=Actor(code, country=code)))
        parts.append(Participant(f"E{n}", code, start, start + len(name), name))
    return Document(
        id=doc_id,
        article=Article(title=text[:30], source=source, published=published,
                        text_sha256=text_hash(text)),
        text=text, entities=entities,
        claims=[Claim("C1", Span(at, at + len(trigger), trigger), 0, Factuality(status=status))],
        events=[Event("V1", "C1", kind, None, [], cameo, parts[:1], parts[1:],
                      EventTime(None, when) if when else None, None, 0.7)],
    )


def _articles() -> list[Document]:
    """A summit planned, reported again, put off, and a second plan still open."""
    first = _doc("k1", "2026-02-02", "Daily Ledger",
                 "Kenya will host Ethiopia at a summit in Nairobi on March 5, officials said.",
                 "summit", "expected", "CONSULT", "040", ("KEN", "ETH"), "2026-03-05")
    first.quantities = [Quantity("Q1", 0, 1, "2 billion dollars", "money", 2e9, "USD",
                                 measure="trade", between=["ETH", "KEN"])]
    return [
        first,
        _doc("k2", "2026-02-16", "Horn Wire",
             "Ethiopia confirmed that its leader will attend the summit in Kenya on March 5.",
             "summit", "expected", "CONSULT", "040", ("ETH", "KEN"), "2026-03-05"),
        _doc("k3", "2026-02-27", "Horn Wire",
             "The summit between Kenya and Ethiopia has been postponed to March 19.",
             "summit", "expected", "CONSULT", "040", ("KEN", "ETH"), "2026-03-19"),
        _doc("c1", "2026-02-20", "Andes Post",
             "Chile signed a fisheries deal with Peru in Lima on Friday.",
             "signed", "occurred", "AGREE", "057", ("CHL", "PER"), "2026-02-20"),
        _doc("c2", "2026-03-01", "Andes Post",
             "Chile and Peru will hold talks in Lima in April, the ministry said.",
             "talks", "expected", "CONSULT", "043", ("CHL", "PER"), "2026-04"),
    ]


def write_dataset(root: Path, docs: Iterable[Document]) -> Path:
    """The batch layout, one part file per table and month."""
    tables: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for doc in docs:
        month = month_of(doc.article.published)
        tables.setdefault(("documents", month), []).append(document_row(doc))
        tables.setdefault(("events", month), []).extend(event_rows(doc))
    schemas = {"documents": DOCUMENTS_SCHEMA, "events": EVENTS_SCHEMA}
    root.mkdir(parents=True)
    for (table, month), rows in tables.items():
        if rows:
            folder = root / table / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(rows, schema=schemas[table]),
                           folder / "part-00000.parquet")
    (root / "_manifest.json").write_text(json.dumps({"finished": "2026-03-02T10:00:00+00:00"}))
    (root / "_SUCCESS").write_text("")
    return root


def write_store(path: Path, docs: Iterable[Document]) -> Path:
    with Store(path) as store:
        for doc in docs:
            store.add_document(doc)
        rebuild(store)
    return path


@pytest.fixture()
def both(tmp_path: Path) -> tuple[Path, Path]:
    docs = sorted(_articles(), key=lambda d: d.article.published or "")
    return write_store(tmp_path / "s.db", docs), write_dataset(tmp_path / "ds", docs)


def _no_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "story"} for row in rows]


def test_timex_values_read_as_the_story_builder_reads_them(tmp_path: Path) -> None:
    values = ["2026-03-05", "2026-03-05T14:00", "2026-02-30", "2026-W10", "2026-W53",
              "2020-W53", "2026-W10-WE", "2026-W10-3", "2026-03", "2026-13", "2026",
              "2026-SU", "2026-Q1", "XXXX-03-05", "PRESENT_REF", "P1W", "", None]
    root = write_dataset(tmp_path / "ds", [])
    with parquet._connect(root) as con:
        got = con.execute("SELECT v, t_lo(v), t_hi(v) FROM unnest($v::VARCHAR[]) t(v)",
                          {"v": values}).fetchall()
    assert {v: (lo, hi) if lo else None for v, lo, hi in got} == {
        v: interval(v) for v in values}


def test_calendar_agrees_with_the_store(both: tuple[Path, Path]) -> None:
    db, ds = both
    with Store(db, readonly=True) as store:
        for start, end in ((None, None), (date(2026, 3, 10), None), (None, date(2026, 3, 31))):
            expected = views.calendar(store, start, end)
            got = parquet.calendar(ds, start, end)
            assert _no_ids(got) == _no_ids(expected)
    plans = {r["date"]: r for r in parquet.calendar(ds)}
    assert plans["2026-04"]["parties"] == ["CHL", "PER"] and plans["2026-04"]["n_reports"] == 1
    # Put off from March 5: one plan at the new date, with every report of it.
    assert plans["2026-03-19"]["status"] == "postponed" and "2026-03-05" not in plans
    assert plans["2026-03-19"]["n_reports"] == 3


def test_dyad_agrees_with_the_store(both: tuple[Path, Path]) -> None:
    db, ds = both
    with Store(db, readonly=True) as store:
        for pair in (("per", "CHL"), ("ETH", "KEN"), ("KEN", "CHL")):
            expected, got = views.dyad(store, *pair), parquet.dyad(ds, *pair)
            assert _no_ids(got.pop("upcoming")) == _no_ids(expected.pop("upcoming"))
            assert got == expected
    assert parquet.dyad(ds, "KEN", "ETH")["figures"][0]["value"] == 2e9
    assert parquet.dyad(ds, "CHL", "PER")["months"][0]["month"] == "2026-02"


def test_event_and_article_exports_agree_with_the_store(both: tuple[Path, Path]) -> None:
    db, ds = both
    with Store(db, readonly=True) as store:
        for fmt in ("jsonl", "csv"):
            assert parquet.export(ds, "events", fmt) == views.export(store, "events", fmt)
        expected = [json.loads(x) for x in (views.export(store, "articles") or "").splitlines()]
    got = [json.loads(x) for x in (parquet.export(ds, "articles") or "").splitlines()]
    assert [r.pop("ingested_at") for r in got] == ["2026-03-02T10:00:00+00:00"] * len(got)
    assert got == [{k: v for k, v in r.items() if k != "ingested_at"} for r in expected]


def test_parquet_plover_and_errors(both: tuple[Path, Path], tmp_path: Path) -> None:
    db, ds = both
    out = tmp_path / "events.parquet"
    assert parquet.export(ds, "events", "parquet", out) is None
    table = pq.read_table(out).to_pylist()
    assert json.loads(table[0]["parties"]) == ["ETH", "KEN"] and table[0]["article_id"] == 1
    plover = [json.loads(x) for x in (parquet.export(ds, "events", "plover") or "").splitlines()]
    with Store(db, readonly=True) as store:
        expected = [json.loads(x) for x in (views.export(store, "events", "plover") or "")
                    .splitlines()]
    assert [p["event"] for p in plover] == [p["event"] for p in expected]
    with pytest.raises(ValueError, match="no stories"):
        parquet.export(ds, "stories")
    with pytest.raises(ValueError, match="give --out"):
        parquet.export(ds, "events", "parquet")


def test_a_plan_reported_held_leaves_the_calendar(tmp_path: Path) -> None:
    held = _doc("k4", "2026-03-20", "Daily Ledger",
                "Kenya and Ethiopia held the summit in Nairobi on Thursday.",
                "summit", "occurred", "CONSULT", "040", ("KEN", "ETH"), "2026-03-19")
    docs = [*_articles(), held]
    ds = write_dataset(tmp_path / "ds", docs)
    with Store(write_store(tmp_path / "s.db", docs), readonly=True) as store:
        assert [r["date"] for r in views.calendar(store)] == ["2026-04"]
    assert [r["date"] for r in parquet.calendar(ds)] == ["2026-04"]
    assert parquet.calendar(ds, parties={"KEN"}) == []
    assert parquet.dataset_today(ds) == date(2026, 3, 20)


def test_command_line_reads_a_dataset_directory(both: tuple[Path, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _, ds = both
    assert main(["calendar", "--db", str(ds), "--json"]) == 0  # from the newest day, Mar 1
    assert [json.loads(x)["date"] for x in capsys.readouterr().out.splitlines()] == [
        "2026-03-19", "2026-04"]
    assert main(["dyad", "KEN", "ETH", "--db", str(ds)]) == 0
    assert "figure: trade" in capsys.readouterr().out
    out = tmp_path / "articles.csv"
    assert main(["export", "--db", str(ds), "--what", "articles", "--format", "csv",
                 "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0].startswith("id,sha256,doc_id")
    assert main(["export", "--db", str(ds), "--what", "stories"]) == 2
    assert "no stories" in capsys.readouterr().err


def test_empty_and_foreign_datasets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = write_dataset(tmp_path / "empty", [])
    assert parquet.is_dataset(empty) and not parquet.is_dataset(tmp_path / "nothing")
    assert parquet.calendar(empty) == [] and parquet.dataset_today(empty) is None
    assert parquet.dyad(empty, "KEN", "ETH")["months"] == []
    assert parquet.export(empty, "events") == ""
    with pytest.raises(parquet.DatasetError, match="not a batch dataset"):
        parquet.calendar(tmp_path)
    broken = tmp_path / "broken"
    (broken / "events" / "month=2026-01").mkdir(parents=True)
    (broken / "events" / "month=2026-01" / "part-0.parquet").write_text("not parquet")
    with pytest.raises(parquet.DatasetError, match="cannot read"):
        parquet.calendar(broken)
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(parquet.DatasetError, match="needs DuckDB"):
        parquet.calendar(empty)


def test_extracted_articles_agree_with_the_store(pipeline: Any, tmp_path: Path) -> None:
    """The real pipeline's documents, stored and written as a dataset."""
    source = Path(__file__).resolve().parent.parent / "fixtures" / "stories" / "articles.jsonl"
    records = sorted((json.loads(line) for line in source.read_text().splitlines()),
                     key=lambda r: r["published"])
    docs = []
    for record in records:
        doc = pipeline.extract(record["text"], record["published"], record["title"],
                               record["id"])
        doc.article.source = record["source"]
        docs.append(doc)
    ds = write_dataset(tmp_path / "ds", docs)
    with Store(write_store(tmp_path / "s.db", docs), readonly=True) as store:
        assert parquet.export(ds, "events") == views.export(store, "events")
        pairs = {tuple(e["parties"]) for e in store.events() if len(e["parties"]) == 2}
        for a, b in sorted(pairs):
            expected, got = views.dyad(store, a, b), parquet.dyad(ds, a, b)
            assert (got["months"], got["figures"]) == (expected["months"], expected["figures"])
        external = {fmt: views.export(store, "events", fmt) or "" for fmt in ("plover", "gdelt")}
    assert pairs
    for fmt, text in external.items():
        # A dataset keeps no article text: no sentence, no lead paragraph.
        unknown = {"text": None, "IsRootEvent": None}
        expected = [{**json.loads(x), **unknown} for x in text.splitlines()]
        got = [json.loads(x) for x in (parquet.export(ds, "events", fmt) or "").splitlines()]
        assert [{**r, **unknown} for r in got] == expected
