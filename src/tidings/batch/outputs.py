"""Finishing a batch output: counts, the manifest, and the atomic swap.

An engine writes everything into a sibling temporary folder; only when the
manifest and ``_SUCCESS`` are in it does the folder replace OUTPUT, by two
renames.  A reader therefore sees the old complete output or the new
complete one, never a half-written partition, and re-running a batch never
adds duplicates.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from .layout import MANIFEST, SUCCESS


@dataclass
class BatchReport:
    """What a batch run did; the manifest records the same numbers."""

    engine: str
    output: str
    inputs: list[str]
    documents: int = 0
    events: int = 0
    errors: int = 0
    startup_seconds: float = 0.0  # engine start and model load, not per-document work
    seconds: float = 0.0  # the whole run, start-up included
    started: str = ""
    finished: str = ""
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def docs_per_second(self) -> float:
        """Throughput with start-up excluded: what scales with more documents."""
        work = self.seconds - self.startup_seconds
        return (self.documents + self.errors) / work if work > 0 else 0.0

    def summary(self) -> str:
        return (f"{self.documents} documents, {self.events} events, {self.errors} failed "
                f"({self.docs_per_second:.1f} docs/s after {self.startup_seconds:.1f} s "
                f"start-up) -> {self.output}")

    def manifest(self) -> dict[str, Any]:
        data = asdict(self)
        data["tidings_version"] = __version__
        data["counts"] = {k: data.pop(k) for k in ("documents", "events", "errors")}
        return data


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Clock:
    """Wall time since start, read when a report is finished."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start


def sibling(output: str, tag: str) -> str:
    """A unique name beside OUTPUT (same folder, so a rename stays on one filesystem)."""
    return f"{output.rstrip('/')}.{tag}-{uuid.uuid4().hex[:12]}"


def manifest_text(report: BatchReport) -> str:
    return json.dumps(report.manifest(), ensure_ascii=False, indent=2) + "\n"


def finish_local(tmp: Path, output: Path, report: BatchReport) -> None:
    """Write the manifest and ``_SUCCESS`` into ``tmp``, then swap it into OUTPUT."""
    (tmp / MANIFEST).write_text(manifest_text(report), encoding="utf-8")
    (tmp / SUCCESS).write_text("", encoding="utf-8")
    old: Path | None = None
    if output.exists() or output.is_symlink():
        old = Path(sibling(str(output), "old"))
        output.rename(old)
    tmp.rename(output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
