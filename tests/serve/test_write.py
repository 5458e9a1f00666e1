"""Writes over HTTP: only with the server's token, and only that token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tidings.pipeline import Pipeline
from tidings.serve import create_app

TOKEN = "s3cret-token"
ARTICLE = {"id": "wire-9", "published": "2026-05-02", "source": "Sahel Wire",
           "title": "Mali and Niger agree joint patrols",
           "text": "Mali and Niger agreed on Saturday to run joint border patrols, the two "
                   "defence ministries said in a statement issued in Niamey."}


@pytest.fixture()
def writable(tmp_path: Path, pipeline: Pipeline) -> Iterator[TestClient]:
    app = create_app(tmp_path / "w.db", token=TOKEN, pipeline=lambda: pipeline)
    with TestClient(app) as client:
        yield client


def test_post_with_the_token_stores_the_article(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = writable.post("/api/articles", json=ARTICLE, headers=auth)
    assert first.status_code == 201, first.text
    article_id = first.json()["article"]["id"]
    again = writable.post("/api/articles", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["article"]["created"] is False
    stored = writable.get(f"/api/articles/{article_id}").json()
    assert stored["article"]["title"] == ARTICLE["title"]
    assert stored["document"]["entities"]  # it went through the pipeline
    listed = writable.get("/api/articles").json()
    assert listed["total"] == 1


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401), ({"Authorization": "Bearer wrong"}, 403),
    ({"Authorization": f"Basic {TOKEN}"}, 401), ({"Authorization": "Bearer"}, 401),
])
def test_post_without_the_right_token_is_refused(writable: TestClient,
                                                 headers: dict[str, str], status: int) -> None:
    response = writable.post("/api/articles", json=ARTICLE, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] in ("unauthorized", "forbidden")
    assert writable.get("/api/articles").json()["total"] == 0


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"title": "no text"}'])
def test_bad_bodies_are_400(writable: TestClient, body: bytes) -> None:
    response = writable.post("/api/articles", content=body, headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_body"


def test_other_writes_stay_closed_with_a_token(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.delete("/api/articles", headers=auth).status_code == 405
    assert writable.post("/api/events", json={}, headers=auth).status_code == 405


def test_openapi_documents_the_write_only_when_enabled(writable: TestClient,
                                                       tmp_path: Path) -> None:
    assert "post" in writable.get("/api/openapi.json").json()["paths"]["/api/articles"]
    with TestClient(create_app(tmp_path / "r.db")) as reader:
        assert "post" not in reader.get("/api/openapi.json").json()["paths"]["/api/articles"]
