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


def test_a_visit_months_before_the_plan_was_reported_is_not_the_plan() -> None:
    rows = [event("2026-09-01", "CONSULT", ["PHL", "VNM"], "expected", "meeting",
                  when="2026-W37", article=300),
            event("2026-09-01", "CONSULT", ["PHL", "VNM"], "occurred", "meeting",
                  when="2026-02", article=301),
            event("2026-09-03", "CONSULT", ["PHL", "VNM"], "occurred", "meeting",
                  article=302)]  # undated, a week before the planned week
    found = cluster(rows, [], {})
    assert len(found) == 3
    plan = next(s for s in found if s.reports[0].article_id == 300)
    assert statuses(plan) == ["expected"]  # one plan alone never reads as done


def test_places_in_two_countries_or_two_dates_keep_plans_apart() -> None:
    rows = [event("2026-05-01", "CONSULT", ["PHL", "VNM"], "expected", "meeting",
                  when="2026-05-20", place="Manila"),
            event("2026-05-02", "CONSULT", ["PHL", "VNM"], "expected", "meeting",
                  when="2026-05-21", place="Hanoi"),
            event("2026-05-03", "CONSULT", ["PHL", "VNM"], "expected", "meeting",
                  when="2026-07-02")]
    rows[0]["place_country"], rows[1]["place_country"] = "PHL", "VNM"
    assert len(cluster(rows, [], {})) == 3


def test_a_country_level_place_fits_a_city_in_it() -> None:
    rows = [event("2026-05-01", "CONSULT", ["PHL", "VNM"], "expected", "meeting",
                  when="2026-05-20", place="Manila"),
            event("2026-05-02", "CONSULT", ["PHL", "VNM"], "expected", "meeting",
                  when="2026-05-20", place="Philippines")]
    rows[0]["place_country"] = rows[1]["place_country"] = "PHL"
    rows[1]["place_precision"] = "country"
    assert len(cluster(rows, [], {})) == 1


def test_one_article_plan_and_past_occasion_stay_apart() -> None:
    rows = [event("2026-09-01", "AGREE", ["PHL", "VNM"], "expected", "agreement", article=310),
            event("2026-09-01", "AGREE", ["PHL", "VNM"], "occurred", "agreement", article=310)]
    found = cluster(rows, [], {})
    assert sorted(statuses(s)[-1] for s in found) == ["expected", "occurred"]


def test_a_postponed_plan_may_change_its_date() -> None:
    rows = [event("2026-05-01", "CONSULT", ["PHL", "VNM"], "expected", "meeting",
                  when="2026-05-20"),
            event("2026-05-10", "CONSULT", ["PHL", "VNM"], "expected", "meeting", "postponed"),
            event("2026-05-12", "CONSULT", ["PHL", "VNM"], "expected", "meeting",
                  when="2026-06-10")]
    (story,) = cluster(rows, [], {})
    assert statuses(story) == ["expected", "postponed", "expected"]


def test_a_claim_without_a_cue_word_is_no_evidence() -> None:
    rows = [event("2026-04-01", "CONSULT", ["PHL", "VNM"], "expected", "meeting")]
    claims = [claim("2026-04-01", rows[0]["article_id"], "meeting", None, "ongoing")]
    (story,) = cluster(rows, claims, {rows[0]["article_id"]: {"PHL", "VNM", "MYS"}})
    assert statuses(story) == ["expected"] and story.parties == {"PHL", "VNM"}


def test_week_and_year_values_have_intervals() -> None:
    from datetime import date

    from tidings.store.stories import interval

    assert interval("2025-W37") == (date(2025, 9, 8), date(2025, 9, 14))
    assert interval("2026") == (date(2026, 1, 1), date(2026, 12, 31))
    assert interval("P1W") is None and interval("2025-13") is None


def test_impossible_calendar_values_have_no_interval() -> None:
    """Regression: year 0 raised instead of reading as no span."""
    from tidings.store.stories import interval

    assert interval("0000") is None
    assert interval("0000-05") is None and interval("2025-W60") is None
