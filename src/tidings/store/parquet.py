"""Calendar, dyad and export over a batch dataset instead of a store.

``tidings batch`` writes a partitioned Parquet directory (see
:mod:`tidings.batch.layout`).  These functions answer the same questions as
:mod:`tidings.store.views` and return rows of the same shape, so the command
line prints the same thing; DuckDB does the scanning, filtering and monthly
aggregation on disk, so an archive larger than memory is read in one pass
and only the answer reaches Python.  DuckDB never installs or loads
extensions here (no network): Parquet and JSON support are built in.

A dataset has no stories table (story merging needs every report of a story
in memory, in order), so :func:`calendar` groups planned events in SQL
instead; see its docstring for how that differs from the store's calendar.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from os import PathLike
from pathlib import Path
from typing import IO, Any

from .cues import Lifecycle, lifecycle
from .docjson import document_from_dict
from .schema import StoreError
from .stories import interval
from .views import EXTERNAL_FORMATS, FORMATS, WHAT, _flat, precision

Source = str | PathLike[str]
_SETTINGS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_TABLES = ("documents", "events")

# TIMEX values as stories.interval() reads them: day, ISO week (with or
# without a weekday), month and year.  Kept equal to it by a test.
_MACROS = r"""
CREATE TEMP MACRO t_year(v) AS try_cast(substr(v, 1, 4) AS INTEGER);
CREATE TEMP MACRO t_week(v) AS try_cast(substr(v, 7, 2) AS INTEGER);
CREATE TEMP MACRO t_monday(v) AS make_date(t_year(v), 1, 4)
    - (isodow(make_date(t_year(v), 1, 4)) - 1)::INTEGER + 7 * (t_week(v) - 1);
CREATE TEMP MACRO t_week_ok(v) AS
    t_week(v) BETWEEN 1 AND weekofyear(make_date(t_year(v), 12, 28));
CREATE TEMP MACRO t_kind(v) AS CASE
    WHEN v IS NULL OR NOT regexp_matches(v, '^\d{4}') OR t_year(v) < 1 THEN NULL
    WHEN regexp_matches(v, '^\d{4}-\d{2}-\d{2}')
         AND try_cast(substr(v, 1, 10) AS DATE) IS NOT NULL THEN 'day'
    WHEN length(v) >= 10 AND regexp_matches(v, '^\d{4}-W\d{2}-[1-7]') AND t_week_ok(v)
         THEN 'weekday'
    WHEN regexp_full_match(v, '\d{4}-W\d{2}.?') AND t_week_ok(v) THEN 'week'
    WHEN regexp_full_match(v, '\d{4}-(0[1-9]|1[0-2])') THEN 'month'
    WHEN length(v) = 4 THEN 'year' END;
CREATE TEMP MACRO t_lo(v) AS CASE t_kind(v)
    WHEN 'day' THEN try_cast(substr(v, 1, 10) AS DATE)
    WHEN 'weekday' THEN t_monday(v) + (try_cast(substr(v, 10, 1) AS INTEGER) - 1)
    WHEN 'week' THEN t_monday(v)
    WHEN 'month' THEN make_date(t_year(v), try_cast(substr(v, 6, 2) AS INTEGER), 1)
    WHEN 'year' THEN make_date(t_year(v), 1, 1) END;
CREATE TEMP MACRO t_hi(v) AS CASE t_kind(v)
    WHEN 'week' THEN t_lo(v) + 6
    WHEN 'month' THEN last_day(t_lo(v))
    WHEN 'year' THEN make_date(t_year(v), 12, 31)
    ELSE t_lo(v) END;
CREATE TEMP MACRO json_list(l) AS
    replace(to_json(l)::VARCHAR, '","', '", "');
"""


class DatasetError(StoreError):
    """The dataset cannot be read (missing, foreign, or DuckDB is not installed)."""


def is_dataset(path: Source) -> bool:
    """A directory ``tidings batch`` wrote (or is writing), not a store file."""
    root = Path(path)
    return root.is_dir() and ((root / "_manifest.json").is_file() or (root / "events").is_dir())


def _import_duckdb() -> Any:
    try:
        import duckdb  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        raise DatasetError("reading a batch dataset needs DuckDB: pip install duckdb "
                           "(or pip install 'tidings[tables]')") from None
    return duckdb


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _attach(con: Any, root: Path, table: str) -> None:
    """A view over the table's part files; an empty table keeps its columns."""
    folder = root / table
    if any(folder.rglob("*.parquet")):
        pattern = _quote(folder / "**" / "*.parquet")
        con.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM read_parquet({pattern}, "
                    "hive_partitioning=true, hive_types_autocast=false, union_by_name=true, "
                    "filename=true, file_row_number=true)")
        return
    import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]

    from ..batch.layout import SCHEMAS, with_month

    schema = with_month(SCHEMAS[table]).append(pa.field("filename", pa.string()))
    schema = schema.append(pa.field("file_row_number", pa.int64()))
    con.register(f"{table}_empty", pa.Table.from_pylist([], schema=schema))
    con.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM {table}_empty")


@contextmanager
def _connect(path: Source) -> Iterator[Any]:
    duckdb = _import_duckdb()
    root = Path(path)
    if not is_dataset(root):
        raise DatasetError(f"{path} is not a batch dataset (no _manifest.json or events/)")
    con = duckdb.connect(config=_SETTINGS)
    con.execute("SET enable_progress_bar = false")
    with suppress(duckdb.Error):  # a loop join for "small" CTE estimates is quadratic here
        con.execute("SET asof_loop_join_threshold = 0")
    try:
        for table in _TABLES:
            _attach(con, root, table)
        con.execute(_MACROS)
        yield con
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DatasetError(f"cannot read the dataset {path}: {first}") from exc
    finally:
        con.close()


def _dicts(cursor: Any, size: int = 2048) -> Iterator[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(size):
        yield from (dict(zip(names, row, strict=True)) for row in batch)


def dataset_today(path: Source) -> date | None:
    """The dataset's present: the publication day of its newest article."""
    with _connect(path) as con:
        (newest,) = con.execute("SELECT max(published) FROM documents").fetchone()
    span = interval(newest)
    return span[0] if span else None


# One report per event with parties; its evidence as stories._report reads it.
_REPORTS = """
WITH r AS (
  SELECT doc_id, source, type, anchor, parties, time_value, place,
         try_cast(substr(published, 1, 10) AS DATE) AS day,
         t_lo(time_value) AS lo, t_hi(time_value) AS hi,
         CASE WHEN anchor IS NOT NULL AND cue IS NOT NULL THEN cue
              WHEN status IN ('occurred', 'ongoing') THEN 'occurred'
              WHEN status IN ('expected', 'possible') THEN 'expected' END AS ev0
  FROM events WHERE len(parties) > 0),
reports AS (SELECT * EXCLUDE (ev0),
  CASE WHEN ev0 = 'occurred' AND lo > day THEN 'expected' ELSE ev0 END AS ev FROM r),
"""
_PLANS = _REPORTS + """
plans AS (SELECT *, coalesce(anchor, '') AS akey, array_to_string(parties, '|') AS pkey
  FROM reports WHERE ev IN ('expected', 'postponed')),
dated AS (SELECT type, akey, pkey, since, max(time_value) AS time_value, max(due) AS due
  FROM (SELECT type, akey, pkey, time_value, min(day) AS since, max(hi) AS due
    FROM plans WHERE lo IS NOT NULL GROUP BY ALL) GROUP BY ALL),
dating AS (SELECT p.*, CASE WHEN p.lo IS NOT NULL THEN p.time_value
    WHEN p.day <= d.due THEN d.time_value END AS planned
  FROM plans p ASOF LEFT JOIN dated d ON d.type = p.type AND d.akey = p.akey
    AND d.pkey = p.pkey AND d.since <= p.day),
keyed AS (SELECT *, count(*) OVER (PARTITION BY type, akey, pkey, slot, place) AS seen
  FROM (SELECT *, coalesce(planned, 'undated ' || coalesce(strftime(day, '%Y-%m'), '?')) AS slot
    FROM dating)),
groups AS (SELECT row_number() OVER (ORDER BY min(day) NULLS FIRST, type, anchor NULLS FIRST,
    pkey, max(planned) NULLS FIRST) AS story, type, anchor, parties, max(planned) AS date,
    min(day) AS first_day, max(day) AS last_day,
    first(place ORDER BY seen DESC, day, place) FILTER (WHERE place IS NOT NULL) AS place,
    arg_max(ev, date_diff('day', DATE '0001-01-01', coalesce(day, DATE '0001-01-01')) * 2
            + (ev = 'postponed')::INTEGER) AS status,
    list(DISTINCT doc_id) AS docs, list_sort(list(DISTINCT coalesce(source, doc_id))) AS sources
  FROM keyed GROUP BY type, anchor, parties, pkey, slot),
later AS (SELECT type, anchor, parties, day, ev, hi, NULL AS planned FROM reports
  WHERE ev IN ('occurred', 'cancelled', 'broken') AND day IS NOT NULL
  UNION ALL SELECT type, anchor, parties, day, ev, hi, planned FROM keyed WHERE ev = 'postponed'),
kinds AS (SELECT *, 't:' || type AS kind FROM later
  UNION ALL SELECT *, 'a:' || anchor FROM later WHERE anchor IS NOT NULL
  UNION ALL SELECT l.*, 'a:' || k.anchor FROM later l JOIN anchor_types k ON k.type = l.type
  WHERE l.anchor IS NULL),
keys AS (SELECT kind, array_to_string(parties, '|') AS pkey, len(parties) = 1 AS single,
    day, ev, hi, planned FROM kinds
  UNION ALL SELECT kind, unnest(parties), false, day, ev, hi, planned FROM kinds
  WHERE len(parties) > 1),
daily AS (SELECT kind, pkey, single, day, bool_or(ev IN ('cancelled', 'broken')) AS cb,
    max(coalesce(hi, day)) FILTER (WHERE ev = 'occurred') AS held,
    bool_or(ev = 'postponed') AS pp, max(planned) FILTER (WHERE ev = 'postponed') AS moved
  FROM keys GROUP BY ALL),
after AS (SELECT kind, pkey, single, day, bool_or(cb) OVER w AS cb, max(held) OVER w AS held,
    max(CASE WHEN pp THEN day END) OVER p AS pp_day,
    arg_max(moved, CASE WHEN pp THEN day END) OVER p AS moved
  FROM daily WINDOW w AS (PARTITION BY kind, pkey, single ORDER BY day DESC
    ROWS UNBOUNDED PRECEDING), p AS (PARTITION BY kind, pkey, single)),
lookups AS (SELECT g.*, CASE WHEN anchor IS NULL THEN 't:' || type ELSE 'a:' || anchor END
    AS kind, array_to_string(parties, '|') AS pkey, s.single FROM groups g,
    (VALUES (true), (false)) s(single)
  UNION ALL SELECT *, CASE WHEN anchor IS NULL THEN 't:' || type ELSE 'a:' || anchor END,
    unnest(parties), true FROM groups WHERE len(parties) > 1),
gone AS (SELECT k.story, bool_or(s.cb OR s.held >= coalesce(t_lo(k.date), k.first_day) - 1)
    AS over, bool_or(s.pp_day > k.last_day AND s.moved IS DISTINCT FROM k.date) AS put_off,
    arg_max(s.moved, strftime(s.pp_day, '%Y-%m-%d') || coalesce(s.moved, '')) AS moved
  FROM lookups k ASOF JOIN after s ON s.kind = k.kind AND s.pkey = k.pkey
    AND s.single = k.single AND s.day > k.last_day GROUP BY k.story),
live AS (SELECT g.* REPLACE (CASE WHEN m.put_off THEN m.moved ELSE g.date END AS date)
  FROM groups g LEFT JOIN gone m ON m.story = g.story WHERE NOT coalesce(m.over, false))
SELECT story, type, anchor, parties, status, date, place, docs, sources, first_day, last_day
FROM live WHERE NOT coalesce(coalesce(t_hi(date), last_day) < $start, false)
  AND NOT coalesce(coalesce(t_lo(date), last_day) > $end, false)
  AND list_has_all(parties, $parties::VARCHAR[])
"""


def calendar(path: Source, start: date | None = None, end: date | None = None,
             parties: set[str] | None = None) -> list[dict[str, Any]]:
    """Planned events (still expected, or postponed) in the shape of
    :func:`tidings.store.views.calendar`, without the store's stories.

    In SQL, planned events with the same type, anchor, parties and date are
    one plan; a plan report without a date joins a dated plan of the same
    kind that was already known and not yet due, else the undated plans of
    its publication month.  A plan is dropped once a later article reports
    it held (on or after its date), cancelled or broken; put off, it moves
    to the new date.  The few plans left are then merged as stories merge
    them (see :func:`_merge`).  Unlike the store, a dataset has no claims
    table, so plans the event coder left without an event are not listed.
    ``story`` numbers the plans of this dataset, not a store's stories.
    """
    params = {"start": start, "end": end, "parties": sorted(parties or ())}
    with _connect(path) as con:
        con.execute("CREATE TEMP TABLE anchor_types(anchor VARCHAR, type VARCHAR)")
        pairs = [(a.name, t) for a in lifecycle().anchors for t in sorted(a.types)]
        if pairs:
            con.executemany("INSERT INTO anchor_types VALUES (?, ?)", pairs)
        found = _merge(list(_dicts(con.execute(_PLANS, params))))
    rows = [{"story": r["story"], "type": r["type"], "anchor": r["anchor"],
             "parties": r["parties"], "status": r["status"], "date": r["date"],
             "precision": precision(r["date"]), "place": r["place"],
             "n_reports": len(r["docs"]), "sources": sorted(r["sources"])} for r in found]
    rows.sort(key=lambda r: (r["date"] or "9999", r["story"]))
    return rows


def _open(plan: dict[str, Any], home: dict[str, Any], rules: Lifecycle) -> bool:
    """Whether ``home`` was last reported recently enough to take ``plan``:
    plans come oldest first, so one that is closed stays closed."""
    gap = (plan["first_day"] or date.max) - (home["last_day"] or date.min)
    return gap.days <= rules.window_days


def _fits(plan: dict[str, Any], home: dict[str, Any], rules: Lifecycle) -> int:
    """Shared parties when ``plan`` can be a report of ``home``, else 0: the
    story builder's kind and party rules, and a date neither contradicts."""
    if plan["date"] and home["date"] and plan["date"] != home["date"]:
        return 0
    if plan["anchor"] and home["anchor"]:
        if plan["anchor"] != home["anchor"]:
            return 0
    elif (anchor := rules.anchor_named(plan["anchor"] or home["anchor"])) is not None:
        if (home["type"] if plan["anchor"] else plan["type"]) not in anchor.types:
            return 0
    elif plan["type"] != home["type"]:
        return 0
    ours, theirs = set(plan["parties"]), set(home["parties"])
    shared = len(ours & theirs)
    return shared if shared >= 2 or (shared and min(len(ours), len(theirs)) == 1) else 0


def _merge(plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Plans that the store would merge into one story (one article's
    "summit" and "talks" between the same two countries), oldest first;
    the newest report gives the status, the first its type.  Only plans
    sharing a party and still open are compared, as in the story builder."""
    rules = lifecycle()
    merged: list[dict[str, Any]] = []
    by_party: dict[str, list[int]] = defaultdict(list)
    for plan in sorted(plans, key=lambda p: (p["first_day"] or date.min, p["story"])):
        scored = []
        for party in plan["parties"]:
            by_party[party] = [i for i in by_party[party] if _open(plan, merged[i], rules)]
            scored += [(n, i) for i in by_party[party] if (n := _fits(plan, merged[i], rules))]
        if not scored:
            merged.append({**plan, "docs": set(plan["docs"]), "sources": set(plan["sources"])})
            for party in plan["parties"]:
                by_party[party].append(len(merged) - 1)
            continue
        home = merged[max(scored)[1]]
        home["docs"] |= set(plan["docs"])
        home["sources"] |= set(plan["sources"])
        for party in sorted(set(plan["parties"]) - set(home["parties"])):
            by_party[party].append(max(scored)[1])
        home["parties"] = sorted(set(home["parties"]) | set(plan["parties"]))
        for key in ("anchor", "date", "place"):
            home[key] = home[key] or plan[key]
        if (plan["last_day"] or date.min) >= (home["last_day"] or date.min):
            home["status"], home["last_day"] = plan["status"], plan["last_day"]
    return merged


_MONTHLY = """
SELECT CASE WHEN t_kind(time_value) IN ('day', 'weekday', 'week', 'month')
            THEN strftime(t_lo(time_value), '%Y-%m')
            ELSE coalesce(nullif(substr(published, 1, 7), ''), 'unknown') END AS month,
       e.type, quad_class, count(*) AS n, sum(coalesce(goldstein, w.weight, 0.0)) AS score
FROM events e LEFT JOIN weights w ON w.type = e.type
WHERE list_has_all(parties, $pair::VARCHAR[]) AND status IN ('occurred', 'ongoing')
GROUP BY ALL
"""
_FIGURES = """
SELECT q.measure, q.value, q.unit, q.period, q.text, published, source, doc_id FROM (
  SELECT published, source, id AS doc_id, unnest(from_json(
    json_extract(document, '$.quantities'),
    '[{"text": "VARCHAR", "value": "DOUBLE", "unit": "VARCHAR", "measure": "VARCHAR",
       "between": ["VARCHAR"], "period": "VARCHAR"}]')) AS q
  FROM documents WHERE contains(document, $a) AND contains(document, $b))
WHERE list_sort(q.between) = $pair::VARCHAR[] ORDER BY published DESC NULLS LAST, doc_id DESC
"""


def dyad(path: Source, a: str, b: str, today: date | None = None) -> dict[str, Any]:
    """:func:`tidings.store.views.dyad` over a dataset: the monthly series and
    the latest figures are computed by DuckDB; ``upcoming`` is :func:`calendar`."""
    pair = sorted({a.upper(), b.upper()})
    weights = lifecycle().type_weights
    monthly: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"types": defaultdict(int), "quad_classes": defaultdict(int), "score": 0.0,
                 "events": 0})
    with _connect(path) as con:
        con.execute("CREATE TEMP TABLE weights(type VARCHAR, weight DOUBLE)")
        if weights:
            con.executemany("INSERT INTO weights VALUES (?, ?)", list(weights.items()))
        for row in _dicts(con.execute(_MONTHLY, {"pair": pair})):
            month = monthly[row["month"]]
            month["types"][row["type"]] += row["n"]
            if row["quad_class"]:
                month["quad_classes"][str(row["quad_class"])] += row["n"]
            month["score"] += row["score"]
            month["events"] += row["n"]
        latest: dict[str, dict[str, Any]] = {}
        figures = con.execute(_FIGURES, {"pair": pair, "a": pair[0], "b": pair[-1]})
        for fig in _dicts(figures):
            latest.setdefault(fig["measure"] or fig["text"], fig)
    series = [{"month": m, "events": v["events"], "types": dict(v["types"]),
               "quad_classes": dict(v["quad_classes"]), "score": round(v["score"], 2)}
              for m, v in sorted(monthly.items())]
    start = today or dataset_today(path) or date.today()
    return {"pair": pair, "months": series, "figures": list(latest.values()),
            "upcoming": calendar(path, start=start, parties=set(pair))}


# Articles numbered as a store numbers them: by publication, then input order.
_NUMBERED = """
WITH numbered AS (SELECT *, row_number() OVER (ORDER BY published NULLS FIRST, filename,
  file_row_number) AS article_id FROM documents)
"""
_SELECT = {
    "articles": _NUMBERED + """
SELECT article_id AS id, json_extract_string(document, '$.article.text_sha256') AS sha256,
  id AS doc_id, title, url, source, published,
  json_extract_string(document, '$.article.language') AS language,
  getvariable('ingested_at') AS ingested_at
FROM numbered ORDER BY article_id""",
    "events": _NUMBERED + """, ids AS (SELECT id, min(article_id) AS article_id FROM numbered
  GROUP BY id)
SELECT row_number() OVER (ORDER BY e.published NULLS FIRST, d.article_id, e.filename,
  e.file_row_number) AS id, d.article_id, eid, claim, type, mode, cameo,
  quad_class::BIGINT AS quad_class, goldstein, actors, recipients, parties, time_value, place,
  place_country, place_precision, lat, lon, status, trigger, anchor, cue, confidence,
  e.published, e.source, doc_id
FROM events e LEFT JOIN ids d ON d.id = e.doc_id ORDER BY id""",
    "documents": _NUMBERED + "SELECT document FROM numbered ORDER BY article_id",
}


def _finished(path: Source) -> str | None:
    try:
        manifest = json.loads((Path(path) / "_manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = manifest.get("finished") if isinstance(manifest, dict) else None
    return str(value) if value else None


def _check(what: str, fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if what not in WHAT:
        raise ValueError(f"cannot export {what!r}; choose one of {', '.join(WHAT)}")
    if what == "stories" and fmt not in EXTERNAL_FORMATS:
        raise ValueError("a batch dataset has no stories: ingest the articles into a store "
                         "(tidings ingest) to export them")


def _records(con: Any, what: str, fmt: str) -> Iterator[dict[str, Any]]:
    if fmt in EXTERNAL_FORMATS:
        from .. import export as exporters

        convert = getattr(exporters, EXTERNAL_FORMATS[fmt])
        for row in _dicts(con.execute(_SELECT["documents"])):
            yield from convert(document_from_dict(json.loads(row["document"])))
    else:
        yield from _dicts(con.execute(_SELECT[what]))


def _write(records: Iterator[dict[str, Any]], fmt: str, out: IO[str]) -> None:
    if fmt != "csv":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        return
    writer: csv.DictWriter[str] | None = None
    for record in _flat(records):
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(record))
            writer.writeheader()
        writer.writerow(record)
    if writer is None:
        csv.DictWriter(out, fieldnames=[]).writeheader()


def export(path: Source, what: str = "events", fmt: str = "jsonl",
           out: IO[str] | str | PathLike[str] | None = None) -> str | None:
    """:func:`tidings.store.views.export` over a dataset.  Rows stream from
    DuckDB to ``out``; Parquet is written by DuckDB itself, list columns as
    JSON text as the store's export writes them.  ``id`` and ``article_id``
    number events and articles in publication order, as a store does.
    Stories exist only in a store."""
    _check(what, fmt)
    if fmt == "parquet" and not isinstance(out, str | PathLike):
        raise ValueError("parquet is binary: give --out FILE")
    with _connect(path) as con:
        con.execute("SET VARIABLE ingested_at = ?", [_finished(path)])
        if fmt == "parquet":
            lists = " REPLACE (json_list(actors) AS actors, json_list(recipients) AS " \
                    "recipients, json_list(parties) AS parties)" if what == "events" else ""
            con.execute(f"COPY (SELECT *{lists} FROM ({_SELECT[what]})) "
                        f"TO {_quote(Path(str(out)))} (FORMAT parquet)")
            return None
        if isinstance(out, str | PathLike):
            with open(out, "w", encoding="utf-8", newline="") as handle:
                _write(_records(con, what, fmt), fmt, handle)
            return None
        buffer = io.StringIO()
        _write(_records(con, what, fmt), fmt, buffer if out is None else out)
    return buffer.getvalue() if out is None else None
