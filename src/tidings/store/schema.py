"""Opening a store: pragmas, numbered migrations and the single-writer lock.

The schema only ever moves forward through the numbered SQL files in
``migrations/``; each is applied once, inside one transaction, and recorded
in ``schema_migrations``, so a store written by any release can be opened by
a later one.  SQLite allows one writer at a time; a lock file held for the
life of a writing :class:`~tidings.store.db.Store` turns a second writer's
slow ``database is locked`` into an immediate, explained error, while WAL
lets any number of readers keep reading during an ingest.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import IO

_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
BUSY_TIMEOUT_MS = 10_000


class StoreError(RuntimeError):
    """The store cannot be opened or written as asked."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every packaged migration, in version order."""
    folder = resources.files("tidings.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a version number: {versions}")
    return found


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: Path | str, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are opened explicitly
    (``BEGIN IMMEDIATE`` for writes) so that none is left open by accident."""
    if readonly:
        if not Path(path).exists():
            raise StoreError(f"no store at {path}")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def current_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations the store has not seen; return their versions."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    have = current_version(conn)
    applied = []
    for migration in migrations():
        if migration.version <= have:
            continue
        record = (
            "INSERT INTO schema_migrations(version, name, applied_at) "
            f"VALUES ({migration.version}, '{migration.name}', '{now()}');"
        )
        # executescript commits first, so the BEGIN..COMMIT here makes one
        # migration and its record a single atomic step.
        conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\n{record}\nCOMMIT;")
        applied.append(migration.version)
    return applied


class WriterLock:
    """An exclusive advisory lock on ``<db>.lock`` (POSIX only; elsewhere
    SQLite's own locking with ``BEGIN IMMEDIATE`` is the only guard)."""

    def __init__(self, db_path: Path | str) -> None:
        self.path = Path(f"{db_path}.lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise StoreError(
                f"another process is writing to this store (lock {self.path} is held)"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the flock
            self._handle = None
