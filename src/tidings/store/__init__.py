"""Keep: a store of articles and events, reports merged into stories.

``Store`` holds the data; :func:`ingest` fills it; :mod:`.stories` merges
reports; :mod:`.views` answers questions (calendar, dyad, export).
"""

from __future__ import annotations

from .db import Added, Store
from .schema import StoreError

__all__ = ["Added", "Store", "StoreError"]
