"""A small store built once for the serve tests, from articles written for them."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette asks for the httpx2 fork; plain httpx still works.
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

from serve_articles import ARTICLES, UNSAFE

from tidings.serve import create_app
from tidings.store.db import Store


@pytest.fixture(scope="session")
def serve_db(build_store: Callable[[str, list[dict[str, str]]], Path]) -> Path:
    return build_store("serve", [*ARTICLES, UNSAFE])


@pytest.fixture(scope="session")
def ids(serve_db: Path) -> dict[str, int]:
    """Store ids by the articles' own ids."""
    with Store(serve_db, readonly=True) as store:
        return {r["doc_id"]: r["id"] for r in store.articles()}


@pytest.fixture(scope="session")
def client(serve_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(serve_db), raise_server_exceptions=False) as test_client:
        yield test_client
