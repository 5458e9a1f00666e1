"""``python -m tidings.batch INPUT... OUTPUT``, as ``tidings batch``."""

from __future__ import annotations

from .commands import main

raise SystemExit(main())
