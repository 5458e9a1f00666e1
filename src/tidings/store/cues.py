"""What a report says about its story: the anchor noun and the lifecycle cue.

Read from ``tidings/data/stories/lifecycle.yaml`` once per process.  Both are
computed at ingest time from the article text around the claim trigger, so
story building later needs nothing but the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_WORD = re.compile(r"[\w'-]+")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"'])")


@dataclass(frozen=True)
class Anchor:
    name: str
    words: frozenset[str]
    types: frozenset[str]


@dataclass(frozen=True)
class Cue:
    status: str
    phrases: tuple[tuple[str, ...], ...]
    needs: frozenset[str]


@dataclass(frozen=True)
class Lifecycle:
    anchors: tuple[Anchor, ...]
    cues: tuple[Cue, ...]
    anchor_window: int
    window_days: int
    lookback_days: int
    expected_horizon_days: int
    type_weights: dict[str, float]
    occasions: dict[str, str]  # scheduled things that anchor no story, and their type

    def anchor_of_word(self, word: str) -> Anchor | None:
        for anchor in self.anchors:
            if word in anchor.words:
                return anchor
        return None

    def anchor_named(self, name: str | None) -> Anchor | None:
        return next((a for a in self.anchors if a.name == name), None)


@lru_cache(maxsize=1)
def lifecycle() -> Lifecycle:
    path = resources.files("tidings") / "data" / "stories" / "lifecycle.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    anchors = tuple(
        Anchor(name, frozenset(w.lower() for w in spec["words"]), frozenset(spec["types"]))
        for name, spec in data["anchors"].items()
    )
    cues = tuple(
        Cue(
            status,
            tuple(tuple(str(p).lower().split()) for p in spec["words"]),
            frozenset(spec.get("needs") or ()),
        )
        for status, spec in data["cues"].items()
    )
    return Lifecycle(
        anchors,
        cues,
        int(data.get("anchor_window", 4)),
        int(data.get("window_days", 45)),
        int(data.get("lookback_days", 7)),
        int(data.get("expected_horizon_days", 90)),
        {str(k): float(v) for k, v in (data.get("type_weights") or {}).items()},
        {str(w).lower(): str(kind) for kind, words in (data.get("occasions") or {}).items()
         for w in words},
    )


def sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """The sentence around ``offset``, by punctuation: the store has the text
    but not the parser's sentences, and cue words only need a rough clause."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, offset):
        start = match.end()
    end_match = _SENTENCE_END.search(text, offset)
    return start, end_match.start() + 1 if end_match else len(text)


def anchor_for(text: str, start: int, end: int) -> str | None:
    """The anchor the trigger names, or one just after it ("agreed to a truce")."""
    rules = lifecycle()
    trigger = [w.lower() for w in _WORD.findall(text[start:end])]
    for word in trigger:
        found = rules.anchor_of_word(word)
        if found:
            return found.name
    _, sent_end = sentence_bounds(text, start)
    following = [w.lower() for w in _WORD.findall(text[end:sent_end])][: rules.anchor_window]
    for word in following:
        found = rules.anchor_of_word(word)
        if found:
            return found.name
    return None


def cue_for(text: str, start: int, status: str | None) -> str | None:
    """The lifecycle status a cue word in the trigger's sentence asserts, if any."""
    sent_start, sent_end = sentence_bounds(text, start)
    padded = f" {' '.join(_WORD.findall(text[sent_start:sent_end].lower()))} "
    for cue in lifecycle().cues:
        if cue.needs and status not in cue.needs:
            continue
        if any(f" {' '.join(phrase)} " in padded for phrase in cue.phrases):
            return cue.status
    return None
