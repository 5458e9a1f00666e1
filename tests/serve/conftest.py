"""A small store built once for the serve tests, from articles written for them."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette asks for the httpx2 fork; plain httpx still works.
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

from serve_articles import ARTICLES, UNSAFE

from tidings.pipeline import Pipeline
from tidings.serve import create_app
from tidings.store.db import Store
from tidings.store.ingest import ingest


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def serve_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    folder = tmp_path_factory.mktemp("serve")
    source = write_jsonl(folder / "articles.jsonl", [*ARTICLES, UNSAFE])
    db = folder / "serve.db"
    report = ingest([source], db, pipeline=pipeline)
    assert report.added == len(ARTICLES) + 1 and report.failed == 0
    return db


@pytest.fixture(scope="session")
def ids(serve_db: Path) -> dict[str, int]:
    """Store ids by the articles' own ids."""
    with Store(serve_db, readonly=True) as store:
        return {r["doc_id"]: r["id"] for r in store.articles()}


@pytest.fixture(scope="session")
def client(serve_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(serve_db), raise_server_exceptions=False) as test_client:
        yield test_client
