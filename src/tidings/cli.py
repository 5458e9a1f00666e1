"""The ``tidings`` command line: thin wrappers over library functions.

Exit codes: 0 all documents fine, 1 some documents failed, 2 usage or
setup errors (bad option, no model).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TextIO

from . import __version__
from .batch.commands import register as register_batch_commands
from .document import Document, ErrorRecord
from .errors import InputError, SetupError
from .export import gdelt_rows, plover_records, write_table
from .pipeline import Options, Pipeline, Result, extract_parallel
from .reader import (
    DEFAULT_MAX_CHARS,
    InputItem,
    decode_bytes,
    html_to_text,
    iter_jsonl_lines,
    looks_like_html,
    parse_date,
    read_file,
    read_jsonl,
)
from .render import render_text
from .serve.commands import register as register_serve_commands
from .stages.nlp import load_model
from .store.commands import register as register_store_commands

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
FORMATS = ("json", "jsonl", "text", "plover", "gdelt")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tidings",
        description="Turn news articles into political event data.",
    )
    parser.add_argument("--version", action="version", version=f"tidings {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ext = sub.add_parser(
        "extract",
        help="extract entities, claims, events, times, figures and places",
        description="Extract one document per input. FILE may be text, HTML or JSONL; "
        "'-' reads one document from standard input.",
    )
    ext.add_argument("files", nargs="*", metavar="FILE", help="input files, or - for stdin")
    ext.add_argument("--jsonl", metavar="IN", help="batch mode: one article per JSONL line "
                     "('-' for stdin)")
    ext.add_argument("--out", metavar="OUT", help="write output here instead of stdout")
    ext.add_argument("--published", metavar="DATE",
                     help="publication date (YYYY-MM-DD) for FILE inputs")
    ext.add_argument("--format", choices=FORMATS, default=None,
                     help="json (indented; the default for FILE inputs) or jsonl "
                     "(one line per document; always used by --jsonl) or text (a digest "
                     "for reading), plover (PLOVER JSON event records, one per line) or "
                     "gdelt (a GDELT-style tab-separated event table)")
    ext.add_argument("--model", help="spaCy model package or path (default: best installed)")
    ext.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                     help="refuse longer documents (default %(default)s)")
    ext.add_argument("--batch-size", type=int, default=64, help="documents per spaCy batch")
    ext.add_argument("--jobs", type=int, default=1, metavar="N",
                     help="worker processes, each loading the model once (default 1)")
    ext.add_argument("--include-text", action="store_true",
                     help="include the article text in each document")
    ext.add_argument("--no-progress", action="store_true",
                     help="never show the progress bar")
    ext.set_defaults(handler=cmd_extract)
    register_store_commands(sub)
    register_serve_commands(sub)
    register_batch_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except SetupError as exc:
        print(f"tidings: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tidings: interrupted", file=sys.stderr)
        return 130


def _file_items(paths: Iterable[str], published: str | None) -> Iterator[InputItem]:
    date = parse_date(published)
    for name in paths:
        if name == "-":
            item = _stdin_item()
        elif name.endswith(".jsonl"):
            yield from read_jsonl(Path(name))
            continue
        elif not Path(name).is_file():
            item = InputItem(id=name, error=InputError("E108", path=name))
        else:
            item = read_file(Path(name))
        if item.published is None:
            item.published = date
        yield item


def _stdin_item() -> InputItem:
    try:
        text = decode_bytes(sys.stdin.buffer.read())
        if looks_like_html(text):
            text = html_to_text(text)
    except InputError as exc:
        return InputItem(id="stdin", error=exc)
    return InputItem(id="stdin", text=text)


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


class Progress:
    """A one-line progress bar on stderr, only when a person is watching."""

    def __init__(self, total: int | None, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.done, self.failed, self.started = 0, 0, time.monotonic()

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        if self.enabled and (self.done % 5 == 0 or self.done == self.total):
            self._draw()

    def _draw(self) -> None:
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        if self.total:
            filled = int(30 * self.done / self.total)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}"
        else:
            bar = f"{self.done} docs"
        self.stream.write(f"\r{bar} {rate:.1f} docs/s, {self.failed} failed")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self._draw()
            self.stream.write("\n")


def _write_event_table(result: Result, out: IO[str], fmt: str) -> None:
    """Event-level formats: documents that failed have no events to write."""
    if not isinstance(result, Document):
        return
    if fmt == "plover":
        for record in plover_records(result):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        write_table(gdelt_rows(result), out, header=False)


def write_results(results: Iterable[Result], out: IO[str], fmt: str, include_text: bool,
                  progress: Progress) -> int:
    """Write every result; return how many were errors."""
    failed = 0
    docs: list[dict[str, object]] = []
    if fmt == "gdelt":
        write_table([], out)  # the header, once
    for result in results:
        is_error = isinstance(result, ErrorRecord)
        failed += is_error
        progress.step(is_error)
        data = result.to_dict() if isinstance(result, ErrorRecord) else \
            result.to_dict(include_text=include_text)
        if is_error:
            print(f"tidings: {result.id}: {data['error']}", file=sys.stderr)
        if fmt == "jsonl":
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
        elif fmt in ("plover", "gdelt"):
            _write_event_table(result, out, fmt)
        elif fmt == "text" and isinstance(result, Document):
            out.write(render_text(result))
        elif fmt == "json":
            docs.append(data)
    if fmt == "json":
        payload: object = docs[0] if len(docs) == 1 else docs
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    progress.close()
    return failed


def cmd_extract(args: argparse.Namespace) -> int:
    if bool(args.files) == bool(args.jsonl):
        print("tidings extract: give FILE... or --jsonl IN (not both, not neither)",
              file=sys.stderr)
        return EXIT_USAGE
    parse_date(args.published)  # a bad date is a usage error before any work
    if args.jsonl:
        items: Iterable[InputItem] = (
            iter_jsonl_lines(sys.stdin.buffer, "stdin") if args.jsonl == "-"
            else read_jsonl(Path(args.jsonl)))
        fmt, total = args.format or "jsonl", _count_lines(args.jsonl)
        if fmt == "json":
            fmt = "jsonl"
    else:
        items = _file_items(args.files, args.published)
        fmt, total = args.format or "json", len(args.files)
    options = Options(model=args.model, max_chars=args.max_chars, batch_size=args.batch_size)
    if args.jobs > 1:
        if options.model:
            load_model(options.model)  # a bad --model fails here, not in every worker
        results: Iterable[Result] = extract_parallel(items, options, args.jobs)
    else:
        results = Pipeline(options).extract_items(items)
    show = bool(args.jsonl) and not args.no_progress and sys.stderr.isatty()
    progress = Progress(total, sys.stderr, show)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            failed = write_results(results, out, fmt, args.include_text, progress)
    else:
        failed = write_results(results, sys.stdout, fmt, args.include_text, progress)
    return EXIT_SOME_FAILED if failed else EXIT_OK


__all__ = ["Document", "build_parser", "main"]
