"""Stories on the team's corpus: two stories followed over weeks, plus look-alikes."""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from tidings.pipeline import Pipeline
from tidings.store.cues import lifecycle
from tidings.store.db import Store
from tidings.store.ingest import ingest
from tidings.store.stories import stories

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "stories"
GOLD: dict[str, Any] = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    path = tmp_path_factory.mktemp("stories") / "news.db"
    report = ingest([FIXTURES / "articles.jsonl"], path, pipeline=pipeline)
    assert report.added == 14 and report.failed == 0
    return path


def _system_story(found: list[dict[str, Any]], doc_id: str, gold: dict[str, Any]) -> int | None:
    """The system story an article's report on a gold story went to."""
    anchor = lifecycle().anchor_named(gold["anchor"])
    assert anchor is not None
    best: tuple[int, int, int] | None = None
    for story in found:
        fits = story["anchor"] == gold["anchor"] or (
            story["anchor"] is None and story["type"] in anchor.types)
        shared = set(story["parties"]) & set(gold["parties"])
        if not fits or len(shared) < min(2, len(story["parties"])):
            continue
        mine = sum(1 for r in story["reports"] if r["doc_id"] == doc_id)
        if mine and (best is None or (mine, story["n_reports"]) > best[:2]):
            best = (mine, story["n_reports"], story["id"])
    return best[2] if best else None


def evaluate(path: Path) -> dict[str, Any]:
    """Pairwise merge precision/recall over (article, gold story) units."""
    with Store(path, readonly=True) as store:
        found = stories(store)
    units = []
    for name, gold in GOLD["stories"].items():
        for n, doc_id in enumerate(gold["articles"]):
            system = _system_story(found, doc_id, gold)
            units.append((name, system if system is not None else f"none:{name}:{n}"))
    same_gold = {(a, b) for a, b in combinations(range(len(units)), 2)
                 if units[a][0] == units[b][0]}
    same_system = {(a, b) for a, b in combinations(range(len(units)), 2)
                   if units[a][1] == units[b][1]}
    both = len(same_gold & same_system)
    status = {}
    by_id = {s["id"]: s for s in found}
    for name in GOLD["stories"]:
        chosen = Counter(s for g, s in units if g == name).most_common(1)[0][0]
        status[name] = by_id[chosen]["status"] if chosen in by_id else None
    return {"precision": both / len(same_system) if same_system else 1.0,
            "recall": both / len(same_gold) if same_gold else 1.0, "status": status}


def test_merge_precision_and_recall(store_path: Path) -> None:
    result = evaluate(store_path)
    assert result["precision"] >= 0.9, result
    assert result["recall"] >= 0.9, result


def test_final_status_of_every_story(store_path: Path) -> None:
    result = evaluate(store_path)
    for name, gold in GOLD["stories"].items():
        assert result["status"][name] == gold["final_status"], (name, result["status"])


def test_summit_history_keeps_the_postponement(store_path: Path) -> None:
    with Store(store_path, readonly=True) as store:
        found = stories(store)
    summit = max((s for s in found if s["anchor"] == "meeting"), key=lambda s: s["n_reports"])
    history = [h["status"] for h in summit["history"]]
    assert history.index("expected") < history.index("postponed") < history.index("occurred")
    assert summit["n_sources"] >= 3 and summit["first_seen"] < summit["last_seen"]


def test_disagreeing_figures_are_kept(store_path: Path) -> None:
    with Store(store_path, readonly=True) as store:
        found = stories(store)
    truce = max((s for s in found if s["anchor"] == "ceasefire"), key=lambda s: s["n_reports"])
    values = {v for fig in truce["fields"]["figures"].values() for v in fig["values"]}
    assert {4.0, 5.0} <= values


def test_wire_copy_is_linked(store_path: Path) -> None:
    with Store(store_path, readonly=True) as store:
        ids = {r["id"]: r["doc_id"] for r in store.articles()}
        links = {(ids[r["article_id"]], ids[r["duplicate_of"]]) for r in store.near_duplicates()}
    assert {tuple(pair) for pair in GOLD["near_duplicates"]} == links
