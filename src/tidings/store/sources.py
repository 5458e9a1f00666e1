"""Turning what a user points ``ingest`` at into articles to extract.

Files and folders of text, HTML and JSONL go through :mod:`tidings.reader`;
RSS and Atom feed files are read with the standard library's XML parser;
WARC files (plain or gzipped) are split into their HTML responses.  Every
problem becomes an item carrying an error, so the caller can record it and
carry on.
"""

from __future__ import annotations

import gzip
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..errors import InputError, SetupError
from ..reader import (
    InputItem,
    decode_bytes,
    html_to_text,
    looks_like_html,
    parse_date,
    read_file,
    read_jsonl,
)

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_TAG = re.compile(r"<[^>]+>")
_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def iter_sources(sources: Iterable[str | Path]) -> Iterator[InputItem]:
    """Every article in the given files and folders (folders recursively, sorted)."""
    for source in sources:
        path = Path(source)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _kind(child) is not None:
                    yield from _items_of(child)
        elif path.is_file():
            yield from _items_of(path)
        else:
            yield InputItem(id=str(path), error=InputError("E108", path=str(path)))


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return "jsonl"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in TEXT_SUFFIXES:
        return "file"
    return None


def _items_of(path: Path) -> Iterator[InputItem]:
    kind = _kind(path) or "file"
    if kind == "jsonl":
        yield from read_jsonl(path)
    elif kind == "feed":
        yield from read_feed(path)
    elif kind == "warc":
        yield from read_warc(path)
    else:
        yield read_file(path)


def _strip_html(fragment: str) -> str:
    """Feed bodies are HTML fragments, often too short for trafilatura."""
    if looks_like_html(fragment) and len(fragment) > 2000:
        try:
            return html_to_text(fragment)
        except InputError:
            pass
    text = _TAG.sub(" ", fragment)
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


def _feed_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        return parsedate_to_datetime(value).date().isoformat()  # RSS: RFC 822
    except (TypeError, ValueError):
        return value[:10] or None  # Atom: RFC 3339


def read_feed(path: Path) -> Iterator[InputItem]:
    """Items of an RSS 2.0 or Atom file; the item body is the article text."""
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError as exc:
        yield InputItem(id=path.name, error=InputError("E106", reason=f"bad XML: {exc}"))
        return
    entries = root.iter("item") if root.find(f"{_ATOM}entry") is None else \
        root.iter(f"{_ATOM}entry")
    for n, entry in enumerate(entries, 1):
        yield _feed_item(entry, f"{path.name}:{n}", path.name)


def _feed_item(entry: ET.Element, fallback: str, source: str) -> InputItem:
    def first(*tags: str) -> str | None:
        for tag in tags:
            node = entry.find(tag)
            if node is not None and (node.text or node.get("href")):
                return (node.text or node.get("href") or "").strip()
        return None

    body = first(_CONTENT, "description", f"{_ATOM}content", f"{_ATOM}summary") or ""
    link = first("link", f"{_ATOM}link")
    item = InputItem(
        id=first("guid", f"{_ATOM}id") or link or fallback,
        text=_strip_html(body),
        title=first("title", f"{_ATOM}title"),
        url=link,
        source=source,
    )
    item.published = _safe_date(_feed_date(first("pubDate", f"{_ATOM}published",
                                                 f"{_ATOM}updated")))
    if not item.text.strip():
        item.error = InputError("E101")
    return item


def read_warc(path: Path) -> Iterator[InputItem]:
    """HTML ``response`` records of a WARC file; other records are skipped."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        n = 0
        while True:
            header = _warc_header(handle)
            if header is None:
                return
            body = handle.read(int(header.get("content-length", "0")))
            head = body[:2048].partition(b"\r\n\r\n")[0].lower()
            if header.get("warc-type") != "response" or b"text/html" not in head:
                continue  # requests, metadata, images: not articles
            n += 1
            yield _warc_item(header, body, f"{path.name}:{n}", path.name)


def _warc_header(handle: object) -> dict[str, str] | None:
    read = handle.readline  # type: ignore[attr-defined]
    line: bytes = read()
    while line and not line.strip():
        line = read()
    if not line:
        return None
    fields: dict[str, str] = {}
    while (line := read()).strip():
        key, _, value = line.decode("utf-8", "replace").partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def _warc_item(header: dict[str, str], body: bytes, fallback: str, source: str) -> InputItem:
    payload = body.partition(b"\r\n\r\n")[2]
    url = header.get("warc-target-uri")
    item = InputItem(id=header.get("warc-record-id") or fallback, url=url, source=source)
    try:
        item.text = html_to_text(decode_bytes(payload))
    except InputError as exc:
        item.error = exc
    item.published = _safe_date(header.get("warc-date"))
    return item


def _safe_date(value: str | None) -> date | None:
    try:
        return parse_date(value)
    except SetupError:
        return None
