"""Shared pieces of the batch tests: the fixture corpus and a reference extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.document import Document, ErrorRecord
from tidings.pipeline import Pipeline
from tidings.reader import read_jsonl

DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "articles.jsonl"


@pytest.fixture(scope="session")
def reference(pipeline: Pipeline) -> dict[str, Document | ErrorRecord]:
    """What ``tidings extract --jsonl`` gives for the fixture corpus, by document id."""
    results = pipeline.extract_items(read_jsonl(ARTICLES))
    return {str(r.id): r for r in results}


@pytest.fixture(scope="session")
def articles() -> Path:
    """Original short articles, one broken line and one empty text among them."""
    return ARTICLES


@pytest.fixture(scope="session")
def jsonl_ids() -> list[str]:
    """Ids of the well-formed fixture lines (the broken one is read by the engines)."""
    ids = []
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        try:
            ids.append(str(json.loads(line)["id"]))
        except json.JSONDecodeError:
            continue
    return ids
