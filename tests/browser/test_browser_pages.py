"""Every page in a real browser: key content present, no script errors, a
screenshot each; and a hostile article that cannot run anything."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from browser_articles import HOSTILE
from browser_support import save_shot


def visit(tab: Any, path: str) -> None:
    response = tab.goto(path, wait_until="load")
    assert response is not None and response.status == 200, path
    # The stylesheet really applied: a page without it has a white header.
    background = tab.eval_on_selector("header.top", "e => getComputedStyle(e).borderBottomStyle")
    assert background == "solid"


def test_home(page: Any, shots: Path) -> None:
    visit(page, "/")
    assert "Latest stories" in page.inner_text("main")
    assert page.locator("a[href='/dyad/KEN/TZA']").count() >= 1
    assert page.locator("a[href^='/stories/']").count() >= 1
    save_shot(page, shots, "home")
    assert page.problems == []


def test_pair_form_opens_the_console(page: Any) -> None:
    visit(page, "/")
    page.fill("input[name=a]", "tza")
    page.fill("input[name=b]", "ken")
    page.click("form.pair button")
    page.wait_for_url(re.compile(r"/dyad/TZA/KEN$"))
    assert page.locator("h1").inner_text() == "TZA and KEN"


def test_console(page: Any, shots: Path) -> None:
    visit(page, "/dyad/KEN/TZA")
    assert page.locator("svg.chart rect.bar").count() >= 1
    assert page.locator("li.event").count() >= 1
    assert "trade" in page.inner_text("main")
    # Drill-down: a bar leads to its month, a timeline entry to the sentence.
    page.locator("svg.chart a").first.click()
    assert re.search(r"#m-\d{4}-\d{2}$", page.url)
    assert page.locator(":target").count() == 1
    link = page.locator("li.event a[href^='/articles/']").first
    target = link.get_attribute("href") or ""
    visit(page, target)
    anchor = target.split("#", 1)[1]
    assert page.locator(f"mark[id='{anchor}']").count() == 1
    visit(page, "/dyad/KEN/TZA")
    save_shot(page, shots, "console")
    assert page.problems == []


def test_story(page: Any, shots: Path) -> None:
    visit(page, "/")
    href = page.locator("main a[href^='/stories/']").first.get_attribute("href")
    visit(page, href or "")
    text = page.inner_text("main")
    for heading in ("Lifecycle", "Sources", "Reports"):
        assert heading in text
    assert page.locator("main a[href^='/articles/']").count() >= 1
    save_shot(page, shots, "story")
    assert page.problems == []


def test_article(page: Any, shots: Path, ids: dict[str, int]) -> None:
    visit(page, f"/articles/{ids['lake-1']}")
    assert page.locator("h1").inner_text() == "Kenya and Tanzania agree to share power grid"
    for kind in ("event", "entity", "timex", "quantity", "place"):
        assert page.locator(f"article.text mark.hl-{kind}").count() >= 1, kind
    assert page.locator("table.grid tbody tr .badge").count() >= 1
    save_shot(page, shots, "article")
    assert page.problems == []


def test_search(page: Any, shots: Path) -> None:
    visit(page, "/")
    page.fill("header input[name=q]", "fishermen")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=fishermen"))
    assert page.locator("ol.results li").count() == 1
    assert page.locator("ol.results mark.hl-hit").first.inner_text().lower() == "fishermen"
    save_shot(page, shots, "search")
    assert page.problems == []


def test_hostile_article_runs_nothing(page: Any, shots: Path, ids: dict[str, int]) -> None:
    article = ids[HOSTILE["id"]]
    for path in (f"/articles/{article}", "/", "/search?q=script", "/dyad/KEN/TZA"):
        visit(page, path)
        page.hover("main")
        for link in page.locator("main a").all()[:40]:
            link.hover()
        assert page.evaluate("() => window.__ran === undefined"), path
        assert page.locator("main script, main iframe, main img").count() == 0, path
    visit(page, f"/articles/{article}")
    assert "<script>" in page.inner_text("article.text")  # shown as words
    save_shot(page, shots, "hostile")
    assert page.problems == []
