"""The store's commands: ``ingest``, ``calendar``, ``dyad`` and ``export``.

Each is a thin wrapper over a library function; ``register`` adds them to
the ``tidings`` parser.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from types import SimpleNamespace
from typing import Any

from ..reader import parse_date
from .db import Store
from .parquet import is_dataset
from .schema import StoreError
from .views import FORMATS, WHAT, calendar, dyad, export, store_today

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
_DB_HELP = "the store file, or a dataset directory written by tidings batch"


def register(sub: Any) -> None:
    """Add the store commands to ``tidings``' subparsers."""
    ing = sub.add_parser("ingest", help="extract articles into a store (SQLite)",
                         description="Extract and store files, folders, JSONL, RSS/Atom feed "
                         "files and WARC files. Safe to re-run: stored articles are skipped.")
    ing.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders")
    ing.add_argument("--db", required=True, metavar="PATH", help="the store file")
    ing.add_argument("--model", help="spaCy model package or path (default: best installed)")
    ing.add_argument("--batch-size", type=int, default=64, help="documents per spaCy batch")
    ing.add_argument("--no-stories", action="store_true",
                     help="do not rebuild the stories after ingesting")
    ing.set_defaults(handler=cmd_ingest)

    cal = sub.add_parser("calendar", help="planned events in a store, with dates and sources")
    cal.add_argument("--db", required=True, metavar="PATH", help=_DB_HELP)
    cal.add_argument("--from", dest="start", metavar="DATE",
                     help="first day (YYYY-MM-DD; default: the newest article's day)")
    cal.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD)")
    cal.add_argument("--all", action="store_true", help="every plan, past dates included")
    cal.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    cal.set_defaults(handler=_guarded(cmd_calendar))

    dy = sub.add_parser("dyad", help="what happened between two countries, month by month")
    dy.add_argument("a", metavar="A", help="country code, e.g. IND")
    dy.add_argument("b", metavar="B", help="country code, e.g. RUS")
    dy.add_argument("--db", required=True, metavar="PATH", help=_DB_HELP)
    dy.add_argument("--json", action="store_true", help="one JSON object instead of text")
    dy.set_defaults(handler=_guarded(cmd_dyad))

    exp = sub.add_parser("export", help="write events, articles or stories from a store")
    exp.add_argument("--db", required=True, metavar="PATH", help=_DB_HELP)
    exp.add_argument("--what", choices=WHAT, default="events", help="what to export")
    exp.add_argument("--format", choices=FORMATS, default="jsonl", help="output format")
    exp.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    exp.set_defaults(handler=_guarded(cmd_export))


def cmd_ingest(args: argparse.Namespace) -> int:
    from ..pipeline import Options
    from .ingest import ingest

    try:
        report = ingest(args.sources, args.db,
                        Options(model=args.model, batch_size=args.batch_size),
                        build_stories=not args.no_stories)
    except (StoreError, sqlite3.DatabaseError) as exc:
        print(f"tidings ingest: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for line in report.errors:
        print(f"tidings: {line}", file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return EXIT_SOME_FAILED if report.failed else EXIT_OK


def _open(path: str) -> Store:
    return Store(path, readonly=True)


@contextmanager
def _views(path: str) -> Iterator[SimpleNamespace]:
    """The views over a store file, or over a batch dataset directory (DuckDB)."""
    if is_dataset(path):
        from . import parquet

        yield SimpleNamespace(calendar=partial(parquet.calendar, path),
                              dyad=partial(parquet.dyad, path),
                              export=partial(parquet.export, path),
                              today=partial(parquet.dataset_today, path))
        return
    with _open(path) as store:
        yield SimpleNamespace(calendar=partial(calendar, store), dyad=partial(dyad, store),
                              export=partial(export, store), today=partial(store_today, store))


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A missing or foreign store is the user's mistake: one line, exit 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (StoreError, sqlite3.DatabaseError) as exc:
            print(f"tidings {args.command}: {exc}", file=sys.stderr)
            return EXIT_USAGE

    return run


def cmd_calendar(args: argparse.Namespace) -> int:
    with _views(args.db) as views:
        start = parse_date(args.start)
        if start is None and not args.all:
            start = views.today()  # what was still to come when the news stopped
        found = views.calendar(start, parse_date(args.end))
    for row in found:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['date'] or '?':<10} {row['precision']:<7} {row['status']:<9} "
                  f"{row['type']:<8} {'-'.join(row['parties']):<9} {row['place'] or '':<12} "
                  f"{row['n_reports']} reports: {', '.join(row['sources'])}")
    return EXIT_OK


def cmd_dyad(args: argparse.Namespace) -> int:
    with _views(args.db) as views:
        data = views.dyad(args.a, args.b)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{' - '.join(data['pair'])}")
    for month in data["months"]:
        types = ", ".join(f"{t} {n}" for t, n in sorted(month["types"].items()))
        print(f"  {month['month']}  {month['events']:>3} events  score {month['score']:+.1f}"
              f"  {types}")
    for fig in data["figures"]:
        print(f"  figure: {fig['measure'] or ''} {fig['text']} ({fig['published']}, "
              f"{fig['source'] or fig['doc_id']})")
    for row in data["upcoming"]:
        print(f"  upcoming: {row['date'] or '?'} {row['type']} {row['status']}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    try:
        with _views(args.db) as views:
            views.export(args.what, args.format, args.out or sys.stdout)
    except ValueError as exc:
        print(f"tidings export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
