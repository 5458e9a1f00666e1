"""The store itself: migrations, idempotent adds, search, the writer lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tidings.document import (
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
from tidings.store.db import Store, text_hash
from tidings.store.docjson import document_from_dict
from tidings.store.schema import StoreError, migrations

TEXT = ("Chile and Peru will hold talks in Lima on May 4, the Chilean foreign ministry said. "
        "Trade between the two reached 3 billion dollars last year.")


def make_doc(text: str = TEXT, published: str = "2026-04-20") -> Document:
    trigger = Span(text.index("talks"), text.index("talks") + 5, "talks")
    return Document(
        id="d1",
        article=Article(title="Talks in Lima", source="Andes Post", published=published,
                        text_sha256=text_hash(text)),
        text=text,
        entities=[Entity("E1", "Chile", "GPE", actor=Actor("CHL", country="CHL")),
                  Entity("E2", "Peru", "GPE", actor=Actor("PER", country="PER"))],
        claims=[Claim("C1", trigger, 0, Factuality(status="expected"))],
        events=[Event("V1", "C1", "CONSULT", None, [], "043",
                      [Participant("E1", "CHL", 0, 5, "Chile")],
                      [Participant("E2", "PER", 10, 14, "Peru")],
                      EventTime(None, "2026-05-04"), None, 0.8)],
        quantities=[Quantity("Q1", 0, 1, "3 billion dollars", "money", 3e9, "USD",
                             measure="trade", between=["PER", "CHL"])],
    )


def test_migrations_are_numbered_and_recorded(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        rows = store.query("SELECT version, name FROM schema_migrations ORDER BY version")
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert [r["version"] for r in rows] == [m.version for m in migrations()]
    assert mode == "wal"
    with Store(tmp_path / "s.db") as store:  # reopening applies nothing twice
        assert store.query("SELECT COUNT(*) AS n FROM schema_migrations")[0]["n"] == len(rows)


def test_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = store.add_document(make_doc())
        second = store.add_document(make_doc())
        assert first.created and not second.created
        assert first.article_id == second.article_id
        counts = store.counts()
    assert counts["articles"] == 1 and counts["events"] == 1 and counts["entities"] == 2


def test_event_row_carries_parties_scores_and_anchor(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_document(make_doc())
        (event,) = store.events()
        (quantity,) = store.query("SELECT * FROM quantities")
    assert event["parties"] == ["CHL", "PER"]
    assert event["quad_class"] == 1 and event["anchor"] == "meeting"
    assert event["status"] == "expected" and event["time_value"] == "2026-05-04"
    assert quantity["between_key"] == "CHL|PER"


def test_full_text_search(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_document(make_doc())
        other = make_doc("Floods closed roads and delayed talks in the south of Peru on Monday.")
        other.id, other.article.title = "d2", "Floods in the south"
        store.add_document(other)
        hits = store.search("lima AND talks")
    assert [h["doc_id"] for h in hits] == ["d1"] and "[" in hits[0]["snippet"]


def test_second_writer_is_refused_but_readers_are_not(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as writer:
        writer.add_document(make_doc())
        with pytest.raises(StoreError, match="another process"):
            Store(path)
        with Store(path, readonly=True) as reader:
            assert reader.counts()["articles"] == 1
            with pytest.raises(StoreError):
                reader.record_error("x", None, "E101", "empty")


def test_readonly_open_of_missing_store_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "missing.db", readonly=True)


def test_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
            conn.execute("INSERT INTO errors(origin, item_id, code, message, at) "
                         "VALUES ('a', NULL, 'E101', 'm', 'now')")
            conn.execute("INSERT INTO errors(id, origin, code, message, at) "
                         "VALUES (1, 'b', 'E101', 'm', 'now')")
        assert store.errors() == []


def test_stored_document_round_trips_to_the_contract(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        added = store.add_document(make_doc())
        doc = document_from_dict(store.document(added.article_id))
    assert isinstance(doc.events[0].time, EventTime)
    assert doc.events[0].actors[0].code == "CHL" and doc.entities[1].actor is not None
