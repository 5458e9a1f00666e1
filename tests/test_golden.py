"""The golden corpus: what must and must not be found in the bundled examples.

Expectations live in tests/golden/examples.yaml, written by an analyst's eye,
not copied from output.  Known misses are strict expected failures, so a fix
that makes one pass fails the run until the item is promoted to "must".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tidings.document import Document
from tidings.pipeline import Pipeline
from tidings.reader import read_jsonl

ROOT = Path(__file__).resolve().parent.parent
GOLDEN: dict[str, dict[str, list[dict[str, Any]]]] = yaml.safe_load(
    (ROOT / "tests" / "golden" / "examples.yaml").read_text(encoding="utf-8"))
TEXTS = {json.loads(line)["id"]: json.loads(line)["text"]
         for line in (ROOT / "examples" / "articles.jsonl").read_text().splitlines()}


@pytest.fixture(scope="module")
def docs(pipeline: Pipeline) -> dict[str, Document]:
    results = pipeline.extract_items(read_jsonl(ROOT / "examples" / "articles.jsonl"))
    out = {}
    for result in results:
        assert isinstance(result, Document), result
        out[str(result.id)] = result
    return out


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _country_ok(codes: list[str], allowed: list[str] | None) -> bool:
    return allowed is None or any(code[:3] in allowed for code in codes)


def found(doc: Document, text: str, item: dict[str, Any]) -> bool:
    """Whether the document holds what the golden item describes."""
    if "entity" in item:
        return any(item["entity"] in m.text and e.actor is not None and e.actor.code in item["code"]
                   for e in doc.entities for m in e.mentions)
    if "timex" in item:
        spans = _spans(text, item["timex"])
        return any(_overlaps(t.start, t.end, spans) and t.value == str(item["value"])
                   for t in doc.timexes)
    if "quantity" in item:
        spans = _spans(text, str(item["quantity"]))
        return any(_overlaps(q.start, q.end, spans) and q.value is not None
                   and abs(q.value - item["value"]) <= 0.005 * item["value"]
                   and item.get("unit", q.unit) == q.unit for q in doc.quantities)
    if "claim" in item:
        span = _spans(text, item["claim"])[item.get("occurrence", 1) - 1]
        return any(_overlaps(c.trigger.start, c.trigger.end, [span])
                   and c.factuality.status in item["status"] for c in doc.claims)
    return _event_found(doc, item)


def _event_found(doc: Document, item: dict[str, Any]) -> bool:
    status = {c.id: c.factuality.status for c in doc.claims}
    for event in doc.events:
        if event.type != item["event"] or status.get(event.claim) not in item["status"]:
            continue
        if "time" in item and (event.time is None or event.time.value != str(item["time"])):
            continue
        if _country_ok([a.code for a in event.actors], item.get("actor")) and _country_ok(
                [r.code for r in event.recipients], item.get("recipient")):
            return True
    return False


def _cases(tier: str) -> Iterator[Any]:
    for article, tiers in GOLDEN.items():
        for n, item in enumerate(tiers.get(tier, [])):
            label = next(iter(item.values()))
            yield pytest.param(article, item, id=f"{article}-{n}-{label}")


@pytest.mark.parametrize(("article", "item"), list(_cases("must")))
def test_must_be_found(docs: dict[str, Document], article: str, item: dict[str, Any]) -> None:
    assert found(docs[article], TEXTS[article], item)


@pytest.mark.parametrize(("article", "item"), list(_cases("must_not")))
def test_must_not_be_found(docs: dict[str, Document], article: str, item: dict[str, Any]) -> None:
    assert not found(docs[article], TEXTS[article], item)


@pytest.mark.xfail(strict=True, reason="known gap: promote to 'must' when it passes")
@pytest.mark.parametrize(("article", "item"), list(_cases("gap")))
def test_known_gaps(docs: dict[str, Document], article: str, item: dict[str, Any]) -> None:
    assert found(docs[article], TEXTS[article], item)


def test_golden_items_name_real_text() -> None:
    for article, tiers in GOLDEN.items():
        for items in tiers.values():
            for item in items:
                surface = item.get("entity") or item.get("timex") or item.get("quantity") or \
                    item.get("claim")
                if surface is not None:
                    assert _spans(TEXTS[article], str(surface)), (article, surface)
