"""The API's OpenAPI 3.1 document, written by hand next to the handlers.

Kept as data built in code rather than generated from type hints, so it says
exactly what the handlers promise; the tests check every documented path
against the running app.  Each parameter carries an ``example`` that the
self-check uses to call it.
"""

from __future__ import annotations

from typing import Any

from .. import __version__ as VERSION

Schema = dict[str, Any]

_NULLABLE_STR: Schema = {"type": ["string", "null"]}
_CODES: Schema = {"type": "array", "items": {"type": "string"}}

SCHEMAS: dict[str, Schema] = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {
            "type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}},
    },
    "ArticleSummary": {
        "type": "object", "required": ["id", "title", "published", "source"],
        "properties": {
            "id": {"type": "integer"}, "doc_id": _NULLABLE_STR, "title": _NULLABLE_STR,
            "url": _NULLABLE_STR, "source": _NULLABLE_STR, "published": _NULLABLE_STR,
            "language": _NULLABLE_STR, "ingested_at": {"type": "string"},
            "snippet": {"type": "string",
                        "description": "search only: matched words in [brackets]"}},
    },
    "Event": {
        "type": "object",
        "required": ["id", "article_id", "type", "actors", "recipients", "parties", "status"],
        "properties": {
            "id": {"type": "integer"}, "article_id": {"type": "integer"},
            "eid": {"type": "string"}, "claim": _NULLABLE_STR, "type": {"type": "string"},
            "mode": _NULLABLE_STR, "cameo": _NULLABLE_STR,
            "quad_class": {"type": ["integer", "null"],
                           "description": "CAMEO quad class: 1 verbal cooperation, 2 material "
                                          "cooperation, 3 verbal conflict, 4 material conflict"},
            "goldstein": {"type": ["number", "null"]},
            "actors": _CODES, "recipients": _CODES,
            "parties": {**_CODES, "description": "country codes of actors and recipients"},
            "time_value": _NULLABLE_STR, "day": _NULLABLE_STR, "place": _NULLABLE_STR,
            "status": {**_NULLABLE_STR, "description": "the claim's factuality"},
            "trigger": _NULLABLE_STR, "anchor": _NULLABLE_STR,
            "published": _NULLABLE_STR, "source": _NULLABLE_STR, "doc_id": _NULLABLE_STR,
            "title": _NULLABLE_STR, "confidence": {"type": ["number", "null"]}},
    },
    "StorySummary": {
        "type": "object", "required": ["id", "type", "parties", "status", "n_reports"],
        "properties": {
            "id": {"type": "integer"}, "anchor": _NULLABLE_STR, "type": {"type": "string"},
            "parties": _CODES, "status": {"type": "string"},
            "first_seen": _NULLABLE_STR, "last_seen": _NULLABLE_STR,
            "when_value": _NULLABLE_STR, "place": _NULLABLE_STR,
            "n_reports": {"type": "integer"}, "n_sources": {"type": "integer"}},
    },
    "Story": {
        "allOf": [{"$ref": "#/components/schemas/StorySummary"}, {
            "type": "object",
            "required": ["fields", "reports", "sources", "history", "disagreements"],
            "properties": {
                "fields": {"type": "object"},
                "reports": {"type": "array", "items": {"type": "object"}},
                "sources": _CODES,
                "history": {"type": "array", "items": {"type": "object"}},
                "disagreements": {"type": "array", "items": {"type": "object"}}}}],
    },
    "CalendarEntry": {
        "type": "object", "required": ["story", "type", "parties", "status", "date"],
        "properties": {
            "story": {"type": "integer"}, "type": {"type": "string"}, "anchor": _NULLABLE_STR,
            "parties": _CODES, "status": {"type": "string"}, "date": _NULLABLE_STR,
            "precision": {"type": "string"}, "place": _NULLABLE_STR,
            "n_reports": {"type": "integer"}, "sources": _CODES},
    },
    "Entity": {
        "type": "object", "required": ["name", "kind", "articles"],
        "properties": {
            "name": {"type": "string"}, "kind": _NULLABLE_STR, "code": _NULLABLE_STR,
            "country": _NULLABLE_STR, "sector": _NULLABLE_STR,
            "articles": {"type": "integer"}, "first_article": {"type": "integer"}},
    },
}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(item: str) -> Schema:
    return {"type": "object", "required": ["items", "total", "limit", "offset"],
            "properties": {"items": {"type": "array", "items": _ref(item)},
                           "total": {"type": "integer"}, "limit": {"type": "integer"},
                           "offset": {"type": "integer"}}}


def _query(name: str, description: str, example: Any = None, kind: str = "string",
           **extra: Any) -> Schema:
    param: Schema = {"name": name, "in": "query", "required": False,
                     "description": description, "schema": {"type": kind, **extra}}
    if example is not None:
        param["example"] = example
    return param


def _path(name: str, description: str, example: Any, kind: str = "string") -> Schema:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": kind}, "example": example}


PAGING = [
    _query("limit", "page size", 10, "integer", minimum=1, maximum=500, default=50),
    _query("offset", "rows to skip", 0, "integer", minimum=0, default=0),
]
EVENT_FILTERS = [
    _query("actor", "actor code or its prefix (RUS matches RUSGOV)", "KEN"),
    _query("recipient", "recipient code or its prefix", None),
    _query("pair", "two country codes, both among the event's parties", "ETH,KEN"),
    _query("type", "PLOVER event type", None),
    _query("status", "factuality of the event's claim", "occurred"),
    _query("from", "first day (the event's own day, else its publication day)", "2000-01-01",
           format="date"),
    _query("to", "last day", "2100-12-31", format="date"),
]


def _ok(schema: Schema, description: str = "OK") -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {code: _ok(_ref("Error"), text) for code, text in (
    ("400", "a parameter is invalid"), ("404", "not found"), ("500", "server error"))}


def _get(summary: str, params: list[Schema], schema: Schema) -> Schema:
    return {"get": {"summary": summary, "parameters": params,
                    "responses": {"200": _ok(schema), **_ERRORS}}}


def paths(writable: bool) -> dict[str, Schema]:
    found: dict[str, Schema] = {
        "/api/articles": _get(
            "articles, newest first; with q, a full-text search (all words must match)",
            [_query("q", "words to search for", "talks"), *PAGING], _page("ArticleSummary")),
        "/api/articles/{article_id}": _get(
            "one article, its text, its extraction (the document contract) and its events",
            [_path("article_id", "store id of the article", 1, "integer")],
            {"type": "object", "required": ["article", "document", "events"],
             "properties": {"article": {"type": "object"}, "document": {"type": "object"},
                            "events": {"type": "array", "items": _ref("Event")}}}),
        "/api/events": _get("coded events, newest first", [*EVENT_FILTERS, *PAGING],
                            _page("Event")),
        "/api/stories": _get(
            "stories (reports merged), most recently reported first",
            [_query("status", "story status", None), _query("party", "country code", None),
             _query("type", "PLOVER type", None), *PAGING], _page("StorySummary")),
        "/api/stories/{story_id}": _get(
            "one story: reports with their sentences, sources, disagreements, history",
            [_path("story_id", "story id", 1, "integer")],
            {"type": "object", "required": ["story"], "properties": {"story": _ref("Story")}}),
        "/api/calendar": _get(
            "planned events (stories expected or postponed)",
            [_query("from", "first day; default the newest article's day", None,
                    format="date"),
             _query("to", "last day", None, format="date"),
             _query("all", "1 to include past dates", "1")],
            {"type": "object", "required": ["items", "from", "to"],
             "properties": {"items": {"type": "array", "items": _ref("CalendarEntry")},
                            "from": _NULLABLE_STR, "to": _NULLABLE_STR}}),
        "/api/dyad/{a}/{b}": _get(
            "relations of two countries: monthly counts and scores, figures, upcoming plans",
            [_path("a", "country code", "ETH"), _path("b", "country code", "KEN")],
            {"type": "object", "required": ["pair", "months", "figures", "upcoming"],
             "properties": {"pair": _CODES,
                            "months": {"type": "array", "items": {"type": "object"}},
                            "figures": {"type": "array", "items": {"type": "object"}},
                            "upcoming": {"type": "array", "items": _ref("CalendarEntry")}}}),
        "/api/entities": _get(
            "entities across articles, most reported first",
            [_query("q", "part of the name", None), _query("code", "actor code prefix", None),
             *PAGING], _page("Entity")),
        "/api/openapi.json": _get("this document", [], {"type": "object",
                                                         "required": ["openapi", "paths"]}),
    }
    if writable:
        found["/api/articles"]["post"] = {
            "summary": "extract and store one article (needs the server's token)",
            "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["text"],
                "properties": {k: {"type": "string"} for k in
                               ("text", "id", "title", "url", "source", "published")}}}}},
            "responses": {
                "201": _ok({"type": "object", "required": ["article"]}, "stored"),
                "200": _ok({"type": "object", "required": ["article"]}, "already stored"),
                **{c: _ok(_ref("Error"), t) for c, t in (
                    ("400", "bad body"), ("401", "no token"), ("403", "wrong token"),
                    ("409", "another process is writing the store"))}},
        }
    return found


def document(writable: bool = False) -> dict[str, Any]:
    components: dict[str, Any] = {"schemas": SCHEMAS}
    if writable:
        components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "tidings", "version": VERSION,
                 "description": "Articles, coded events, stories, calendar and country-pair "
                                "series from a tidings store. Read-only unless the server "
                                "was started with a token."},
        "paths": paths(writable),
        "components": components,
    }
