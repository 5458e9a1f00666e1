"""Stage: events (placeholder until its first implementation lands)."""

from __future__ import annotations

from .base import Analysis, Stage


def run(analysis: Analysis) -> None:
    return None


STAGE = Stage(name="events", reads=('doc', 'entities', 'timexes', 'places', 'claims'), writes=('events',), run=run)
