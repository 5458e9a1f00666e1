"""Stage: timex (placeholder until its first implementation lands)."""

from __future__ import annotations

from .base import Analysis, Stage


def run(analysis: Analysis) -> None:
    return None


STAGE = Stage(name="timex", reads=('doc',), writes=('timexes',), run=run)
