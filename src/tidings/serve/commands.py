"""The ``serve`` command: the store's API and web console over HTTP."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2


def register(sub: Any) -> None:
    """Add ``serve`` to ``tidings``' subparsers."""
    srv = sub.add_parser(
        "serve", help="serve a store as a JSON API and a web console",
        description="Serve the store's API (/api/, OpenAPI document at /api/openapi.json) and "
        "web pages. Read-only unless --token is given; no cross-origin access unless "
        "--cors-origin is given.")
    srv.add_argument("--db", required=True, metavar="PATH", help="the store file")
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on")
    srv.add_argument("--port", type=int, default=8000, help="port to listen on")
    srv.add_argument("--token", metavar="TOKEN",
                     help="allow POST /api/articles for requests with 'Authorization: Bearer "
                     "TOKEN'")
    srv.add_argument("--cors-origin", dest="cors_origins", action="append", default=[],
                     metavar="ORIGIN", help="allow cross-origin reads from this origin "
                     "(repeatable)")
    srv.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    if not Path(args.db).exists() and not args.token:
        print(f"tidings serve: no store at {args.db} (create one with tidings ingest)",
              file=sys.stderr)
        return EXIT_USAGE
    import uvicorn

    from .app import create_app

    app = create_app(args.db, token=args.token, cors_origins=tuple(args.cors_origins))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return EXIT_OK
