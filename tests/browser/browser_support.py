"""Helpers for the browser tests that are not fixtures."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def save_shot(tab: Any, folder: Path, name: str) -> Path:
    """A full-page screenshot; with TIDINGS_SCREENSHOTS=1 chosen pages are also
    written to docs/screenshots for the README."""
    path = folder / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    if os.environ.get("TIDINGS_SCREENSHOTS") == "1" and name in ("console", "article"):
        target = REPO / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(target / f"{name}.png"), full_page=False)
    return path
