"""The extraction pipeline: one options object in, one document out.

spaCy runs over a batch with ``nlp.pipe`` (its fast path); the tidings
stages then run per document, in the order below, each declaring what it
reads and writes.  A failure in one document becomes that document's error
record and the batch goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from .document import Document, ErrorRecord
from .errors import InputError, TidingsError, message
from .reader import DEFAULT_MAX_CHARS, InputItem, check_text, parse_date
from .stages import claims, entities, events, places, quantities, timex
from .stages.assemble import assemble
from .stages.base import Analysis, Stage
from .stages.nlp import load_model

log = logging.getLogger("tidings")

STAGES: tuple[Stage, ...] = (
    entities.STAGE,
    timex.STAGE,
    quantities.STAGE,
    places.STAGE,
    claims.STAGE,
    events.STAGE,
)


def check_order(stages: Iterable[Stage]) -> None:
    """Fail at import time if a stage reads what no earlier stage writes."""
    available = {"doc", "published", "title"}
    for stage in stages:
        missing = set(stage.reads) - available
        if missing:
            raise RuntimeError(f"stage {stage.name!r} reads {sorted(missing)} before they exist")
        available.update(stage.writes)


check_order(STAGES)


@dataclass(frozen=True)
class Options:
    """Everything a caller can set about extraction."""

    model: str | None = None  # spaCy package name or path; None = best installed
    max_chars: int = DEFAULT_MAX_CHARS
    batch_size: int = 64
    disabled: tuple[str, ...] = field(default=())  # stage names to skip


Result = Document | ErrorRecord


class Pipeline:
    """A loaded model plus the stages; build once, call many times."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.nlp: Language = load_model(self.options.model)
        self.nlp.max_length = max(self.nlp.max_length, self.options.max_chars + 1)
        self.stages = tuple(s for s in STAGES if s.name not in self.options.disabled)
        for stage in self.stages:
            if stage.warm is not None:
                stage.warm()

    def extract(
        self,
        text: str,
        published: str | date | None = None,
        title: str | None = None,
        doc_id: str | None = None,
    ) -> Document:
        """One article; raises :class:`InputError` if it cannot be processed."""
        item = InputItem(id=doc_id, text=text, published=parse_date(published), title=title)
        item.warnings.extend(check_text(text, self.options.max_chars))
        return self._analyse(item, self.nlp(text))

    def extract_items(self, items: Iterable[InputItem]) -> Iterator[Result]:
        """Results in input order, one per item, errors included."""
        iterator = iter(items)
        while chunk := list(islice(iterator, self.options.batch_size)):
            yield from self._extract_chunk(chunk)

    def _extract_chunk(self, chunk: list[InputItem]) -> Iterator[Result]:
        ready: list[InputItem] = []
        for item in chunk:
            if item.error is None:
                try:
                    item.warnings.extend(check_text(item.text, self.options.max_chars))
                    ready.append(item)
                except InputError as exc:
                    item.error = exc
        docs = iter(self.nlp.pipe(item.text for item in ready))
        for item in chunk:
            if item.error is not None:
                yield ErrorRecord(item.id, item.error.code, item.error.text)
                continue
            yield self._run_stages(item, next(docs))

    def _analyse(self, item: InputItem, doc: Doc) -> Document:
        analysis = Analysis(doc=doc, published=item.published, title=item.title)
        analysis.warnings.extend(item.warnings)
        if item.published is None:
            analysis.warn("W202", message("W202"))
        for stage in self.stages:
            stage.run(analysis)
        return assemble(analysis, item.id, url=item.url, source=item.source)

    def _run_stages(self, item: InputItem, doc: Doc) -> Result:
        try:
            return self._analyse(item, doc)
        except TidingsError as exc:
            return ErrorRecord(item.id, exc.code, exc.text)
        except Exception as exc:
            log.exception("extraction failed for %s", item.id)
            return ErrorRecord(item.id, "E199", f"Extraction failed unexpectedly: {exc!r}")


_WORKER: Pipeline | None = None


def _init_worker(options: Options) -> None:
    global _WORKER
    _WORKER = Pipeline(options)


def _work(chunk: list[InputItem]) -> list[Result]:
    assert _WORKER is not None, "worker used before its initializer ran"
    return list(_WORKER.extract_items(chunk))


# The numeric libraries' thread pools: one thread per worker process.  The
# workers already use every core, and two processes each running a pool of
# BLAS threads on two cores ran no faster than one process (measured with
# bench/bench.py); a user's own setting of these variables is kept.
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS")


@contextmanager
def single_threaded_children() -> Iterator[None]:
    """Processes started inside this block get one numeric-library thread each
    (the variables are read when numpy loads, so they must be in the child's
    environment from its start)."""
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def extract_parallel(
    items: Iterable[InputItem], options: Options | None = None, jobs: int = 2
) -> Iterator[Result]:
    """Like :meth:`Pipeline.extract_items` on ``jobs`` worker processes.

    Each worker loads the model and data once; chunks of ``batch_size``
    documents go out and come back in input order, so the output is the same
    as a single process's.
    """
    options = options or Options()
    if jobs <= 1:
        yield from get_pipeline(options).extract_items(items)
        return
    iterator = iter(items)
    chunks = iter(lambda: list(islice(iterator, options.batch_size)), [])
    with single_threaded_children():
        pool = multiprocessing.get_context("spawn").Pool(
            jobs, initializer=_init_worker, initargs=(options,))
    with pool:
        for results in pool.imap(_work, chunks):
            yield from results


_DEFAULT: dict[Options, Pipeline] = {}


def get_pipeline(options: Options | None = None) -> Pipeline:
    """A process-wide pipeline per options, so the model and data load once."""
    key = options or Options()
    if key not in _DEFAULT:
        _DEFAULT[key] = Pipeline(key)
    return _DEFAULT[key]


def extract(
    text: str,
    published: str | date | None = None,
    title: str | None = None,
    options: Options | None = None,
) -> Document:
    """Extract one article with the default pipeline (loaded on first use)."""
    return get_pipeline(options).extract(text, published=published, title=title)
