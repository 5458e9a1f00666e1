"""A live server over a small store, and Chromium driven by Playwright.

Everything here skips (never fails) when Playwright or a system Chromium is
missing, so the suite still passes on a machine without a browser.  The
browser is the distribution's Chromium: Playwright's own download is not
used.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_articles import ARTICLES, HOSTILE

from tidings.store.db import Store

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """A system Chromium: $TIDINGS_CHROMIUM when set (an empty or wrong path
    turns the browser tests off), else the usual Debian names."""
    if "TIDINGS_CHROMIUM" in os.environ:
        candidates = [os.environ["TIDINGS_CHROMIUM"]]
    else:
        candidates = ["/usr/bin/chromium", shutil.which("chromium") or "",
                      shutil.which("chromium-browser") or ""]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def sync_api() -> Any:
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="session")
def browser(sync_api: Any) -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("no system Chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        try:
            launched = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS,
                                          timeout=30_000)
        except sync_api.Error as exc:
            pytest.skip(f"Chromium did not start: {exc}")
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser_db(build_store: Callable[[str, list[dict[str, str]]], Path]) -> Path:
    return build_store("browser", [*ARTICLES, HOSTILE])


@pytest.fixture(scope="session")
def ids(browser_db: Path) -> dict[str, int]:
    with Store(browser_db, readonly=True) as store:
        return {r["doc_id"]: r["id"] for r in store.articles()}


@pytest.fixture(scope="session")
def base_url(browser_db: Path, browser: Any) -> Iterator[str]:
    """uvicorn in a thread on a free loopback port, for as long as the session."""
    import uvicorn

    from tidings.serve import create_app

    port = free_port()
    config = uvicorn.Config(create_app(browser_db), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page that records script errors and dialogs, so a test can
    assert that nothing ran and nothing broke."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.problems = []
    tab.on("pageerror", lambda exc: tab.problems.append(f"pageerror: {exc}"))
    tab.on("dialog", lambda dialog: (tab.problems.append(f"dialog: {dialog.message}"),
                                     dialog.dismiss()))
    yield tab
    context.close()
