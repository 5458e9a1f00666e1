"""Reading input: plain text, HTML (through trafilatura) and JSONL batches.

Everything that can go wrong with one document is turned into an
:class:`~tidings.errors.InputError` with a code here, before any NLP runs,
so a batch can record it and go on.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import InputError, SetupError

DEFAULT_MAX_CHARS = 1_000_000
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# The most frequent English function words; real English prose is ~40% these.
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "it",
        "at",
        "from",
        "be",
        "has",
        "have",
        "are",
        "this",
        "said",
        "an",
        "will",
        "not",
        "or",
        "were",
        "which",
        "but",
        "its",
        "their",
        "who",
        "been",
        "after",
        "he",
        "his",
        "they",
    ]
)


@dataclass
class InputItem:
    """One article to process, or the error that prevents it."""

    id: str | None
    text: str = ""
    published: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    error: InputError | None = None
    warnings: list[dict[str, str]] = field(default_factory=list)


def parse_date(value: object) -> date | None:
    """A publication date from 'YYYY-MM-DD' or an ISO timestamp; None if absent."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise SetupError("E003", value=value)
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            raise SetupError("E003", value=value) from None


def decode_bytes(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); binary data is refused, not guessed at."""
    if b"\x00" in data[:8192]:
        raise InputError("E102", reason="it contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E103", offset=exc.start) from None


def html_to_text(html: str) -> str:
    """The main article text of an HTML page (trafilatura), or E105."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise InputError("E105")
    return str(text)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:512]))


def _script_of(text: str) -> str:
    counts: dict[str, int] = {}
    for ch in text[:5000]:
        if ch.isalpha():
            script = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else "UNKNOWN"


def check_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[dict[str, str]]:
    """Refuse what cannot be processed; return warnings for what can, badly."""
    if not text.strip():
        raise InputError("E101")
    if len(text) > max_chars:
        raise InputError("E104", size=len(text), limit=max_chars)
    head = text[:8192]
    controls = sum(1 for ch in head if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError("E102", reason="it is full of control characters")
    words = _WORD.findall(text[:20000].lower())
    if len(words) >= 12:
        share = sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS) / len(words)
        if share < 0.08:
            script = _script_of(text)
            guess = "a Latin-script language" if script == "LATIN" else f"{script.title()} script"
            from .errors import message

            return [{"code": "W201", "message": message("W201", guess=guess)}]
    return []


def read_file(path: Path) -> InputItem:
    """One file as one article; HTML is recognised by suffix or content."""
    doc_id = path.stem
    try:
        text = decode_bytes(path.read_bytes())
        if path.suffix.lower() in {".html", ".htm", ".xhtml"} or looks_like_html(text):
            text = html_to_text(text)
    except InputError as exc:
        return InputItem(id=doc_id, error=exc)
    return InputItem(id=doc_id, text=text, source=str(path))


def item_from_record(record: Any, fallback_id: str) -> InputItem:
    """A JSONL record (contract batch input); unknown fields such as 'gold' are ignored."""
    if not isinstance(record, dict):
        return InputItem(id=fallback_id, error=InputError("E107"))
    doc_id = record.get("id")
    doc_id = fallback_id if doc_id is None else str(doc_id)
    text = record.get("text")
    if not isinstance(text, str):
        return InputItem(id=doc_id, error=InputError("E107"))
    item = InputItem(
        id=doc_id,
        text=text,
        title=_opt_str(record.get("title")),
        url=_opt_str(record.get("url")),
        source=_opt_str(record.get("source")),
    )
    try:
        item.published = parse_date(record.get("published"))
    except SetupError:
        item.warnings.append(
            {
                "code": "W202",
                "message": "Unreadable 'published' value "
                f"{record.get('published')!r}: treated as unknown.",
            }
        )
    if looks_like_html(text):
        try:
            item.text = html_to_text(text)
        except InputError as exc:
            item.error = exc
    return item


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def iter_jsonl_lines(lines: Iterable[bytes | str], name: str = "line") -> Iterator[InputItem]:
    """Each line becomes an item, bad JSON and bad bytes included (as errors)."""
    for n, raw in enumerate(lines, 1):
        item = item_from_line(raw, name, n)
        if item is not None:
            yield item


def item_from_line(raw: bytes | str, name: str, line: int) -> InputItem | None:
    """Line ``line`` of the JSONL input ``name`` as an item (an error item when
    it cannot be read); None for a blank line.  Engines that split a file
    across machines call this per line, so every engine reads alike."""
    fallback = f"{name}:{line}"
    try:
        text = raw if isinstance(raw, str) else decode_bytes(raw)
    except InputError as exc:
        return InputItem(id=fallback, error=exc)
    if not text.strip():
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputItem(
            id=_id_from_broken(text) or fallback, error=InputError("E106", reason=exc.msg)
        )
    return item_from_record(record, fallback)


def _id_from_broken(line: str) -> str | None:
    """Recover the id of a broken JSON line when it is readable, so the error
    line can still be matched to its input."""
    match = re.search(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"', line)
    return match.group(1) if match else None


def read_jsonl(path: Path) -> Iterator[InputItem]:
    with path.open("rb") as handle:
        yield from iter_jsonl_lines(handle, name=path.name)
