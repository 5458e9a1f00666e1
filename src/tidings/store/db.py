"""The store: articles and everything extracted from them, in one SQLite file.

Library first: :class:`Store` is what the command line, the views and the
story builder use.  Articles are identified by the SHA-256 of their text, so
adding the same article twice stores it once and an interrupted ingest can
simply be run again.  Queries return plain dicts (JSON-ready), never rows
tied to an open connection.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from ..document import Claim, Document, Event
from . import neardup
from .eventrow import claim_context, event_fields
from .schema import StoreError, WriterLock, connect, current_version, migrate, migrations, now

Row = dict[str, Any]
_JSON_COLUMNS = frozenset({"actors", "recipients", "parties", "fields"})


@dataclass(frozen=True)
class Added:
    """What :meth:`Store.add_document` did: the article's id, and whether it was new."""

    article_id: int
    created: bool
    duplicate_of: int | None = None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row(row: sqlite3.Row) -> Row:
    data = dict(row)
    for key in _JSON_COLUMNS & data.keys():
        if isinstance(data[key], str):
            data[key] = json.loads(data[key])
    return data


class Store:
    """One SQLite store.  A writing store holds the writer lock until closed;
    ``readonly=True`` opens for reading alongside a running ingest."""

    def __init__(self, path: Path | str, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = WriterLock(self.path)
        self._depth = 0
        if not readonly:
            self._lock.acquire()
        try:
            self.conn = connect(self.path, readonly=readonly)
            if readonly:
                latest = migrations()[-1].version
                if current_version(self.conn) < latest:
                    raise StoreError(f"{path} is not a tidings store at schema {latest}")
            else:
                migrate(self.conn)
        except BaseException:
            self._lock.release()
            raise

    def close(self) -> None:
        self.conn.close()
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; nested uses join the outer one."""
        if self.readonly:
            raise StoreError("this store was opened read-only")
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # -- writing ---------------------------------------------------------

    def has_hash(self, sha256: str) -> bool:
        found = self.conn.execute("SELECT 1 FROM articles WHERE sha256=?", (sha256,)).fetchone()
        return found is not None

    def add_document(self, doc: Document, text: str | None = None) -> Added:
        """Store one extracted article; a second copy of the same text is a no-op."""
        text = doc.text if text is None else text
        sha = text_hash(text)
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM articles WHERE sha256=?", (sha,)).fetchone()
            if row is not None:
                return Added(int(row[0]), created=False)
            article_id = self._insert_article(conn, doc, text, sha)
            self._insert_extraction(conn, article_id, doc, text)
            duplicate_of = self._link_near_duplicates(conn, article_id, text)
        return Added(article_id, created=True, duplicate_of=duplicate_of)

    def record_error(self, origin: str, item_id: str | None, code: str, message: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO errors(origin, item_id, code, message, at) VALUES (?,?,?,?,?)",
                (origin, item_id, code, message, now()),
            )

    def _insert_article(self, conn: sqlite3.Connection, doc: Document, text: str,
                        sha: str) -> int:
        art = doc.article
        cur = conn.execute(
            "INSERT INTO articles(sha256, doc_id, title, url, source, published, language, "
            "text, document, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (sha, doc.id, art.title, art.url, art.source, art.published, art.language, text,
             json.dumps(doc.to_dict(), ensure_ascii=False), now()),
        )
        return int(cur.lastrowid or 0)

    def _insert_extraction(self, conn: sqlite3.Connection, aid: int, doc: Document,
                           text: str) -> None:
        countries: dict[str, str | None] = {}
        for ent in doc.entities:
            actor = ent.actor
            countries[ent.id] = actor.country if actor else None
            conn.execute(
                "INSERT INTO entities VALUES (?,?,?,?,?,?,?)",
                (aid, ent.id, ent.name, ent.kind, actor.code if actor else None,
                 actor.country if actor else None, actor.sector if actor else None),
            )
        claims = {c.id: self._insert_claim(conn, aid, c, text) for c in doc.claims}
        for event in doc.events:
            self._insert_event(conn, aid, event, claims.get(event.claim), countries)
        conn.executemany(
            "INSERT INTO timexes VALUES (?,?,?,?,?,?)",
            [(aid, t.id, t.text, t.type, t.value, t.granularity) for t in doc.timexes],
        )
        conn.executemany(
            "INSERT INTO quantities VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(aid, q.id, q.text, q.kind, q.value, q.unit, q.measure,
              "|".join(sorted(q.between)) or None, q.period, q.approx) for q in doc.quantities],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?)",
            [(aid, p.start, p.text, p.name, p.country, p.geonameid, p.lat, p.lon, p.feature)
             for p in doc.places],
        )

    def _insert_claim(self, conn: sqlite3.Connection, aid: int, claim: Claim,
                      text: str) -> tuple[Claim, str | None, str | None]:
        anchor, cue = claim_context(claim, text)
        conn.execute(
            "INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, claim.id, claim.trigger.text, claim.trigger.start, claim.sentence,
             claim.factuality.status, claim.factuality.certainty, claim.factuality.polarity,
             claim.attribution.text if claim.attribution else None, claim.time, anchor, cue),
        )
        return claim, anchor, cue

    def _insert_event(self, conn: sqlite3.Connection, aid: int, event: Event,
                      claim: tuple[Claim, str | None, str | None] | None,
                      countries: dict[str, str | None]) -> None:
        found, anchor, cue = claim if claim else (None, None, None)
        row = event_fields(event, found, anchor, cue, countries)
        for key in ("actors", "recipients", "parties"):
            row[key] = json.dumps(row[key])
        names = ", ".join(row)
        marks = ",".join("?" * (len(row) + 1))
        conn.execute(f"INSERT INTO events(article_id, {names}) VALUES ({marks})",
                     (aid, *row.values()))

    def _link_near_duplicates(self, conn: sqlite3.Connection, aid: int,
                              text: str) -> int | None:
        values = neardup.sketch(text)
        keys = neardup.probes(values)
        best: tuple[float, int] | None = None
        if keys:
            marks = ",".join("?" * len(keys))
            candidates = conn.execute(
                f"SELECT s.article_id, s.minhash FROM signatures s WHERE s.article_id IN "
                f"(SELECT article_id FROM minhash_bands WHERE band=0 AND bucket IN ({marks}))",
                keys,
            ).fetchall()
            for other, blob in candidates:
                score = neardup.similarity(values, neardup.unpack(blob))
                if score >= neardup.THRESHOLD:
                    conn.execute("INSERT INTO near_duplicates VALUES (?,?,?)", (aid, other, score))
                    if best is None or score > best[0]:
                        best = (score, int(other))
        conn.execute("INSERT INTO signatures VALUES (?,?)", (aid, neardup.pack(values)))
        conn.executemany(
            "INSERT OR IGNORE INTO minhash_bands VALUES (0,?,?)", [(k, aid) for k in keys]
        )
        return best[1] if best else None

    # -- reading ---------------------------------------------------------

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
        return [_row(r) for r in self.conn.execute(sql, params).fetchall()]

    def counts(self) -> dict[str, int]:
        tables = ("articles", "entities", "claims", "events", "timexes", "quantities",
                  "places", "errors", "near_duplicates", "stories")
        return {t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in tables}

    def articles(self, limit: int | None = None) -> list[Row]:
        sql = ("SELECT id, sha256, doc_id, title, url, source, published, language, ingested_at "
               "FROM articles ORDER BY published, id")
        return self.query(sql + (f" LIMIT {int(limit)}" if limit else ""))

    def document(self, article_id: int) -> dict[str, Any]:
        row = self.conn.execute("SELECT document FROM articles WHERE id=?", (article_id,))
        found = row.fetchone()
        if found is None:
            raise KeyError(article_id)
        data: dict[str, Any] = json.loads(found[0])
        return data

    def text(self, article_id: int) -> str:
        found = self.conn.execute("SELECT text FROM articles WHERE id=?", (article_id,))
        row = found.fetchone()
        if row is None:
            raise KeyError(article_id)
        return str(row[0])

    def search(self, match: str, limit: int = 20) -> list[Row]:
        """Full-text search (FTS5 query syntax), best matches first."""
        return self.query(
            "SELECT a.id, a.doc_id, a.title, a.published, a.source, "
            "snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        )

    def events(self, article_id: int | None = None) -> list[Row]:
        sql = ("SELECT e.*, a.published, a.source, a.doc_id FROM events e "
               "JOIN articles a ON a.id = e.article_id")
        if article_id is not None:
            return self.query(sql + " WHERE e.article_id=? ORDER BY e.id", (article_id,))
        return self.query(sql + " ORDER BY a.published, e.id")

    def errors(self) -> list[Row]:
        return self.query("SELECT * FROM errors ORDER BY id")

    def near_duplicates(self) -> list[Row]:
        return self.query("SELECT * FROM near_duplicates ORDER BY article_id, duplicate_of")
