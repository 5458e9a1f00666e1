"""Read queries behind the API and the pages: filtered, paginated, JSON-ready.

The store's own views answer whole-store questions (calendar, dyad); a web
client also needs pages of results and filters, which are SQL here so a
store of many thousands of events is never loaded whole for one page.
Parameters arrive already validated (see :mod:`.params`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..store.db import Row, Store

# The event's own day when it has one, else the article's publication day.
EVENT_DAY = ("CASE WHEN length(e.time_value) >= 10 AND substr(e.time_value, 5, 1) = '-' "
             "AND substr(e.time_value, 8, 1) = '-' THEN substr(e.time_value, 1, 10) "
             "ELSE substr(a.published, 1, 10) END")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


@dataclass
class Page:
    """One page of rows and the size of the whole result."""

    items: list[Row]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit,
                "offset": self.offset}


@dataclass
class EventFilter:
    actor: str | None = None
    recipient: str | None = None
    pair: tuple[str, str] | None = None
    type: str | None = None
    status: str | None = None
    start: str | None = None
    end: str | None = None
    article_id: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions; actor codes match by prefix, so RUS finds RUSGOV."""
        parts: list[str] = []
        params: list[Any] = []
        if self.article_id is not None:
            parts.append("e.article_id = ?")
            params.append(self.article_id)
        for column, code in (("actors", self.actor), ("recipients", self.recipient)):
            if code:
                parts.append(f"EXISTS (SELECT 1 FROM json_each(e.{column}) j "
                             "WHERE j.value LIKE ? ESCAPE '\\')")
                params.append(_like_prefix(code))
        if self.pair:
            for code in self.pair:
                parts.append("EXISTS (SELECT 1 FROM json_each(e.parties) p WHERE p.value = ?)")
                params.append(code)
        for column, value in (("e.type", self.type), ("e.status", self.status)):
            if value:
                parts.append(f"{column} = ?")
                params.append(value)
        if self.start:
            parts.append(f"{EVENT_DAY} >= ?")
            params.append(self.start)
        if self.end:
            parts.append(f"{EVENT_DAY} <= ?")
            params.append(self.end)
        return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _like_prefix(code: str) -> str:
    return code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _count(store: Store, sql: str, params: list[Any] | tuple[Any, ...]) -> int:
    return int(store.conn.execute(f"SELECT COUNT(*) FROM ({sql})", tuple(params)).fetchone()[0])


def _page(store: Store, sql: str, params: list[Any], limit: int, offset: int) -> Page:
    items = store.query(sql + " LIMIT ? OFFSET ?", (*params, limit, offset))
    return Page(items, _count(store, sql, params), limit, offset)


ARTICLE_COLUMNS = ("a.id, a.doc_id, a.title, a.url, a.source, a.published, a.language, "
                   "a.ingested_at")


def articles(store: Store, q: str | None, limit: int, offset: int) -> Page:
    """Newest first; with ``q``, FTS5 matches best first with a marked snippet."""
    if not q:
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles a ORDER BY a.published DESC, a.id DESC"
        return _page(store, sql, [], limit, offset)
    sql = (f"SELECT {ARTICLE_COLUMNS}, snippet(articles_fts, 1, '\x02', '\x03', '…', 16) "
           "AS snippet FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
           "WHERE articles_fts MATCH ? ORDER BY rank")
    return _page(store, sql, [q], limit, offset)


def article(store: Store, article_id: int) -> Row | None:
    found = store.query(f"SELECT {ARTICLE_COLUMNS}, a.text FROM articles a WHERE a.id = ?",
                        (article_id,))
    if not found:
        return None
    row = found[0]
    row["document"] = store.document(article_id)
    row["duplicates"] = store.query(
        "SELECT duplicate_of AS article_id, similarity FROM near_duplicates WHERE article_id=? "
        "UNION SELECT article_id, similarity FROM near_duplicates WHERE duplicate_of=?",
        (article_id, article_id))
    return row


EVENT_SQL = (f"SELECT e.*, {EVENT_DAY} AS day, a.published, a.source, a.doc_id, a.title, "
             "c.start AS trigger_start, c.attribution FROM events e "
             "JOIN articles a ON a.id = e.article_id "
             "LEFT JOIN claims c ON c.article_id = e.article_id AND c.cid = e.claim")


def events(store: Store, where: EventFilter, limit: int, offset: int,
           newest_first: bool = True) -> Page:
    clause, params = where.where()
    order = "DESC" if newest_first else "ASC"
    sql = f"{EVENT_SQL}{clause} ORDER BY day {order}, e.id {order}"
    return _page(store, sql, params, limit, offset)


def sentence_at(text: str, offset: int | None) -> str | None:
    """The sentence around a character offset, for showing the words behind an
    event next to it; a display aid, so a simple boundary rule is enough."""
    if offset is None or not 0 <= offset < len(text):
        return None
    start = 0
    end = len(text)
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start()
            break
    return text[start:end].strip() or None


def with_sentences(store: Store, rows: list[Row]) -> list[Row]:
    texts: dict[int, str] = {}
    for row in rows:
        aid = int(row["article_id"])
        if aid not in texts:
            texts[aid] = store.text(aid)
        row["sentence"] = sentence_at(texts[aid], row.get("trigger_start"))
    return rows


STORY_COLUMNS = ("s.id, s.anchor, s.type, s.parties, s.status, s.first_seen, s.last_seen, "
                 "s.when_value, s.place, s.n_reports, s.n_sources")


@dataclass
class StoryFilter:
    status: str | None = None
    party: str | None = None
    type: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        if self.status:
            parts.append("s.status = ?")
            params.append(self.status)
        if self.type:
            parts.append("s.type = ?")
            params.append(self.type)
        if self.party:
            parts.append("EXISTS (SELECT 1 FROM json_each(s.parties) p WHERE p.value = ?)")
            params.append(self.party)
        return (" WHERE " + " AND ".join(parts)) if parts else "", params


def stories(store: Store, where: StoryFilter, limit: int, offset: int) -> Page:
    clause, params = where.where()
    sql = f"SELECT {STORY_COLUMNS} FROM stories s{clause} ORDER BY s.last_seen DESC, s.id"
    return _page(store, sql, params, limit, offset)


def story(store: Store, story_id: int) -> Row | None:
    """One story with every report (and its sentence), its sources, the values
    reports disagree on, and its status history."""
    found = store.query(f"SELECT {STORY_COLUMNS}, s.fields FROM stories s WHERE s.id = ?",
                        (story_id,))
    if not found:
        return None
    row = found[0]
    reports = store.query(
        "SELECT r.article_id, r.event_id, r.claim, r.evidence, r.published, a.source, "
        "a.doc_id, a.title, c.start AS trigger_start, c.trigger, c.status AS factuality "
        "FROM story_reports r JOIN articles a ON a.id = r.article_id "
        "LEFT JOIN claims c ON c.article_id = r.article_id AND c.cid = r.claim "
        "WHERE r.story_id = ? ORDER BY r.published, r.article_id", (story_id,))
    row["reports"] = with_sentences(store, reports)
    row["sources"] = sorted({r["source"] or r["doc_id"] or f"article {r['article_id']}"
                             for r in reports})
    row["history"] = store.query(
        "SELECT status, published, article_id FROM story_status WHERE story_id = ? "
        "ORDER BY seq", (story_id,))
    row["disagreements"] = disagreements(row["fields"] or {})
    return row


def disagreements(fields: dict[str, Any]) -> list[Row]:
    """Fields for which reports gave more than one value."""
    found: list[Row] = []
    for name in ("when", "place"):
        values = fields.get(name) or []
        if len(values) > 1:
            found.append({"field": name, "values": [v["value"] for v in values]})
    for measure, figure in (fields.get("figures") or {}).items():
        if len(figure.get("values", [])) > 1:
            found.append({"field": f"figure:{measure}", "values": figure["values"]})
    return found


def entities(store: Store, q: str | None, code: str | None, limit: int, offset: int) -> Page:
    """Entities across articles, grouped by name and actor code, most mentioned first."""
    parts: list[str] = []
    params: list[Any] = []
    if q:
        parts.append("en.name LIKE ? ESCAPE '\\'")
        params.append("%" + _like_prefix(q)[:-1] + "%")
    if code:
        parts.append("en.code LIKE ? ESCAPE '\\'")
        params.append(_like_prefix(code))
    clause = (" WHERE " + " AND ".join(parts)) if parts else ""
    sql = ("SELECT en.name, en.kind, en.code, en.country, en.sector, "
           "COUNT(DISTINCT en.article_id) AS articles, MIN(en.article_id) AS first_article "
           f"FROM entities en{clause} GROUP BY en.name, en.kind, en.code, en.country, en.sector "
           "ORDER BY articles DESC, en.name")
    return _page(store, sql, params, limit, offset)


def top_pairs(store: Store, limit: int = 12) -> list[Row]:
    """Country pairs with the most events, for the home page's way into the console."""
    return store.query(
        "SELECT p1.value AS a, p2.value AS b, COUNT(*) AS events FROM events e, "
        "json_each(e.parties) p1, json_each(e.parties) p2 WHERE p1.value < p2.value "
        "GROUP BY p1.value, p2.value ORDER BY events DESC, a, b LIMIT ?", (limit,))
