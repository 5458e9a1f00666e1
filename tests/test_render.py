"""The text digest shows figures with scale words and events with their status."""

from __future__ import annotations

from tidings.document import (
    Actor,
    Article,
    Claim,
    Document,
    Entity,
    Event,
    Factuality,
    Mention,
    Participant,
    Quantity,
    Span,
)
from tidings.render import _human, render_text


def test_scale_words() -> None:
    assert _human(68_700_000_000) == "68.7 billion"
    assert _human(2_500_000) == "2.5 million"
    assert _human(1.5e12) == "1.5 trillion"
    assert _human(42) == "42"


def test_digest_lists_events_with_status_and_source() -> None:
    claim = Claim("C1", Span(4, 9, "visit"), 0,
                  Factuality("expected", "probable", "positive", "future", 2.0))
    event = Event("V1", "C1", "CONSULT", "visit", [], "042",
                  [Participant("E1", "PERGOV", 0, 3, "Ana")],
                  [Participant(None, "CHL", 10, 15, "Chile")], None, None, 0.8)
    doc = Document(
        id="d1", article=Article(published="2025-01-01"),
        entities=[Entity("E1", "Ana", "PERSON", [Mention(0, 3, "Ana")], Actor("PERGOV"))],
        claims=[claim], events=[event],
        quantities=[Quantity("Q1", 20, 28, "$3bn", "money", 3e9, "USD", "trade")],
    )
    out = render_text(doc)
    assert "CONSULT/visit  cameo 042  PERGOV -> CHL  [expected]  'visit'" in out
    assert "$3bn = 3 billion USD (trade)" in out
    assert "Ana [PERGOV]" in out
