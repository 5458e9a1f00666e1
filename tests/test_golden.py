"""The golden corpora: what must and must not be found in whole articles.

Expectations are written by an analyst's eye, not copied from output.  Three
corpora are checked: the bundled examples (the articles many rules were
developed on) and two held-out sets written afterwards, the second after the
pipeline had been improved on the first, which show whether those rules
generalise.  Known misses ("gap", and "gap_not" for red herrings still found)
are strict expected failures, so a fix that makes one pass fails the run until
the item is promoted to "must" or "must_not".  Each corpus is extracted once
per module run, so adding items costs nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tidings.document import Document
from tidings.pipeline import Pipeline
from tidings.reader import read_jsonl

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden"


@dataclass(frozen=True)
class Corpus:
    """One article file and the expectations written for it."""

    name: str
    articles: Path
    expectations: Path

    def golden(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        data: dict[str, dict[str, list[dict[str, Any]]]] = yaml.safe_load(
            self.expectations.read_text(encoding="utf-8"))
        return data

    def texts(self) -> dict[str, str]:
        lines = self.articles.read_text(encoding="utf-8").splitlines()
        return {json.loads(line)["id"]: json.loads(line)["text"] for line in lines if line}


CORPORA = {
    corpus.name: corpus for corpus in (
        Corpus("examples", ROOT / "examples" / "articles.jsonl", GOLDEN_DIR / "examples.yaml"),
        Corpus("fresh", GOLDEN_DIR / "fresh.jsonl", GOLDEN_DIR / "fresh.yaml"),
        Corpus("fresh2", GOLDEN_DIR / "fresh2.jsonl", GOLDEN_DIR / "fresh2.yaml"),
    )
}
GOLDEN = {name: corpus.golden() for name, corpus in CORPORA.items()}
TEXTS = {name: corpus.texts() for name, corpus in CORPORA.items()}


@pytest.fixture(scope="module")
def docs(pipeline: Pipeline) -> Callable[[str], dict[str, Document]]:
    """Extracts a corpus on first use only: every item of it reads the same documents."""
    cache: dict[str, dict[str, Document]] = {}

    def get(corpus: str) -> dict[str, Document]:
        if corpus not in cache:
            out: dict[str, Document] = {}
            for result in pipeline.extract_items(read_jsonl(CORPORA[corpus].articles)):
                assert isinstance(result, Document), result
                out[str(result.id)] = result
            cache[corpus] = out
        return cache[corpus]

    return get


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _country_ok(codes: list[str], allowed: list[str] | None) -> bool:
    return allowed is None or any(code[:3] in allowed for code in codes)


def _allowed(value: Any) -> list[str]:
    """Item fields may hold one value or a list of acceptable ones."""
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


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
        return _quantity_found(doc, text, item)
    if "claim" in item:
        return _claim_found(doc, text, item)
    if "place" in item:
        spans = _spans(text, item["place"])
        return any(_overlaps(p.start, p.end, spans) and p.country in item["country"]
                   for p in doc.places)
    return _event_found(doc, item)


def _quantity_found(doc: Document, text: str, item: dict[str, Any]) -> bool:
    spans = _spans(text, str(item["quantity"]))
    for q in doc.quantities:
        if not _overlaps(q.start, q.end, spans) or q.value is None:
            continue
        if abs(q.value - item["value"]) > 0.005 * item["value"]:
            continue
        if item.get("unit", q.unit) != q.unit or item.get("period", q.period) != q.period:
            continue
        if "between" in item and {c[:3] for c in q.between} != set(item["between"]):
            continue
        return True
    return False


def _claim_found(doc: Document, text: str, item: dict[str, Any]) -> bool:
    span = _spans(text, item["claim"])[item.get("occurrence", 1) - 1]
    kinds = item.get("attribution")
    return any(_overlaps(c.trigger.start, c.trigger.end, [span])
               and c.factuality.status in item["status"]
               and (kinds is None or (c.attribution is not None and c.attribution.kind in kinds))
               for c in doc.claims)


def _event_found(doc: Document, item: dict[str, Any]) -> bool:
    status = {c.id: c.factuality.status for c in doc.claims}
    types = _allowed(item["event"])
    for event in doc.events:
        if event.type not in types or status.get(event.claim) not in item["status"]:
            continue
        if "time" in item and (event.time is None or event.time.value != str(item["time"])):
            continue
        if _country_ok([a.code for a in event.actors], item.get("actor")) and _country_ok(
                [r.code for r in event.recipients], item.get("recipient")):
            return True
    return False


def _cases(tier: str) -> Iterator[Any]:
    for corpus, golden in GOLDEN.items():
        for article, tiers in golden.items():
            for n, item in enumerate(tiers.get(tier, [])):
                label = "|".join(_allowed(next(iter(item.values()))))
                yield pytest.param(corpus, article, item, id=f"{corpus}-{article}-{n}-{label}")


@pytest.mark.parametrize(("corpus", "article", "item"), list(_cases("must")))
def test_must_be_found(docs: Callable[[str], dict[str, Document]], corpus: str, article: str,
                       item: dict[str, Any]) -> None:
    assert found(docs(corpus)[article], TEXTS[corpus][article], item)


@pytest.mark.parametrize(("corpus", "article", "item"), list(_cases("must_not")))
def test_must_not_be_found(docs: Callable[[str], dict[str, Document]], corpus: str,
                           article: str, item: dict[str, Any]) -> None:
    assert not found(docs(corpus)[article], TEXTS[corpus][article], item)


@pytest.mark.xfail(strict=True, reason="known gap: promote to 'must' when it passes")
@pytest.mark.parametrize(("corpus", "article", "item"), list(_cases("gap")))
def test_known_gaps(docs: Callable[[str], dict[str, Document]], corpus: str, article: str,
                    item: dict[str, Any]) -> None:
    assert found(docs(corpus)[article], TEXTS[corpus][article], item)


@pytest.mark.xfail(strict=True, reason="known false find: move to 'must_not' when it passes")
@pytest.mark.parametrize(("corpus", "article", "item"), list(_cases("gap_not")))
def test_known_false_finds(docs: Callable[[str], dict[str, Document]], corpus: str,
                           article: str, item: dict[str, Any]) -> None:
    assert not found(docs(corpus)[article], TEXTS[corpus][article], item)


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_golden_items_name_real_text(corpus: str) -> None:
    texts = TEXTS[corpus]
    for article, tiers in GOLDEN[corpus].items():
        assert article in texts, article
        for items in tiers.values():
            for item in items:
                surface = next((item[key] for key in ("entity", "timex", "quantity", "claim",
                                                      "place") if key in item), None)
                if surface is not None:
                    found_at = _spans(texts[article], str(surface))
                    assert len(found_at) >= item.get("occurrence", 1), (article, surface)
