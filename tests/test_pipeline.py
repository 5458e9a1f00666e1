"""The Python API and the batch contract of the pipeline."""

from __future__ import annotations

import json

import pytest

import tidings
from tidings.pipeline import STAGES, Pipeline, check_order
from tidings.reader import InputItem
from tidings.stages.base import Analysis, Stage

TEXT = ("Brazilian President Luiz Inacio Lula da Silva met Argentine officials in Buenos Aires "
        "on Tuesday. Trade between Brazil and Argentina reached $30 billion in 2024.")


def test_extract_returns_a_contract_document(pipeline: Pipeline) -> None:
    doc = tidings.extract(TEXT, published="2025-04-02", title="Talks")
    data = json.loads(doc.to_json())
    assert data["schema"] == tidings.SCHEMA
    assert data["article"]["title"] == "Talks"
    for key in ("entities", "claims", "events", "timexes", "quantities", "places"):
        assert isinstance(data[key], list)
    assert "text" not in data
    assert json.loads(doc.to_json(include_text=True))["text"] == TEXT


def test_offsets_point_into_the_text(pipeline: Pipeline) -> None:
    doc = tidings.extract(TEXT, published="2025-04-02")
    spans = [(m.start, m.end, m.text) for e in doc.entities for m in e.mentions]
    spans += [(t.start, t.end, t.text) for t in doc.timexes]
    spans += [(q.start, q.end, q.text) for q in doc.quantities]
    spans += [(c.trigger.start, c.trigger.end, c.trigger.text) for c in doc.claims]
    assert spans, "the sample article yields extractions"
    for start, end, text in spans:
        assert TEXT[start:end] == text


def test_events_point_to_existing_claims(pipeline: Pipeline) -> None:
    doc = tidings.extract(TEXT, published="2025-04-02")
    claim_ids = {c.id for c in doc.claims}
    timex_ids = {t.id for t in doc.timexes}
    for event in doc.events:
        assert event.claim in claim_ids
        if event.time is not None and event.time.timex is not None:
            assert event.time.timex in timex_ids


def test_extract_raises_coded_error_on_empty_text(pipeline: Pipeline) -> None:
    with pytest.raises(tidings.InputError) as info:
        tidings.extract("   ")
    assert info.value.code == "E101"


def test_unknown_publication_date_is_warned(pipeline: Pipeline) -> None:
    doc = tidings.extract(TEXT)
    assert "W202" in {w["code"] for w in doc.warnings}


def test_one_failing_stage_fails_one_document_only(pipeline: Pipeline) -> None:
    def explode(analysis: Analysis) -> None:
        if "boom" in analysis.text:
            raise ValueError("stage bug")

    broken = Pipeline.__new__(Pipeline)
    broken.options = pipeline.options
    broken.nlp = pipeline.nlp
    broken.stages = (*pipeline.stages, Stage("explode", ("doc",), (), explode))
    items = [InputItem(id="1", text="Talks began in Lima."), InputItem(id="2", text="boom"),
             InputItem(id="3", text="Talks ended in Quito.")]
    results = list(broken.extract_items(items))
    assert [r.id for r in results] == ["1", "2", "3"]
    assert isinstance(results[1], tidings.ErrorRecord) and results[1].code == "E199"
    assert isinstance(results[2], tidings.Document)


def test_stage_order_is_checked() -> None:
    check_order(STAGES)
    late = Stage("needs-claims", ("claims",), (), lambda a: None)
    with pytest.raises(RuntimeError, match="reads"):
        check_order((late, *STAGES))


def test_parallel_extraction_matches_serial_in_order(pipeline: Pipeline) -> None:
    from tidings.pipeline import extract_parallel

    texts = [f"Officials in Lima said talks with Bolivia resume on day {i}." for i in range(6)]
    items = [InputItem(id=str(i), text=t) for i, t in enumerate(texts)]
    items.insert(2, InputItem(id="empty", text=" "))
    serial = [r.to_dict() for r in pipeline.extract_items(
        [InputItem(id=i.id, text=i.text) for i in items])]
    parallel = [r.to_dict() for r in extract_parallel(
        items, tidings.Options(batch_size=2), jobs=2)]
    assert parallel == serial
    assert parallel[2]["error"]["code"] == "E101"


def test_coded_errors_survive_pickling() -> None:
    import pickle

    error = tidings.InputError("E104", size=10, limit=5)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.code == "E104" and copy.text == error.text


def test_to_dict_matches_dataclasses_asdict(pipeline: Pipeline) -> None:
    from dataclasses import asdict

    doc = tidings.extract(TEXT, published="2025-04-02")
    expected = asdict(doc)
    expected.pop("text")
    # Optional additions to the schema are left out when empty.
    for event in expected["events"]:
        for key in ("location_reason", "counts"):
            if event[key] in (None, []):
                del event[key]
    for quantity in expected["quantities"]:
        if quantity["direction"] is None:
            del quantity["direction"]
    assert doc.to_dict() == expected


def test_event_counts_point_to_their_quantities(pipeline: Pipeline) -> None:
    text = ("Gunmen killed 12 villagers and wounded 30 others in an attack on a market in "
            "northern Mali on Sunday, officials said.")
    doc = tidings.extract(text, published="2025-03-04")
    quantities = {q.id: q for q in doc.quantities}
    counts = [c for e in doc.events for c in e.counts]
    assert {c.role for c in counts} >= {"killed"}
    for count in counts:
        assert quantities[count.quantity].value == count.value
    data = doc.to_dict()
    for event, plain in zip(doc.events, data["events"], strict=True):
        assert ("counts" in plain) == bool(event.counts)
