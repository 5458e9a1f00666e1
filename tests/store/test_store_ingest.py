"""Ingest: sources of every kind, bad documents, re-runs and a crash mid-batch.

A stand-in extractor keeps these tests fast and lets the crash test pace
the work; the real pipeline is exercised in test_store_stories.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.document import Article, Document, ErrorRecord
from tidings.reader import InputItem
from tidings.store.db import Store
from tidings.store.ingest import ingest
from tidings.store.schema import StoreError


class StandIn:
    """Turns each item into an empty document; 'explode' in a text fails it."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def extract_items(self, items: Iterable[InputItem]) -> Iterator[Document | ErrorRecord]:
        for item in items:
            time.sleep(self.delay)
            if "explode" in item.text:
                yield ErrorRecord(item.id, "E199", "the stand-in refused it")
                continue
            published = item.published.isoformat() if item.published else None
            yield Document(id=item.id, text=item.text,
                           article=Article(title=item.title, url=item.url, source=item.source,
                                           published=published))


def _article(n: int) -> str:
    return (f"Report {n}: the port authority of town number {n} counted {n * 7} ships "
            f"arriving on day {n}, officials said, and {n + 2} more are due.")


def write_jsonl(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"a{i}", "text": _article(i),
                                  "published": "2026-01-05"}) + "\n")
    return path


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour news</title>
<item><title>Ships return</title><link>https://example.org/ships</link>
<guid>ships-1</guid><pubDate>Tue, 06 Jan 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Fishing boats returned to the harbour after the storm, the mayor said.
&lt;/p&gt;
</description></item>
<item><title>Empty</title><guid>empty-1</guid><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley notes</title>
<entry><title>Bridge reopens</title><id>urn:bridge</id><link href="https://example.org/b"/>
<published>2026-01-07T08:00:00Z</published>
<content type="html">The river bridge reopened to lorries on Wednesday after repairs.</content>
</entry></feed>"""


def test_folders_feeds_and_bad_documents(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "batch.jsonl", 3)
    (folder / "one.txt").write_text("A text file about the harbour and its ships.\n")
    (folder / "bad.txt").write_bytes(b"\xff\xfe not utf-8 \xff")
    (folder / "boom.txt").write_text("This one will explode inside the extractor.")
    (folder / "harbour.rss").write_text(RSS)
    (folder / "valley.atom").write_text(ATOM)
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    db = tmp_path / "s.db"
    report = ingest([folder, tmp_path / "missing.txt"], db, pipeline=StandIn())
    assert report.added == 6, report
    assert report.failed == 4  # bad bytes, the stand-in's refusal, empty feed item, missing
    with Store(db, readonly=True) as store:
        arts = {a["doc_id"]: a for a in store.articles()}
        codes = sorted(e["code"] for e in store.errors())
    assert arts["ships-1"]["published"] == "2026-01-06" and arts["ships-1"]["title"]
    assert arts["urn:bridge"]["published"] == "2026-01-07"
    assert codes == ["E101", "E103", "E108", "E199"]


def test_rerun_adds_nothing(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    first = ingest([source], tmp_path / "s.db", pipeline=StandIn())
    again = ingest([source, source], tmp_path / "s.db", pipeline=StandIn())
    assert (first.added, again.added, again.skipped) == (5, 0, 10)


def test_warc_responses_are_read(tmp_path: Path) -> None:
    page = (b"<html><body><article><h1>Harbour</h1><p>" + b"The harbour master said on "
            b"Monday that twelve ships had been turned away because of the storm. " * 6 +
            b"</p></article></body></html>")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/h\r\n"
              b"WARC-Date: 2026-01-08T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
              b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
    info = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n"
    (tmp_path / "crawl.warc").write_bytes(info + record)
    report = ingest([tmp_path / "crawl.warc"], tmp_path / "s.db", pipeline=StandIn())
    assert report.added == 1
    with Store(tmp_path / "s.db", readonly=True) as store:
        (art,) = store.articles()
    assert art["url"] == "https://example.org/h" and art["published"] == "2026-01-08"


_CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from test_store_ingest import StandIn
    from tidings.store.ingest import ingest
    ingest([{source!r}], {db!r}, pipeline=StandIn(delay=0.05), build_stories=False)
""")


def test_kill_mid_batch_then_resume(tmp_path: Path) -> None:
    total = 60
    source, db = write_jsonl(tmp_path / "in.jsonl", total), tmp_path / "s.db"
    code = _CHILD.format(tests=str(Path(__file__).parent), source=str(source), db=str(db))
    child = subprocess.Popen([sys.executable, "-c", code])
    stored = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.1)
        if db.exists():
            try:
                with Store(db, readonly=True) as store:
                    stored = store.counts()["articles"]
            except Exception:
                continue
            if stored >= 8:
                break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert 8 <= stored < total, "the child should be killed half way"
    report = ingest([source], db, pipeline=StandIn())
    with Store(db, readonly=True) as store:
        ids = [a["doc_id"] for a in store.articles()]
    assert sorted(ids) == sorted(f"a{i}" for i in range(total))
    assert report.skipped >= stored and report.added == total - report.skipped


def test_readers_keep_working_while_an_ingest_writes(tmp_path: Path) -> None:
    """Readers in this process query a store another process is filling: every
    read succeeds, sees a consistent count that only grows, and the writer is
    never held up by them."""
    from tidings.store.views import export

    total = 80
    source, db = write_jsonl(tmp_path / "in.jsonl", total), tmp_path / "s.db"
    code = _CHILD.format(tests=str(Path(__file__).parent), source=str(source), db=str(db))
    child = subprocess.Popen([sys.executable, "-c", code.replace("delay=0.05", "delay=0.02")])
    seen: list[int] = []
    long_lived: Store | None = None
    try:
        deadline = time.monotonic() + 60
        while child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            if long_lived is None:
                try:  # until the writer has created and migrated the store
                    long_lived = Store(db, readonly=True)
                except StoreError:
                    continue
            with Store(db, readonly=True) as fresh:  # a reader opened mid-ingest
                n = fresh.counts()["articles"]
                assert len(fresh.articles()) >= n
                assert len((export(fresh, "articles") or "").splitlines()) >= n
            assert long_lived.counts()["articles"] >= n
            seen.append(n)
        assert child.wait(timeout=60) == 0
        assert long_lived is not None and long_lived.counts()["articles"] == total
    finally:
        if child.poll() is None:
            child.kill()
        if long_lived is not None:
            long_lived.close()
    assert seen == sorted(seen), "a reader saw articles disappear"
    assert sum(0 < n < total for n in seen) >= 3, "the reads should overlap the ingest"
