"""Plans the event coder left without an event.

"Coalition talks are expected to begin next week" or "a joint statement is
planned for May 2" carry no actor the coder can pin down, yet they are just
what a calendar is for.  A sentence whose claims say something is expected,
name what it is (a story anchor or a scheduled occasion) and give a date
becomes one plan row, shaped like an event row so the story builder treats
it like any other report.  Its parties are the countries named in the
sentence, or else those of the article's nearest earlier event, which is
what such a sentence is usually about.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from .cues import Lifecycle, lifecycle, sentence_bounds
from .db import Row, Store
from .stories import interval

_PLANNING = ("expected",)
_DATING = ("expected", "possible")


def _country(row: Row) -> str | None:
    code = row["country"] or (row["code"] or "")[:3]
    return code if len(code) == 3 and code.isalpha() and code != "UNK" else None


def _what(claims: list[Row], rules: Lifecycle) -> tuple[str | None, str] | None:
    """The plan's anchor and type, from the sentence's expected claims."""
    for claim in claims:
        if claim["status"] in _PLANNING and claim["anchor"]:
            anchor = rules.anchor_named(claim["anchor"])
            if anchor is not None and anchor.types:
                return anchor.name, _first_type(anchor.types)
    for claim in claims:
        kind = rules.occasions.get(claim["trigger"].lower())
        if claim["status"] in _PLANNING and kind:
            return None, kind
    return None


def _first_type(types: frozenset[str]) -> str:
    """A plan of a meeting is a CONSULT; of an agreement or truce, an AGREE."""
    for kind in ("CONSULT", "AGREE"):
        if kind in types:
            return kind
    return sorted(types)[0]


def _parties(text: str, start: int, entities: list[Row],
             earlier: list[tuple[int, list[str]]]) -> list[str]:
    lo, hi = sentence_bounds(text, start)
    sentence = text[lo:hi]
    named = [e for e in entities if re.search(rf"\b{re.escape(e['name'])}\b", sentence)]
    # A country guessed for a group of unknown role is weaker than the context.
    strong = {c for e in named if (c := _country(e)) and
              (e["kind"] == "GPE" or (e["sector"] or "UNK") != "UNK")}
    if strong:
        return sorted(strong)
    before = [parties for offset, parties in earlier if offset < start and parties]
    if before:
        return sorted(before[-1])
    return sorted({c for e in named if (c := _country(e))})


def plan_rows(store: Store) -> list[Row]:
    """One event-like row per sentence that plans something dated and has no event."""
    rules = lifecycle()
    with_events = {(e["article_id"], e["claim"]) for e in store.events()}
    claims = store.query(
        "SELECT c.*, t.value AS time_value, a.published, a.source FROM claims c "
        "JOIN articles a ON a.id = c.article_id LEFT JOIN timexes t "
        "ON t.article_id = c.article_id AND t.tid = c.time ORDER BY c.article_id, c.start")
    sentences: dict[tuple[int, Any], list[Row]] = defaultdict(list)
    busy: set[tuple[int, Any]] = set()
    for claim in claims:
        key = (claim["article_id"], claim["sentence"])
        if (claim["article_id"], claim["cid"]) in with_events:
            busy.add(key)  # the coder already made an event of this sentence
        sentences[key].append(claim)
    rows = []
    for key, group in sentences.items():
        if key in busy or key[1] is None:
            continue
        row = _plan(store, group, rules)
        if row is not None:
            rows.append(row)
    return rows


def _plan(store: Store, group: list[Row], rules: Lifecycle) -> Row | None:
    what = _what(group, rules)
    dated = [c for c in group if c["status"] in _DATING and interval(c["time_value"])]
    if what is None or not dated:
        return None
    first = group[0]
    aid = first["article_id"]
    entities = store.query(
        "SELECT name, kind, code, country, sector FROM entities WHERE article_id=?", (aid,))
    earlier = [(int(e["start"] or 0), e["parties"]) for e in store.query(
        "SELECT e.parties, c.start FROM events e LEFT JOIN claims c ON c.article_id = "
        "e.article_id AND c.cid = e.claim WHERE e.article_id=? ORDER BY c.start", (aid,))]
    parties = _parties(store.text(aid), first["start"], entities, earlier)
    if not parties:
        return None
    cue = next((c["cue"] for c in group if c["cue"]), None)
    return {
        "article_id": aid, "published": first["published"], "source": first["source"],
        "cid": dated[0]["cid"], "claim": dated[0]["cid"], "type": what[1], "anchor": what[0],
        "cue": cue,
        "status": "expected", "parties": parties, "time_value": dated[0]["time_value"],
        "place": None, "place_country": None, "place_precision": None,
        "used": [c["cid"] for c in group],
    }
