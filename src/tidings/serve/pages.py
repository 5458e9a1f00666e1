"""The web pages: home, relationship console, story, article, search.

Pages are rendered on the server from the same queries as the API, so they
work without JavaScript.  Templates autoescape everything; article text only
ever reaches them as plain strings (see :mod:`.marks`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from ..store.views import calendar, dyad, store_today
from . import marks, queries
from . import params as p
from .api import fts_query, path_int, reading

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tidings.serve", "templates"),
        autoescape=True,  # every page shows untrusted article text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["QUADS"] = QUADS
    return Jinja2Templates(env=env)


TEMPLATES = make_templates()


def render(request: Request, name: str, context: dict[str, Any],
           status_code: int = 200) -> Response:
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


def home(request: Request) -> Response:
    with reading(request) as store:
        latest = queries.stories(store, queries.StoryFilter(), 15, 0)
        today = store_today(store)
        upcoming = calendar(store, today)
        pairs = queries.top_pairs(store)
        counts = store.counts()
    return render(request, "home.html", {"stories": latest.items, "upcoming": upcoming,
                                         "today": today, "pairs": pairs, "counts": counts})


def dyad_form(request: Request) -> Response:
    """The home page's pair picker submits here; plain GET, no script needed."""
    a = p.country(request.query_params.get("a", ""), "a")
    b = p.country(request.query_params.get("b", ""), "b")
    return RedirectResponse(f"/dyad/{a}/{b}", status_code=303)


def console(request: Request) -> Response:
    a = p.country(request.path_params["a"], "A")
    b = p.country(request.path_params["b"], "B")
    if a == b:
        raise p.bad("B", "must differ from A")
    where = queries.EventFilter(pair=(a, b))
    with reading(request) as store:
        data = dyad(store, a, b)
        page = queries.events(store, where, p.MAX_LIMIT, 0)
        timeline = queries.with_sentences(store, page.items)
    by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in timeline:
        by_month[(event["day"] or "unknown")[:7]].append(event)
    return render(request, "dyad.html", {
        "a": a, "b": b, "data": data, "chart": marks.chart(data["months"]),
        "months": sorted(by_month.items(), reverse=True), "total": page.total,
        "shown": len(timeline)})


def story_page(request: Request) -> Response:
    story_id = path_int(request, "story_id")
    with reading(request) as store:
        story = queries.story(store, story_id)
    if story is None:
        raise p.ApiError(404, "not_found", f"no story {story_id}")
    return render(request, "story.html", {"story": story})


def article_page(request: Request) -> Response:
    article_id = path_int(request, "article_id")
    with reading(request) as store:
        row = queries.article(store, article_id)
        if row is None:
            raise p.ApiError(404, "not_found", f"no article {article_id}")
        events = queries.events(store, queries.EventFilter(article_id=article_id), 10**6, 0,
                                newest_first=False).items
    doc = row["document"]
    if not (row["url"] or "").lower().startswith(("http://", "https://")):
        row["url"] = None  # a javascript: or data: link must never become clickable
    return render(request, "article.html", {
        "article": row, "doc": doc, "events": events,
        "text_pieces": marks.pieces(row["text"], marks.marks(doc))})


def search_page(request: Request) -> Response:
    q = p.search_text(request.query_params)
    limit, offset = p.paging(request.query_params)
    with reading(request) as store:
        page = queries.articles(store, fts_query(q) if q else None, limit, offset)
    for item in page.items:
        item["pieces"] = marks.snippet_pieces(item.get("snippet") or "")
    return render(request, "search.html", {
        "q": q or "", "page": page,
        "next": offset + limit if offset + limit < page.total else None,
        "prev": max(offset - limit, 0) if offset else None})


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"status": status, "message": message},
                  status_code=status)


ROUTES = [
    Route("/", home, methods=["GET"]),
    Route("/dyad", dyad_form, methods=["GET"]),
    Route("/dyad/{a}/{b}", console, methods=["GET"]),
    Route("/stories/{story_id}", story_page, methods=["GET"]),
    Route("/articles/{article_id}", article_page, methods=["GET"]),
    Route("/search", search_page, methods=["GET"]),
]
