"""The merging and lifecycle rules on hand-built rows, one rule per test."""

from __future__ import annotations

from itertools import count
from typing import Any

from tidings.store.stories import Story, cluster, status_history

_ids = count(1)


def event(published: str, kind: str, parties: list[str], status: str = "occurred",
          anchor: str | None = None, cue: str | None = None, when: str | None = None,
          place: str | None = None, article: int | None = None) -> dict[str, Any]:
    n = next(_ids)
    return {"id": n, "eid": f"V{n}", "article_id": article or n, "claim": f"C{n}",
            "type": kind, "parties": parties, "status": status, "anchor": anchor, "cue": cue,
            "time_value": when, "place": place, "published": published, "source": f"s{n % 3}"}


def claim(published: str, article: int, anchor: str, cue: str | None,
          status: str = "occurred") -> dict[str, Any]:
    return {"cid": "C99", "article_id": article, "anchor": anchor, "cue": cue,
            "status": status, "published": published, "source": "wire"}


def statuses(story: Story) -> list[str]:
    return [status for status, _, _ in status_history(story)]


def test_two_attacks_a_week_apart_stay_two_stories() -> None:
    rows = [event("2026-05-02", "ASSAULT", ["MLI"], when="2026-05-01"),
            event("2026-05-03", "ASSAULT", ["MLI"]),
            event("2026-05-09", "ASSAULT", ["MLI"], when="2026-05-08")]
    found = cluster(rows, [], {})
    assert sorted(len(s.reports) for s in found) == [1, 2]


def test_a_called_off_visit_stays_cancelled() -> None:
    rows = [event("2026-01-10", "CONSULT", ["FRA", "IND"], "expected", "meeting",
                  when="2026-02-01"),
            event("2026-01-20", "CONSULT", ["FRA", "IND"], "negated", "meeting", "cancelled"),
            event("2026-01-25", "CONSULT", ["IND"], "expected", "meeting")]
    (story,) = cluster(rows, [], {})
    assert statuses(story) == ["expected", "cancelled"]


def test_a_new_plan_after_the_event_is_a_new_story() -> None:
    rows = [event("2026-03-01", "CONSULT", ["BRA", "ARG"], anchor="meeting", when="2026-03-01"),
            event("2026-03-02", "CONSULT", ["BRA", "ARG"], "expected", "meeting",
                  when="2026-06-15")]
    assert len(cluster(rows, [], {})) == 2


def test_other_parties_or_a_far_place_do_not_merge() -> None:
    rows = [event("2026-03-01", "CONSULT", ["KEN", "ETH"], "expected", "meeting",
                  place="Nairobi"),
            event("2026-03-02", "CONSULT", ["KEN", "UGA"], "expected", "meeting"),
            event("2026-03-03", "CONSULT", ["ETH"], "expected", "meeting", place="Mombasa"),
            event("2026-03-04", "CONSULT", ["ETH"], "expected", "meeting", place="Nairobi")]
    found = cluster(rows, [], {})
    assert sorted(len(s.reports) for s in found) == [1, 1, 2]


def test_quiet_stories_close_after_the_window() -> None:
    rows = [event("2026-01-01", "PROTEST", ["CHL"]), event("2026-06-01", "PROTEST", ["CHL"])]
    assert len(cluster(rows, [], {})) == 2


def test_an_anchor_claim_without_actors_still_counts_as_evidence() -> None:
    rows = [event("2026-04-01", "AGREE", ["ARM", "AZE"], anchor="ceasefire")]
    claims = [claim("2026-04-12", 50, "ceasefire", "broken", "ongoing"),
              claim("2026-04-12", 51, "ceasefire", "broken", "ongoing")]
    (story,) = cluster(rows, claims, {50: {"ARM", "AZE", "RUS"}, 51: {"ARM"}})
    assert statuses(story) == ["occurred", "broken"]
    assert {r.article_id for r in story.reports} == {rows[0]["article_id"], 50}


def test_a_happened_reading_dated_after_the_article_is_a_plan() -> None:
    rows = [event("2026-02-20", "CONSULT", ["KEN"], "occurred", "meeting", when="2026-03-05"),
            event("2026-03-26", "CONSULT", ["KEN", "ETH"], "occurred", "meeting",
                  when="2026-03-26")]
    (story,) = cluster(rows, [], {})
    assert statuses(story) == ["expected", "occurred"]


def test_a_plan_far_ahead_stays_open_until_its_date() -> None:
    rows = [event("2026-01-05", "CONSULT", ["IDN", "AUS"], "expected", "meeting",
                  when="2026-05-20"),
            event("2026-05-21", "CONSULT", ["IDN", "AUS"], "occurred", "meeting",
                  when="2026-05-20")]
    (story,) = cluster(rows, [], {})
    assert statuses(story) == ["expected", "occurred"]
