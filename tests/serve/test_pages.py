"""The web pages: each renders its key content, and untrusted text stays inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest
from serve_articles import UNSAFE

if TYPE_CHECKING:
    from starlette.testclient import TestClient


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def parse(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return str(response.text)


def test_home_lists_stories_pairs_and_the_calendar(client: TestClient) -> None:
    html = page(client, "/")
    assert "Latest stories" in html and "Calendar of expected events" in html
    assert re.search(r'href="/stories/\d+"', html)
    assert 'href="/dyad/CHL/PER"' in html


def test_pair_form_redirects_to_the_console(client: TestClient) -> None:
    response = client.get("/dyad?a=per&b=chl", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dyad/PER/CHL"


def test_console_has_chart_timeline_figures_and_drill_down(client: TestClient) -> None:
    html = page(client, "/dyad/CHL/PER")
    tags = parse(html)
    bars = [dict(a) for t, a in tags if t == "rect"]
    months = client.get("/api/dyad/CHL/PER").json()["months"]
    assert len(bars) == len(months) > 0
    for month in months:  # each bar links down to its month in the timeline
        assert f'href="#m-{month["month"]}"' in html and f'id="m-{month["month"]}"' in html
    assert re.search(r'class="event quad-[1-4] st-\w+"', html)
    assert re.search(r'href="/articles/\d+#C\d+"', html)  # to the words behind the event
    assert "trade" in html and "Andes Post" in html


def test_story_page_shows_reports_sources_and_history(client: TestClient) -> None:
    story = client.get("/api/stories?limit=1").json()["items"][0]
    html = page(client, f"/stories/{story['id']}")
    assert "Lifecycle" in html and "Sources" in html and "Where reports disagree" in html
    assert re.search(r'href="/articles/\d+', html)


def test_article_page_highlights_every_kind(client: TestClient, ids: dict[str, int]) -> None:
    html = page(client, f"/articles/{ids['andes-1']}")
    for kind in ("event", "entity", "timex", "quantity", "place"):
        assert re.search(rf'<mark class="hl hl-{kind}[ "]', html), kind
    assert re.search(r'<mark class="hl hl-event st-occurred" id="C\d+"', html)
    text = client.get(f"/api/articles/{ids['andes-1']}").json()["article"]["text"]
    visible = re.sub(r"<[^>]+>", "", html.split('<article class="text">')[1].split("</article>")[0])
    assert visible.replace("&#39;", "'").replace("&#34;", '"') == text  # nothing lost or added


def test_search_page_marks_hits_and_pages(client: TestClient) -> None:
    html = page(client, "/search?q=Peru&limit=1")
    assert '<mark class="hl hl-hit"' in html and "next →" in html
    assert "Peru" in page(client, "/search?q=Peru&limit=1&offset=1")


@pytest.mark.parametrize(("url", "status"), [("/articles/99999", 404), ("/stories/x", 404),
                                             ("/dyad/CHL/12", 400), ("/nowhere", 404)])
def test_errors_are_pages(client: TestClient, url: str, status: int) -> None:
    assert "Back to the start page" in page(client, url, status)


def test_static_files_are_local(client: TestClient) -> None:
    assert client.get("/static/style.css").status_code == 200
    for url in ("/", "/dyad/CHL/PER", "/search?q=Chile"):
        for _, attrs in parse(page(client, url)):
            for name, value in attrs:
                if name in ("src", "href") and value:
                    assert not value.startswith(("http://", "https://", "//")), value


def test_untrusted_article_cannot_run_anything(client: TestClient, ids: dict[str, int]) -> None:
    article = ids[UNSAFE["id"]]
    story_ids = [s["id"] for s in client.get("/api/stories?limit=500").json()["items"]]
    urls = [f"/articles/{article}", "/", "/search?q=script", "/search?q=alert",
            "/dyad/CHL/PER", *(f"/stories/{n}" for n in story_ids)]
    for url in urls:
        html = page(client, url)
        for tag, attrs in parse(html):
            assert tag not in ("script", "img", "iframe", "svg") or (
                tag == "svg" and ("class", "chart") in attrs), (url, tag)
            for name, value in attrs:
                assert not name.startswith("on"), (url, tag, name)
                assert not (value or "").strip().lower().startswith("javascript:"), (url, value)
    html = page(client, f"/articles/{article}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not dropped
    assert "onerror=alert(2)" in html  # as escaped text inside the article
