"""Serve: the store over HTTP, as a JSON API and a web console.

``create_app(db_path)`` builds the ASGI application; ``tidings serve`` runs
it with uvicorn.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
