"""Shared fixtures: the spaCy model loads once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tidings.pipeline import Pipeline, get_pipeline
from tidings.stages.nlp import load_model


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return get_pipeline()
