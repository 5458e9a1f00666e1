"""Tests for the PLOVER and GDELT-style exports, on hand-built documents."""

from __future__ import annotations

import io

from tidings.document import (
    Actor,
    Article,
    Claim,
    Document,
    Entity,
    Event,
    EventTime,
    Factuality,
    Location,
    Mention,
    Participant,
    Span,
)  # fmt: skip
from tidings.export import (
    GDELT_COLUMNS,
    auxiliary_modes,
    event_date,
    gdelt_rows,
    plover_records,
    write_table,
)  # fmt: skip

TEXT = "Chile's president will visit Peru on May 4. Chile attacked Peru in 1879.\nLater news."


def _claim(cid: str, word: str, status: str, nth: int = 0) -> Claim:
    start = TEXT.index(word)
    return Claim(cid, Span(start, start + len(word), word), nth, Factuality(status=status))


def _doc() -> Document:
    chile = Entity("E1", "Chile", "GPE", [Mention(0, 5, "Chile")], Actor("CHL", "CHL"))
    pres = Entity("E2", "Gabriel Boric", "PERSON", [Mention(8, 17, "president")],
                  Actor("CHLGOV", "CHL", "GOV", "President of Chile", "Q1"))
    peru = Entity("E3", "Peru", "GPE", [Mention(29, 33, "Peru")], Actor("PER", "PER"))
    claims = [_claim("C1", "visit", "expected"), _claim("C2", "attacked", "occurred", 1)]
    where = Location("Lima", "PER", 3936456, -12.04, -77.03, "city")
    visit = Event("V1", "C1", "CONSULT", "visit", ["diplomatic"], "042",
                  [Participant("E2", "CHLGOV", 8, 17, "president")],
                  [Participant("E3", "PER", 29, 33, "Peru")],
                  EventTime("T1", "2024-05-04"), where, 0.8)
    attack = Event("V2", "C2", "ASSAULT", None, [], "190",
                   [Participant("E1", "CHL", 44, 49, "Chile")],
                   [Participant("E3", "PER", 59, 63, "Peru")], EventTime("T2", "1879"), None, 0.6)
    return Document("d1", Article(url="http://example.org/a", published="2024-04-01"), TEXT,
                    entities=[chile, pres, peru], claims=claims, events=[visit, attack])


def test_plover_records_carry_the_standard_fields() -> None:
    visit, attack = plover_records(_doc())
    assert visit["id"] == "d1-V1" and visit["date"] == "2024-05-04"
    assert visit["event"] == ["CONSULT"] and visit["mode"] == ["visit", "future"]
    assert visit["actor"][0]["code"] == "CHL" and visit["actor"][0]["sector"] == "GOV"
    assert visit["actor"][0]["identifier_id"] == "Q1"
    assert visit["recipient"][0]["entity_text"] == "Peru"
    assert visit["quad_code"] == 1 and visit["event_loc"]["geonameid"] == 3936456
    assert visit["cite_info"]["url"] == "http://example.org/a"
    assert "visit Peru" in visit["text"]
    assert attack["mode"] == ["historical"] and attack["quad_code"] == 4
    assert attack["date"] == "2024-04-01"  # a year only: the publication date


def test_auxiliary_modes_follow_factuality() -> None:
    doc = _doc()
    visit = doc.events[0]
    for status, modes in [("negated", ["negation"]), ("hypothetical", ["hypothetical"]),
                          ("ongoing", []), ("expected", ["future"])]:
        claim = _claim("C9", "visit", status)
        assert auxiliary_modes(claim, visit, "2024-04-01") == modes
    recent = Event("V3", "C9", "ASSAULT", None, [], "190", [], [],
                   EventTime(None, "2024-03-20"), None, 0.5)
    assert auxiliary_modes(_claim("C9", "attacked", "occurred"), recent, "2024-04-01") == []
    assert event_date(recent, "2024-04-01") == "2024-03-20"


def test_gdelt_rows_have_codes_scores_and_status() -> None:
    visit, attack = gdelt_rows(_doc())
    assert set(GDELT_COLUMNS) <= set(visit)
    assert visit["Day"] == "20240504" and visit["Year"] == 2024
    assert (visit["Actor1Code"], visit["Actor1CountryCode"], visit["Actor1Type1Code"]) == (
        "CHLGOV", "CHL", "GOV")
    assert visit["Actor2Code"] == "PER" and visit["EventRootCode"] == "04"
    assert visit["QuadClass"] == 1 and isinstance(visit["GoldsteinScale"], float)
    assert visit["ActionGeo_CountryCode"] == "PER" and visit["ActionGeo_Type"] == 4
    assert visit["IsRootEvent"] == 1 and visit["Status"] == "expected"
    assert attack["QuadClass"] == 4 and attack["GoldsteinScale"] < 0
    assert attack["ActionGeo_FullName"] == "" and visit["GlobalEventID"] != attack["GlobalEventID"]


def test_write_table_writes_tsv_and_csv() -> None:
    rows = gdelt_rows(_doc())
    out = io.StringIO()
    assert write_table(rows, out) == 2
    lines = out.getvalue().splitlines()
    assert lines[0].split("\t") == list(GDELT_COLUMNS) and len(lines) == 3
    out = io.StringIO()
    write_table(rows, out, columns=("EventCode", "Status"), delimiter=",", header=False)
    assert out.getvalue().splitlines() == ["042,expected", "190,occurred"]
