"""The command line: batch mode, exit codes, output formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.cli import main
from tidings.pipeline import Pipeline

ARTICLE = ("The foreign minister of Chile will visit Argentina next week for talks on trade, "
           "officials said on Monday.")


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_writes_one_line_per_input_and_records_errors(
    tmp_path: Path, pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", [
        json.dumps({"id": "ok", "text": ARTICLE, "published": "2025-03-03"}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": "ok2", "text": ARTICLE, "published": None, "gold": {"x": 1}}),
    ])
    out = tmp_path / "out.jsonl"
    code = main(["extract", "--jsonl", str(src), "--out", str(out), "--no-progress"])
    assert code == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["ok", "broken", "empty", "ok2"]
    assert rows[0]["schema"] == "tidings.document/1"
    assert rows[0]["article"]["published"] == "2025-03-03"
    assert rows[1]["error"]["code"] == "E106"
    assert rows[2]["error"]["code"] == "E101"
    assert "error" not in rows[3]
    assert "broken" in capsys.readouterr().err


def test_all_good_batch_exits_zero(tmp_path: Path, pipeline: Pipeline) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", [json.dumps({"id": "1", "text": ARTICLE})])
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--jsonl", str(src), "--out", str(out)]) == 0


def test_single_file_prints_one_json_document(
    tmp_path: Path, pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "story.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(src), "--published", "2025-03-03"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["id"] == "story"
    assert doc["article"]["published"] == "2025-03-03"
    assert len(doc["article"]["text_sha256"]) == 64


def test_binary_file_is_a_document_error_not_a_crash(
    tmp_path: Path, pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    blob = tmp_path / "image.txt"
    blob.write_bytes(b"\x00\x01\x02binary\x00")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(blob), str(good), "--format", "jsonl"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["error"]["code"] == "E102"
    assert rows[1]["id"] == "good" and "entities" in rows[1]


def test_missing_file_is_reported(pipeline: Pipeline, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "/nonexistent/story.txt", "--format", "jsonl"]) == 1
    row = json.loads(capsys.readouterr().out)
    assert row["error"]["code"] == "E108"


def test_huge_document_is_refused_and_batch_goes_on(tmp_path: Path, pipeline: Pipeline) -> None:
    huge = "The parliament debated the budget. " * 150_000  # about 5 MB
    src = _write_jsonl(tmp_path / "in.jsonl", [json.dumps({"id": "huge", "text": huge}),
                                               json.dumps({"id": "small", "text": ARTICLE})])
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--jsonl", str(src), "--out", str(out)]) == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["error"]["code"] == "E104"
    assert rows[1]["id"] == "small" and "error" not in rows[1]


def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract"]) == 2
    assert main(["extract", "x.txt", "--published", "yesterday"]) == 2
    with pytest.raises(SystemExit) as info:
        main(["extract", "--format", "xml", "x.txt"])
    assert info.value.code == 2


def test_unknown_model_is_a_setup_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "x.txt", "--model", "no_such_model_xyz"]) == 2
    assert "E002" in capsys.readouterr().err


def test_text_format_is_a_readable_digest(
    tmp_path: Path, pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "story.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(src), "--published", "2025-03-03", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== story  (published 2025-03-03)")
    assert "events (" in out and "claims (" in out


def test_progress_bar_draws_counts_and_rate() -> None:
    import io

    from tidings.cli import Progress

    stream = io.StringIO()
    progress = Progress(total=10, stream=stream, enabled=True)
    for i in range(10):
        progress.step(failed=(i == 3))
    progress.close()
    out = stream.getvalue()
    assert "10/10" in out and "1 failed" in out and "docs/s" in out
    assert out.endswith("\n")


def test_progress_bar_is_silent_when_disabled() -> None:
    import io

    from tidings.cli import Progress

    stream = io.StringIO()
    progress = Progress(total=3, stream=stream, enabled=False)
    for _ in range(3):
        progress.step(failed=False)
    progress.close()
    assert stream.getvalue() == ""


def test_plover_and_gdelt_formats(
    tmp_path: Path, pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Peru and Chile signed a trade agreement in Lima on Monday."
    src = _write_jsonl(tmp_path / "in.jsonl", [
        '{"id": "bad", ',
        json.dumps({"id": "ok", "text": text, "published": "2025-03-05"}),
    ])
    assert main(["extract", "--jsonl", str(src), "--format", "gdelt"]) == 1
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split("\t")
    assert "EventCode" in header and "QuadClass" in header and "Status" in header
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    assert rows, "the agreement is an event"
    assert all(r["Day"].startswith("2025") for r in rows)
    assert main(["extract", "--jsonl", str(src), "--format", "plover"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == len(rows)
    assert all(r["event"] and r["actor"] for r in records)
