"""Filling a store: read sources, extract, store each article as it comes.

Each article is committed in its own transaction the moment its extraction
is done, and articles whose text is already stored are skipped before any
NLP runs, so a crashed or interrupted ingest is resumed by running the same
command again.  A document that cannot be read or extracted is written to
the ``errors`` table and the ingest goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..document import Document, ErrorRecord
from ..reader import InputItem
from .db import Store, text_hash
from .sources import iter_sources

log = logging.getLogger("tidings.store")


class Extractor(Protocol):
    """What ingest needs from a pipeline (a :class:`tidings.Pipeline` fits)."""

    def extract_items(self, items: Iterable[InputItem]) -> Iterator[Document | ErrorRecord]: ...


@dataclass
class IngestReport:
    added: int = 0
    skipped: int = 0  # already in the store, or repeated within the input
    failed: int = 0
    near_duplicates: int = 0
    seconds: float = 0.0
    stories: int | None = None
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        rate = self.added / self.seconds if self.seconds else 0.0
        text = (f"{self.added} added, {self.skipped} already stored, {self.failed} failed, "
                f"{self.near_duplicates} near-duplicates ({rate:.1f} articles/s)")
        return text + (f"; {self.stories} stories" if self.stories is not None else "")


def _pending(store: Store, items: Iterable[InputItem], report: IngestReport,
             origin: dict[int, str]) -> Iterator[InputItem]:
    """Items still to extract: read errors are recorded, stored texts skipped."""
    seen: set[str] = set()
    for item in items:
        if item.error is not None:
            _fail(store, report, item.source or "input", item.id, item.error.code,
                  item.error.text)
            continue
        sha = text_hash(item.text)
        if sha in seen or store.has_hash(sha):
            report.skipped += 1
            continue
        seen.add(sha)
        origin[id(item)] = item.source or "input"
        yield item


def _fail(store: Store, report: IngestReport, origin: str, item_id: str | None, code: str,
          message: str) -> None:
    report.failed += 1
    report.errors.append(f"{item_id}: {code} {message}")
    store.record_error(origin, item_id, code, message)


class _Tracking:
    """Remembers which item each result belongs to (results come back in order)."""

    def __init__(self, items: Iterator[InputItem]) -> None:
        self.items = items
        self.order: list[InputItem] = []

    def __iter__(self) -> Iterator[InputItem]:
        for item in self.items:
            self.order.append(item)
            yield item


def ingest(
    sources: Iterable[str | Path],
    db_path: str | Path,
    pipeline_options: object | None = None,
    *,
    pipeline: Extractor | None = None,
    build_stories: bool = True,
) -> IngestReport:
    """Extract and store every article in ``sources``; safe to re-run.

    ``pipeline_options`` is a :class:`tidings.Options`; ``pipeline`` an
    already-loaded pipeline (or anything with ``extract_items``) to reuse.
    """
    report = IngestReport()
    started = time.monotonic()
    with Store(db_path) as store:
        extractor = pipeline or _load_pipeline(pipeline_options)
        origin: dict[int, str] = {}
        tracked = _Tracking(_pending(store, iter_sources(sources), report, origin))
        for n, result in enumerate(extractor.extract_items(tracked)):
            item = tracked.order[n]
            tracked.order[n] = _DONE  # release the text as we go
            _store_result(store, report, item, result, origin.pop(id(item), "input"))
        if build_stories:
            from .stories import rebuild

            report.stories = rebuild(store)
    report.seconds = time.monotonic() - started
    return report


_DONE = InputItem(id=None)


def _store_result(store: Store, report: IngestReport, item: InputItem,
                  result: Document | ErrorRecord, origin: str) -> None:
    if isinstance(result, ErrorRecord):
        _fail(store, report, origin, result.id, result.code, result.message)
        return
    if result.article.source is None:
        result.article.source = item.source
    try:
        added = store.add_document(result, item.text)
    except Exception as exc:  # one bad document never stops the ingest
        log.exception("could not store %s", item.id)
        _fail(store, report, origin, item.id, "E199", f"could not store: {exc!r}")
        return
    report.added += added.created
    report.near_duplicates += added.duplicate_of is not None


def _load_pipeline(options: object | None) -> Extractor:
    from ..pipeline import Options, Pipeline

    if options is not None and not isinstance(options, Options):
        raise TypeError("pipeline_options must be a tidings.Options")
    return Pipeline(options)
