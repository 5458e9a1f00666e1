"""Shared fixtures: the spaCy model loads once per test session."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from tidings.pipeline import Pipeline, get_pipeline
from tidings.stages.nlp import load_model
from tidings.store.ingest import ingest


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return get_pipeline()


@pytest.fixture(scope="session")
def build_store(
    tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline
) -> Callable[[str, list[dict[str, str]]], Path]:
    """Builds a store in a fresh folder from the given articles (JSONL records),
    through the real ingest path, and checks every article went in."""

    def build(name: str, records: list[dict[str, str]]) -> Path:
        folder = tmp_path_factory.mktemp(name)
        source = folder / "articles.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        db = folder / f"{name}.db"
        report = ingest([source], db, pipeline=pipeline)
        assert report.added == len(records) and report.failed == 0
        return db

    return build
