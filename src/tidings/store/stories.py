"""Merging reports into stories and following each story's life.

A *story* is one real-world event as the news follows it: announced,
confirmed, postponed, held, broken.  Events from different reports join a
story when they are about the same thing (the same anchor noun, "summit" or
"ceasefire", or else the same PLOVER type), involve the same parties, and
their times fit: two reports of something that *happened* must agree on
when, while a *planned* event may move (that is what postponement is).
Claims about an anchor that the event coder left without actors ("the
ceasefire collapsed") still count as evidence for a story their article's
countries match.  Stories are derived data: :func:`rebuild` recomputes them
from the events and claims tables in one transaction.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .cues import Lifecycle, lifecycle
from .db import Row, Store

# How a report's factuality reads as story evidence when no cue word says more.
_STATUS_EVIDENCE = {"occurred": "occurred", "ongoing": "occurred", "expected": "expected",
                    "possible": "expected"}
# Evidence a later report cannot overturn with a weaker reading (a stale
# "the planned summit" after it was held does not make it planned again).
_FINAL = {"occurred": {"expected"}, "cancelled": {"expected", "occurred"},
          "broken": {"expected", "occurred"}}
_SAME_DAY_PRIORITY = ("broken", "cancelled", "postponed", "occurred", "expected")
_PHASE = {"expected": "plan", "postponed": "plan", "cancelled": "plan", "occurred": "done",
          "broken": "done"}
_COARSE_PLACES = frozenset({"country", "admin1", "admin2", "region", "continent"})
_SLACK = timedelta(days=1)


@dataclass
class Report:
    """One piece of evidence: an event, or a claim about an anchor."""

    article_id: int
    published: date | None
    source: str | None
    parties: frozenset[str]
    type: str
    anchor: str | None
    evidence: str | None
    lo: date | None
    hi: date | None
    explicit: bool
    place: str | None
    time_value: str | None
    event_id: int | None = None
    claim: str | None = None
    place_country: str | None = None
    coarse_place: bool = False  # a country or region, which contains finer places
    borrowed_parties: bool = False  # the article's countries, not the report's own

    @property
    def phase(self) -> str | None:
        """Whether the report speaks of the thing as still to come or as done."""
        return _PHASE.get(self.evidence or "")


@dataclass(eq=False)
class Story:
    anchor: str | None
    type: str
    parties: set[str]
    reports: list[Report] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    occurred: tuple[date, date] | None = None
    first: date | None = None
    last: date | None = None
    planned: date | None = None  # latest date a report planned it for
    plan_reported: date | None = None  # when a plan for it was first reported
    plan_window: tuple[date, date] | None = None  # the newest explicit planned date
    plan_lo: date | None = None  # the earliest day any explicit plan gave
    postponed: bool = False
    countries: set[str] = field(default_factory=set)  # where its places lie
    sites: set[str] = field(default_factory=set)  # its places finer than a country
    phases: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, report: Report) -> None:
        self.reports.append(report)
        if not report.borrowed_parties or not self.parties:
            self.parties |= report.parties
        if self.anchor is None and report.anchor:
            self.anchor = report.anchor
        if report.phase:
            self.phases[report.article_id].add(report.phase)
        self._add_place(report)
        self._add_plan(report)
        if report.evidence == "occurred" and report.lo and report.hi:
            lo, hi = report.lo, report.hi
            if self.occurred:
                lo, hi = min(lo, self.occurred[0]), max(hi, self.occurred[1])
            self.occurred = (lo, hi)
        if report.published:
            self.first = min(self.first or report.published, report.published)
            self.last = max(self.last or report.published, report.published)

    def _add_place(self, report: Report) -> None:
        if not report.place:
            return
        self.places.add(report.place)
        if report.place_country:
            self.countries.add(report.place_country)
        if not report.coarse_place:
            self.sites.add(report.place)

    def _add_plan(self, report: Report) -> None:
        if report.phase != "plan":
            return
        self.postponed = self.postponed or report.evidence == "postponed"
        if report.published:
            self.plan_reported = min(self.plan_reported or report.published, report.published)
        if report.explicit and report.lo and report.hi:
            self.planned = max(self.planned or report.hi, report.hi)
            self.plan_lo = min(self.plan_lo or report.lo, report.lo)
            self.plan_window = (report.lo, report.hi)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def interval(value: str | None) -> tuple[date, date] | None:
    """The days a TIMEX value covers, for day, ISO week, month and year values."""
    if not value or not value[:4].isdigit():
        return None
    year = int(value[:4])
    try:
        if len(value) >= 10 and (day := _day(value)):
            return day, day
        if len(value) in (8, 9) and value[4:6] == "-W" and value[6:8].isdigit():
            monday = date.fromisocalendar(year, int(value[6:8]), 1)
            return monday, monday + timedelta(days=6)
        if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
            start = date(year, int(value[5:]), 1)
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
            return start, end - timedelta(days=1)
        if len(value) == 4:
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError:  # year 0, month 13, week 54: not a calendar span
        return None
    return None


def _report(row: Row, rules: Lifecycle, parties: frozenset[str], kind: str) -> Report:
    published = _day(row["published"])
    # A cue word speaks about the anchor ("the truce collapsed"), not about
    # every event that shares its sentence.
    cue = row["cue"] if row["anchor"] else None
    evidence = cue or _STATUS_EVIDENCE.get(row["status"] or "")
    span = interval(row.get("time_value"))
    lo = hi = None
    if span:
        lo, hi = span
        if evidence == "occurred" and published and lo > published:
            evidence = "expected"  # nothing dated after the article can have happened yet
    elif published and evidence == "occurred":
        lo, hi = published - timedelta(days=rules.lookback_days), published
    elif published:
        lo, hi = published, published + timedelta(days=rules.expected_horizon_days)
    return Report(
        article_id=row["article_id"], published=published, source=row["source"],
        parties=parties, type=kind, anchor=row["anchor"], evidence=evidence, lo=lo, hi=hi,
        explicit=span is not None, place=row.get("place"), time_value=row.get("time_value"),
        event_id=row["id"] if "eid" in row else None,
        claim=row["cid"] if "cid" in row else row.get("claim"),
        place_country=row.get("place_country"),
        coarse_place=row.get("place_precision") in _COARSE_PLACES,
    )


def _kind_fits(report: Report, story: Story, rules: Lifecycle) -> bool:
    if report.anchor and story.anchor:
        return report.anchor == story.anchor
    anchor = rules.anchor_named(report.anchor or story.anchor)
    if anchor is not None:
        other = story.type if report.anchor else report.type
        return other in anchor.types
    return report.type == story.type


def _parties_fit(parties: frozenset[str], story: Story) -> int:
    """The shared parties, or 0 when the sets are too different to be one event."""
    shared = len(parties & story.parties)
    if shared >= 2 or (shared == 1 and min(len(parties), len(story.parties)) == 1):
        return shared
    return 0


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] + _SLACK and a[1] >= b[0] - _SLACK


def _time_fits(report: Report, story: Story, rules: Lifecycle) -> bool:
    window = timedelta(days=rules.window_days)
    open_until = max(story.last or date.min, story.planned or date.min)
    if report.published and story.last and report.published > open_until + window:
        return False  # a story stays open until its planned date, then for the window
    if report.lo is None or report.hi is None:
        return True
    span = (report.lo, report.hi)
    if story.occurred is not None:
        if report.evidence == "occurred":
            return _overlap(span, story.occurred)
        if report.evidence == "expected" and report.explicit:
            return report.lo <= story.occurred[1] + _SLACK  # a later plan is the next one
        return True
    if report.evidence == "occurred":
        return _can_fulfil(report.hi, story)
    if report.evidence == "expected" and report.explicit and story.plan_window:
        # A plan only changes its date by being put off; two dates otherwise are two plans.
        return story.postponed or _overlap(span, story.plan_window)
    return True


def _can_fulfil(happened_by: date, story: Story) -> bool:
    """Something that happened before its plan was reported, or before the
    earliest day the plan was for, is an earlier occasion, not the plan."""
    if story.plan_reported and happened_by < story.plan_reported - _SLACK:
        return False
    return not (story.plan_lo and happened_by < story.plan_lo - _SLACK)


def _place_fits(report: Report, story: Story) -> bool:
    """Two explicit places must be compatible: the same country, and the same
    place unless one of them is only a country or region."""
    if not report.place:
        return True
    if report.place_country and story.countries and report.place_country not in story.countries:
        return False
    return report.coarse_place or not story.sites or report.place in story.sites


def _same_occasion(report: Report, story: Story) -> bool:
    """One article's own present: what it still expects has not happened yet,
    so its reports of a plan and of something done are two occasions."""
    seen = story.phases.get(report.article_id)
    return not (seen and report.phase and report.phase not in seen)


def _best(report: Report, stories: list[Story], rules: Lifecycle) -> Story | None:
    best: tuple[int, date, Story] | None = None
    for story in stories:
        shared = _parties_fit(report.parties, story)
        if not shared or not _kind_fits(report, story, rules):
            continue
        if not (_time_fits(report, story, rules) and _place_fits(report, story)
                and _same_occasion(report, story)):
            continue
        key = (shared, story.last or date.min, story)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def cluster(events: list[Row], claims: list[Row], countries: dict[int, set[str]]) -> list[Story]:
    """Stories from event rows (in publication order) and anchor-claim rows."""
    rules = lifecycle()
    stories: list[Story] = []
    by_party: dict[str, list[Story]] = defaultdict(list)  # only stories sharing a party can fit
    order: dict[Story, int] = {}
    for row in events:
        parties = frozenset(row["parties"])
        if not parties:
            continue
        report = _report(row, rules, parties, row["type"])
        candidates = {id(s): s for p in sorted(parties) for s in by_party[p]}
        story = _best(report, sorted(candidates.values(), key=order.__getitem__), rules)
        if story is None:
            story = Story(anchor=report.anchor, type=report.type, parties=set())
            order[story] = len(stories)
            stories.append(story)
        for party in parties - story.parties:
            by_party[party].append(story)
        story.add(report)
    for row in claims:
        parties = frozenset(countries.get(row["article_id"], set()))
        if not row["cue"]:
            continue  # without an event, only a lifecycle word says something
        report = _report(row, rules, parties, "")
        report.borrowed_parties = True
        fitting = [s for s in stories if s.anchor == report.anchor
                   and s.parties <= parties and s.first is not None]
        report.place = None
        story = _best(report, fitting, rules)
        if story is not None and report.evidence:
            story.add(report)
    return stories


def status_history(story: Story) -> list[tuple[str, date | None, int]]:
    """Status after each report, oldest first; unchanged steps are left out."""
    by_day: dict[tuple[date, int], list[str]] = defaultdict(list)
    for report in story.reports:
        if report.evidence:
            by_day[(report.published or date.min, report.article_id)].append(report.evidence)
    history: list[tuple[str, date | None, int]] = []
    current: str | None = None
    for (day, article), found in sorted(by_day.items()):
        strongest = min(found, key=_SAME_DAY_PRIORITY.index)
        if current is not None and strongest in _FINAL.get(current, set()):
            continue
        if strongest != current:
            history.append((strongest, None if day == date.min else day, article))
            current = strongest
    return history


def reconcile(story: Story, quantities: dict[int, list[Row]]) -> dict[str, Any]:
    """Every value reports gave for the story's time, place and figures, with
    the articles that gave them; disagreements are kept, not averaged."""
    fields: dict[str, Any] = {}
    times = Counter(r.time_value for r in story.reports if r.time_value)
    places = Counter(r.place for r in story.reports if r.place)
    fields["when"] = [{"value": v, "reports": n} for v, n in times.most_common()]
    fields["place"] = [{"value": v, "reports": n} for v, n in places.most_common()]
    # The newest date a plan was given: after a postponement, the new one counts.
    plans = [r for r in story.reports if r.phase == "plan" and r.explicit and r.time_value]
    fields["planned"] = max(plans, key=lambda r: (r.published or date.min, r.article_id),
                            default=None)
    fields["planned"] = fields["planned"].time_value if fields["planned"] else None
    figures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for article in sorted({r.article_id for r in story.reports}):
        for q in quantities.get(article, []):
            if q["kind"] == "count" and q["measure"] and q["value"] is not None:
                figures[q["measure"]].append({"value": q["value"], "article": article})
    fields["figures"] = {
        measure: {"values": sorted({v["value"] for v in values}), "reports": values}
        for measure, values in figures.items()
    }
    return fields


def _article_countries(store: Store) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for row in store.query("SELECT article_id, code, country FROM entities"):
        code = row["country"] or (row["code"] or "")[:3]
        if len(code) == 3 and code.isalpha() and code != "UNK":
            found[row["article_id"]].add(code)
    return found


def rebuild(store: Store) -> int:
    """Recompute every story from the events and claims; return how many."""
    from .plans import plan_rows  # plans need interval() from here

    plans = plan_rows(store)
    events = sorted(store.events() + plans, key=lambda e: e["published"] or "")
    used = {(e["article_id"], e["claim"]) for e in events}
    used |= {(p["article_id"], cid) for p in plans for cid in p["used"]}
    claims = [
        c for c in store.query(
            "SELECT c.*, a.published, a.source FROM claims c JOIN articles a "
            "ON a.id = c.article_id WHERE c.anchor IS NOT NULL ORDER BY a.published, a.id")
        if (c["article_id"], c["cid"]) not in used
    ]
    quantities: dict[int, list[Row]] = defaultdict(list)
    for q in store.query("SELECT * FROM quantities"):
        quantities[q["article_id"]].append(q)
    stories = cluster(events, claims, _article_countries(store))
    with store.transaction() as conn:
        conn.execute("DELETE FROM stories")
        for story in stories:
            _write_story(conn, story, reconcile(story, quantities))
    return len(stories)


def _write_story(conn: Any, story: Story, fields: dict[str, Any]) -> None:
    history = status_history(story)
    when = fields["when"][0]["value"] if fields["when"] else None
    place = fields["place"][0]["value"] if fields["place"] else None
    sources = {r.source or f"article:{r.article_id}" for r in story.reports}
    cur = conn.execute(
        "INSERT INTO stories(anchor, type, parties, status, first_seen, last_seen, when_value,"
        " place, n_reports, n_sources, fields) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (story.anchor, story.type, json.dumps(sorted(story.parties)),
         history[-1][0] if history else "unknown", _iso(story.first), _iso(story.last), when,
         place, len({r.article_id for r in story.reports}), len(sources), json.dumps(fields)),
    )
    story_id = cur.lastrowid
    conn.executemany(
        "INSERT INTO story_reports VALUES (?,?,?,?,?,?)",
        [(story_id, r.article_id, r.event_id, r.claim, r.evidence or "mention",
          _iso(r.published)) for r in story.reports],
    )
    conn.executemany(
        "INSERT INTO story_status VALUES (?,?,?,?,?)",
        [(story_id, n, status, _iso(day), article)
         for n, (status, day, article) in enumerate(history)],
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def stories(store: Store) -> list[Row]:
    """Every story with its reports and status history, newest first."""
    found = store.query("SELECT * FROM stories ORDER BY last_seen DESC, id")
    for story in found:
        story["reports"] = store.query(
            "SELECT r.article_id, r.event_id, r.claim, r.evidence, r.published, a.source, "
            "a.doc_id, a.title FROM story_reports r JOIN articles a ON a.id = r.article_id "
            "WHERE r.story_id=? ORDER BY r.published, r.article_id", (story["id"],))
        story["history"] = store.query(
            "SELECT status, published, article_id FROM story_status WHERE story_id=? "
            "ORDER BY seq", (story["id"],))
    return found
