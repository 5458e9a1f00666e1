"""Input handling: every kind of bad input becomes a coded error, never a traceback."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tidings.errors import InputError, SetupError
from tidings.reader import (
    check_text,
    decode_bytes,
    item_from_record,
    iter_jsonl_lines,
    parse_date,
    read_file,
)


def test_parse_date_accepts_dates_and_timestamps() -> None:
    assert parse_date("2025-10-16") == date(2025, 10, 16)
    assert parse_date("2025-10-16T08:30:00Z") == date(2025, 10, 16)
    assert parse_date(None) is None


def test_parse_date_refuses_nonsense() -> None:
    with pytest.raises(SetupError) as info:
        parse_date("next Tuesday")
    assert info.value.code == "E003"


def test_invalid_utf8_is_reported_with_offset() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(b"caf\xe9 au lait")
    assert info.value.code == "E103"
    assert "offset 3" in info.value.text


def test_binary_is_refused() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert info.value.code == "E102"


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(InputError) as info:
        check_text(text)
    assert info.value.code == "E101"


def test_oversized_text_is_refused_with_the_limit() -> None:
    with pytest.raises(InputError) as info:
        check_text("word " * 1000, max_chars=1000)
    assert info.value.code == "E104"
    assert "1,000" in info.value.text


def test_non_english_text_gets_a_warning() -> None:
    german = ("Die Regierung hat am Montag neue Sanktionen gegen mehrere Unternehmen "
              "beschlossen, teilte das Ministerium in einer Erklärung mit.")
    warnings = check_text(german)
    assert [w["code"] for w in warnings] == ["W201"]


def test_cyrillic_text_names_its_script() -> None:
    russian = ("Президент заявил во вторник что переговоры продолжатся на следующей неделе "
               "в столице несмотря на разногласия сторон")
    warnings = check_text(russian)
    assert warnings and "Cyrillic" in warnings[0]["message"]


def test_english_text_has_no_warning() -> None:
    assert check_text("The minister said on Monday that the talks would resume in May.") == []


def test_html_file_is_reduced_to_its_article(tmp_path: Path) -> None:
    body = " ".join(["The delegation arrived in the capital for two days of talks."] * 8)
    page = tmp_path / "story.html"
    page.write_text(f"<html><head><title>x</title></head><body><nav>Home | World</nav>"
                    f"<article><h1>Talks open</h1><p>{body}</p></article></body></html>")
    item = read_file(page)
    assert item.error is None
    assert "delegation arrived" in item.text
    assert "<p>" not in item.text


def test_html_without_article_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><script>var x = 1;</script></body></html>")
    item = read_file(page)
    assert item.error is not None and item.error.code == "E105"


def test_jsonl_lines_keep_going_after_bad_ones() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Talks began.", "published": "2025-01-02",
                    "gold": {"ignored": True}}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "text": 42}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": "d", "text": "Talks ended.", "published": "soon"}),
    ]
    items = list(iter_jsonl_lines(lines))
    assert [i.id for i in items] == ["a", "b", "c", "line:4", "d"]
    assert items[0].error is None and items[0].published == date(2025, 1, 2)
    assert items[1].error is not None and items[1].error.code == "E106"
    assert items[2].error is not None and items[2].error.code == "E107"
    assert items[3].error is not None and items[3].error.code == "E107"
    assert items[4].error is None and items[4].published is None
    assert items[4].warnings[0]["code"] == "W202"


def test_record_with_html_text_is_cleaned() -> None:
    body = " ".join(["Ministers met in the capital to discuss the budget."] * 6)
    item = item_from_record({"id": "h", "text": f"<html><body><p>{body}</p></body></html>"}, "x")
    assert item.error is None and "Ministers met" in item.text and "<p>" not in item.text
