"""The ``tidings batch`` command: a thin wrapper over the two engines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from ..errors import SetupError
from ..pipeline import Options
from ..reader import DEFAULT_MAX_CHARS

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
ENGINES = ("local", "spark")


def register(sub: Any) -> None:
    """Add ``batch`` to ``tidings``' subparsers."""
    bat = sub.add_parser(
        "batch", help="extract many articles into a partitioned Parquet dataset",
        description="Extract every article in INPUT (JSONL, Parquet or WARC files; a file, "
        "folder or glob) into the Parquet dataset OUTPUT: documents and events partitioned "
        "by publication month, plus one error record per failed document. A re-run "
        "replaces OUTPUT atomically.")
    bat.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs")
    bat.add_argument("output", metavar="OUTPUT", help="the dataset folder (replaced)")
    bat.add_argument("--engine", choices=ENGINES, default="local",
                     help="local (worker processes) or spark (needs tidings[spark])")
    bat.add_argument("--jobs", type=int, default=1, metavar="N",
                     help="local engine: worker processes (default 1)")
    bat.add_argument("--master", metavar="URL",
                     help="spark engine: master URL, e.g. local[2] (default: from "
                     "spark-submit, else local[*])")
    bat.add_argument("--partitions", type=int, metavar="N",
                     help="spark engine: tasks to split the input into (default: from the "
                     "cluster size and input size)")
    bat.add_argument("--model", help="spaCy model package or path (default: best installed)")
    bat.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                     help="refuse longer documents (default %(default)s)")
    bat.add_argument("--batch-size", type=int, default=64, help="documents per spaCy batch")
    bat.set_defaults(handler=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    options = Options(model=args.model, max_chars=args.max_chars, batch_size=args.batch_size)
    if args.engine == "spark":
        try:
            import pyspark  # noqa: F401
        except ImportError:
            print("tidings batch: the spark engine needs PySpark: "
                  "pip install 'tidings[spark]'", file=sys.stderr)
            return EXIT_USAGE
        from .spark import run_spark

        report = run_spark(args.inputs, args.output, options, master=args.master,
                           partitions=args.partitions)
    else:
        try:
            from .local import run_local
        except ImportError:
            print("tidings batch: the local engine needs pyarrow: "
                  "pip install 'tidings[tables]'", file=sys.stderr)
            return EXIT_USAGE

        report = run_local(args.inputs, args.output, options, jobs=args.jobs)
    print(f"tidings batch: {report.summary()}", file=sys.stderr)
    return EXIT_SOME_FAILED if report.errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tidings.batch``: the same command without the rest of the CLI."""
    parser = argparse.ArgumentParser(prog="tidings")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["batch", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.handler(args))
    except SetupError as exc:
        print(f"tidings: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
