"""The JSON API: thin handlers over :mod:`.queries` and the store's views.

Every handler is synchronous (SQLite is), so Starlette runs it in its thread
pool; each request opens its own read-only store, which is cheap and keeps
connections out of threads they were not made in.
"""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..document import Document
from ..store.db import Store
from ..store.schema import StoreError
from ..store.views import calendar, dyad
from . import params as p
from . import queries
from .openapi import document as openapi_document


class Json(JSONResponse):
    """Compact UTF-8 JSON that tolerates dates and other plain values."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=str,
                          separators=(",", ":")).encode("utf-8")


@contextmanager
def reading(request: Request) -> Iterator[Store]:
    store = Store(request.app.state.db_path, readonly=True)
    try:
        yield store
    finally:
        store.close()


def fts_query(text: str) -> str:
    """Words the user typed, each as a quoted FTS5 string: all must match, and
    no character can make the query a syntax error."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def list_articles(request: Request) -> Response:
    q = p.search_text(request.query_params)
    limit, offset = p.paging(request.query_params)
    with reading(request) as store:
        page = queries.articles(store, fts_query(q) if q else None, limit, offset)
    for item in page.items:
        if "snippet" in item:
            item["snippet"] = item["snippet"].replace("\x02", "[").replace("\x03", "]")
    return Json(page.to_dict())


def path_int(request: Request, name: str) -> int:
    raw = request.path_params[name]
    try:
        return int(raw)
    except ValueError:
        raise p.ApiError(404, "not_found", f"no {name.removesuffix('_id')} {raw!r}") from None


def get_article(request: Request) -> Response:
    article_id = path_int(request, "article_id")
    with reading(request) as store:
        row = queries.article(store, article_id)
        if row is None:
            raise p.ApiError(404, "not_found", f"no article {article_id}")
        page = queries.events(store, queries.EventFilter(article_id=article_id), 10**6, 0,
                              newest_first=False)
    doc = row.pop("document")
    return Json({"article": row, "document": doc, "events": page.items})


def list_events(request: Request) -> Response:
    where = p.event_filter(request.query_params)
    limit, offset = p.paging(request.query_params)
    with reading(request) as store:
        page = queries.events(store, where, limit, offset)
    return Json(page.to_dict())


def list_stories(request: Request) -> Response:
    where = p.story_filter(request.query_params)
    limit, offset = p.paging(request.query_params)
    with reading(request) as store:
        page = queries.stories(store, where, limit, offset)
    return Json(page.to_dict())


def get_story(request: Request) -> Response:
    story_id = path_int(request, "story_id")
    with reading(request) as store:
        row = queries.story(store, story_id)
    if row is None:
        raise p.ApiError(404, "not_found", f"no story {story_id}")
    return Json({"story": row})


def get_calendar(request: Request) -> Response:
    qp = request.query_params
    start, end = p.day(qp, "from"), p.day(qp, "to")
    every = qp.get("all") in ("1", "true", "yes")
    with reading(request) as store:
        first = date.fromisoformat(start) if start else None
        if first is None and not every:
            from ..store.views import store_today

            first = store_today(store)
        rows = calendar(store, first, date.fromisoformat(end) if end else None)
    return Json({"items": rows, "from": first.isoformat() if first else None, "to": end})


def get_dyad(request: Request) -> Response:
    a = p.country(request.path_params["a"], "A")
    b = p.country(request.path_params["b"], "B")
    if a == b:
        raise p.bad("B", "must differ from A")
    with reading(request) as store:
        data = dyad(store, a, b)
    return Json(data)


def list_entities(request: Request) -> Response:
    qp = request.query_params
    limit, offset = p.paging(qp)
    with reading(request) as store:
        page = queries.entities(store, p.search_text(qp), p.code(qp.get("code"), "code"),
                                limit, offset)
    return Json(page.to_dict())


def get_openapi(request: Request) -> Response:
    return Json(openapi_document(writable=request.app.state.token is not None))


_INGEST_LOCK = threading.Lock()


def bearer_ok(request: Request) -> None:
    """Writes need the server's token; without one configured there is no
    write route at all (405), so this only runs when a token exists."""
    token: str = request.app.state.token
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise p.ApiError(401, "unauthorized", "this write needs 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise p.ApiError(403, "forbidden", "wrong token")


async def post_article(request: Request) -> Response:
    """Extract and store one article posted as a JSON object (the batch input
    record: text, and optionally id, title, url, source, published)."""
    bearer_ok(request)
    try:
        record = await request.json()
    except ValueError:
        raise p.ApiError(400, "bad_body", "the body is not JSON") from None
    status, body = await run_in_threadpool(_ingest, request.app.state, record)
    return Json(body, status_code=status)


def _ingest(state: Any, record: Any) -> tuple[int, dict[str, Any]]:
    from ..reader import item_from_record
    from ..store.stories import rebuild

    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise p.ApiError(400, "bad_body", "expected a JSON object with a 'text' string")
    item = item_from_record(record, "api")
    if item.error is not None:
        raise p.ApiError(400, "bad_article", f"{item.error.code}: {item.error.text}")
    with _INGEST_LOCK:  # one extraction at a time: the model is shared
        (result,) = list(state.pipeline().extract_items([item]))
        if not isinstance(result, Document):
            raise p.ApiError(422, "extraction_failed", f"{result.code}: {result.message}")
        if result.article.source is None:
            result.article.source = item.source
        try:
            with Store(state.db_path) as store:
                added = store.add_document(result, item.text)
                if added.created:
                    rebuild(store)
        except StoreError as exc:
            raise p.ApiError(409, "store_busy", str(exc)) from None
    body = {"article": {"id": added.article_id, "created": added.created,
                        "duplicate_of": added.duplicate_of}}
    return (201 if added.created else 200), body


ROUTES = [
    Route("/api/openapi.json", get_openapi, methods=["GET"]),
    Route("/api/articles", list_articles, methods=["GET"]),
    Route("/api/articles/{article_id}", get_article, methods=["GET"]),
    Route("/api/events", list_events, methods=["GET"]),
    Route("/api/stories", list_stories, methods=["GET"]),
    Route("/api/stories/{story_id}", get_story, methods=["GET"]),
    Route("/api/calendar", get_calendar, methods=["GET"]),
    Route("/api/dyad/{a}/{b}", get_dyad, methods=["GET"]),
    Route("/api/entities", list_entities, methods=["GET"]),
]
WRITE_ROUTE = Route("/api/articles", post_article, methods=["POST"])
