"""The JSON API over a small store: every endpoint, filters, paging, errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tidings.store.db import Store
from tidings.store.stories import stories as all_stories

if TYPE_CHECKING:
    from starlette.testclient import TestClient


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def stored_events(db: Path) -> list[dict[str, Any]]:
    with Store(db, readonly=True) as store:
        return store.events()


def test_articles_are_paged_newest_first(client: TestClient, ids: dict[str, int]) -> None:
    first = get(client, "/api/articles?limit=2")
    second = get(client, "/api/articles?limit=2&offset=2")
    assert first["total"] == second["total"] == len(ids)
    assert (first["limit"], second["offset"]) == (2, 2)
    seen = [a["id"] for a in first["items"] + second["items"]]
    assert sorted(seen) == sorted(ids.values())  # the two pages neither overlap nor miss
    days = [a["published"] for a in first["items"] + second["items"]]
    assert days == sorted(days, reverse=True)


def test_full_text_search_marks_the_words(client: TestClient, ids: dict[str, int]) -> None:
    found = get(client, "/api/articles?q=fisheries")
    assert [a["id"] for a in found["items"]] == [ids["andes-1"]]
    assert "[fisheries]" in found["items"][0]["snippet"].lower()
    assert get(client, "/api/articles?q=zanzibarian")["total"] == 0


@pytest.mark.parametrize("q", ['"', "AND OR NOT", "near(", "*", "a:b"])
def test_search_syntax_characters_are_words_not_errors(client: TestClient, q: str) -> None:
    assert "items" in get(client, f"/api/articles?q={q}")


def test_one_article_with_its_extractions(client: TestClient, ids: dict[str, int],
                                          serve_db: Path) -> None:
    data = get(client, f"/api/articles/{ids['andes-1']}")
    assert data["article"]["title"] == "Chile and Peru sign fisheries accord"
    assert "fisheries agreement" in data["article"]["text"]
    assert data["document"]["schema"] == "tidings.document/1"
    expected = [e["id"] for e in stored_events(serve_db) if e["article_id"] == ids["andes-1"]]
    assert [e["id"] for e in data["events"]] == sorted(expected)
    assert all("sentence" not in e or e["sentence"] for e in data["events"])


def test_events_filtered_by_pair(client: TestClient, serve_db: Path) -> None:
    data = get(client, "/api/events?pair=PER,CHL&limit=500")
    both = [e for e in stored_events(serve_db) if {"CHL", "PER"} <= set(e["parties"])]
    assert both and data["total"] == len(both)
    assert {e["id"] for e in data["items"]} == {e["id"] for e in both}


def test_events_filtered_by_actor_prefix_type_and_status(client: TestClient,
                                                        serve_db: Path) -> None:
    events = stored_events(serve_db)
    data = get(client, "/api/events?actor=per&limit=500")
    want = {e["id"] for e in events if any(a.startswith("PER") for a in e["actors"])}
    assert want and {e["id"] for e in data["items"]} == want
    data = get(client, "/api/events?recipient=CHL&limit=500")
    assert all(any(r.startswith("CHL") for r in e["recipients"]) for e in data["items"])
    kind = events[0]["type"]
    data = get(client, f"/api/events?type={kind}&limit=500")
    assert data["total"] == sum(e["type"] == kind for e in events)
    data = get(client, "/api/events?status=occurred&limit=500")
    assert data["total"] == sum(e["status"] == "occurred" for e in events)


def test_events_date_range_uses_the_event_day(client: TestClient) -> None:
    every = get(client, "/api/events?limit=500")["items"]
    days = sorted({e["day"] for e in every})
    assert len(days) >= 2
    cut = days[len(days) // 2]
    early = get(client, f"/api/events?to={cut}&limit=500")["items"]
    late = get(client, f"/api/events?from={cut}&limit=500")["items"]
    assert early and late and all(e["day"] <= cut for e in early)
    assert all(e["day"] >= cut for e in late)
    assert len(early) + len(late) == len(every) + sum(e["day"] == cut for e in every)


def test_event_pages_are_disjoint(client: TestClient) -> None:
    total = get(client, "/api/events?limit=1")["total"]
    pages = [get(client, f"/api/events?limit=1&offset={n}")["items"][0]["id"]
             for n in range(total)]
    assert len(set(pages)) == total
    assert get(client, f"/api/events?offset={total}")["items"] == []


def test_stories_list_and_one_story(client: TestClient, serve_db: Path) -> None:
    with Store(serve_db, readonly=True) as store:
        known = all_stories(store)
    listed = get(client, "/api/stories?limit=500")
    assert listed["total"] == len(known)
    assert [s["id"] for s in listed["items"]] == [s["id"] for s in known]
    story = get(client, f"/api/stories/{known[0]['id']}")["story"]
    assert story["status"] == known[0]["status"]
    assert len(story["reports"]) == len(known[0]["reports"])
    assert [h["status"] for h in story["history"]] == [h["status"] for h in known[0]["history"]]
    assert story["sources"] and isinstance(story["disagreements"], list)
    party = get(client, "/api/stories?party=PER&limit=500")["items"]
    assert party and all("PER" in s["parties"] for s in party)


def test_calendar_lists_plans(client: TestClient) -> None:
    data = get(client, "/api/calendar?all=1")
    assert data["items"] and all(r["status"] in ("expected", "postponed")
                                 for r in data["items"])
    later = get(client, "/api/calendar?from=2100-01-01")
    assert later["from"] == "2100-01-01" and all(r["date"] is None for r in later["items"])


def test_dyad_series_matches_the_console_data(client: TestClient) -> None:
    data = get(client, "/api/dyad/chl/per")
    assert data["pair"] == ["CHL", "PER"]
    assert data["months"] and all(m["events"] > 0 for m in data["months"])
    assert [m["month"] for m in data["months"]] == sorted(m["month"] for m in data["months"])
    assert any(f["measure"] == "trade" for f in data["figures"])


def test_entities_grouped_and_searchable(client: TestClient) -> None:
    data = get(client, "/api/entities?limit=500")
    assert data["total"] == len(data["items"]) > 0
    counts = [e["articles"] for e in data["items"]]
    assert counts == sorted(counts, reverse=True)
    named = get(client, "/api/entities?q=chile")["items"]
    assert named and all("chile" in e["name"].lower() for e in named)
    coded = get(client, "/api/entities?code=PER")["items"]
    assert coded and all(e["code"].startswith("PER") for e in coded)


@pytest.mark.parametrize("url", [
    "/api/events?limit=0", "/api/events?limit=x", "/api/events?offset=-1",
    "/api/events?from=2026-13-01", "/api/events?from=2026-05-01&to=2026-04-01",
    "/api/events?pair=CHL", "/api/events?pair=CHL,P3R", "/api/events?status=maybe",
    "/api/events?actor=%25%25", "/api/dyad/CHL/CHL", "/api/dyad/CHILE/PER",
    "/api/stories?party=peru", "/api/calendar?to=soon",
])
def test_bad_parameters_are_400_with_one_error_shape(client: TestClient, url: str) -> None:
    error = get(client, url, 400)["error"]
    assert error["code"] == "bad_parameter" and error["message"]


@pytest.mark.parametrize("url", ["/api/articles/999999", "/api/articles/abc",
                                 "/api/stories/999999", "/api/nothing-here"])
def test_unknown_things_are_404(client: TestClient, url: str) -> None:
    assert get(client, url, 404)["error"]["code"] == "not_found"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_read_only_by_default(client: TestClient, method: str) -> None:
    response = client.request(method, "/api/articles", json={"text": "Peru and Chile met."})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["allow"]


def test_server_errors_keep_the_shape(serve_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    from tidings.serve import create_app, queries

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(queries, "entities", broken)
    with TestClient(create_app(serve_db), raise_server_exceptions=False) as client:
        response = client.get("/api/entities")
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "internal_error",
                                         "message": "the server failed to answer"}}


def test_no_cors_headers_unless_configured(client: TestClient, serve_db: Path) -> None:
    from starlette.testclient import TestClient

    from tidings.serve import create_app

    origin = {"Origin": "https://example.org"}
    plain = client.get("/api/events", headers=origin)
    assert not any(h.lower().startswith("access-control-") for h in plain.headers)
    with TestClient(create_app(serve_db, cors_origins=("https://example.org",))) as open_:
        allowed = open_.get("/api/events", headers=origin)
        other = open_.get("/api/events", headers={"Origin": "https://evil.example"})
        preflight = open_.options("/api/events", headers={
            **origin, "Access-Control-Request-Method": "GET"})
    assert allowed.headers["access-control-allow-origin"] == "https://example.org"
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200 and "POST" not in preflight.headers[
        "access-control-allow-methods"]
