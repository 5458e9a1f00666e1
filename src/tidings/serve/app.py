"""The ASGI application: API, pages and static files from one store.

Read-only unless a token is given: without one, no write route exists at
all.  Cross-origin access is off unless origins are named.  Every response
carries a Content-Security-Policy that allows no inline script, a second
line of defence behind the templates' escaping of article text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..store.db import Store
from . import api, pages
from .params import ApiError

log = logging.getLogger("tidings.serve")
STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, code: str, message: str,
                   headers: Mapping[str, str] | None = None) -> Response:
    """One JSON error shape for the API; an HTML page for people."""
    if _is_api(request):
        return api.Json({"error": {"code": code, "message": message}}, status_code=status,
                        headers=headers)
    response = pages.error_page(request, status, message)
    response.headers.update(headers or {})
    return response


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed"}


async def on_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request, exc.status, exc.code, exc.message)


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    return error_response(request, exc.status_code, code, str(exc.detail), exc.headers)


async def on_server_error(request: Request, exc: Exception) -> Response:
    log.exception("request failed: %s", request.url.path, exc_info=exc)
    return error_response(request, 500, "internal_error", "the server failed to answer")


def create_app(db_path: str | Path, token: str | None = None,
               cors_origins: Sequence[str] = (),
               pipeline: Callable[[], Any] | None = None) -> Starlette:
    """The app for one store.  ``token`` enables ``POST /api/articles`` for
    requests bearing it; ``pipeline`` (a callable returning an extractor)
    replaces the default lazily loaded one, e.g. to share a loaded model."""
    path = Path(db_path)
    if not path.exists():
        Store(path).close()  # an empty store, so the pages work from the start
    routes: list[Any] = [*api.ROUTES]
    if token:
        routes.append(api.WRITE_ROUTE)
    routes += [*pages.ROUTES, Mount("/static", StaticFiles(directory=STATIC), name="static")]
    middleware = [Middleware(SecurityHeaders)]
    if cors_origins:
        methods = ["GET", "HEAD"] + (["POST"] if token else [])
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(cors_origins),
                                     allow_methods=methods,
                                     allow_headers=["Authorization", "Content-Type"]))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={
        ApiError: on_api_error, HTTPException: on_http_error, Exception: on_server_error})
    app.state.db_path = path
    app.state.token = token or None
    app.state.pipeline = pipeline or _default_pipeline
    return app


def _default_pipeline() -> Any:
    from ..pipeline import get_pipeline

    return get_pipeline()
