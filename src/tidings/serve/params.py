"""Query-string validation with one error type, shared by API and pages.

A bad parameter is the client's mistake and gets a 400 that names the
parameter, never a 500 from deep inside SQL.
"""

from __future__ import annotations

import re
from datetime import date

from starlette.datastructures import QueryParams

from .queries import EventFilter, StoryFilter

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_CODE = re.compile(r"^[A-Za-z]{3}[A-Za-z0-9]{0,12}$")
_COUNTRY = re.compile(r"^[A-Za-z]{3}$")
_WORD = re.compile(r"^[A-Za-z_]{1,40}$")
STATUSES = ("occurred", "ongoing", "expected", "possible", "negated", "hypothetical",
            "unknown")
STORY_STATUSES = ("expected", "postponed", "cancelled", "occurred", "broken", "unknown")


class ApiError(Exception):
    """An error with an HTTP status and a stable machine-readable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def bad(name: str, why: str) -> ApiError:
    return ApiError(400, "bad_parameter", f"{name}: {why}")


def integer(params: QueryParams, name: str, default: int, lo: int, hi: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad(name, f"expected an integer, got {raw!r}") from None
    if not lo <= value <= hi:
        raise bad(name, f"must be between {lo} and {hi}")
    return value


def paging(params: QueryParams) -> tuple[int, int]:
    return (integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
            integer(params, "offset", 0, 0, 10**9))


def code(value: str | None, name: str) -> str | None:
    if not value:
        return None
    if not _CODE.match(value):
        raise bad(name, "expected an actor code such as RUS or RUSGOV")
    return value.upper()


def country(value: str, name: str) -> str:
    if not _COUNTRY.match(value):
        raise bad(name, "expected a three-letter country code such as IND")
    return value.upper()


def day(params: QueryParams, name: str) -> str | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise bad(name, "expected a date YYYY-MM-DD") from None


def choice(params: QueryParams, name: str, allowed: tuple[str, ...]) -> str | None:
    raw = params.get(name)
    if not raw:
        return None
    if raw not in allowed:
        raise bad(name, f"one of {', '.join(allowed)}")
    return raw


def word(params: QueryParams, name: str) -> str | None:
    raw = params.get(name)
    if not raw:
        return None
    if not _WORD.match(raw):
        raise bad(name, "expected a type name such as CONSULT")
    return raw.upper()


def event_filter(params: QueryParams) -> EventFilter:
    pair = None
    if raw := params.get("pair"):
        parts = raw.split(",")
        if len(parts) != 2:
            raise bad("pair", "expected two country codes, A,B")
        pair = (country(parts[0], "pair"), country(parts[1], "pair"))
    start, end = day(params, "from"), day(params, "to")
    if start and end and start > end:
        raise bad("from", "must not be after 'to'")
    return EventFilter(actor=code(params.get("actor"), "actor"),
                       recipient=code(params.get("recipient"), "recipient"), pair=pair,
                       type=word(params, "type"), status=choice(params, "status", STATUSES),
                       start=start, end=end)


def story_filter(params: QueryParams) -> StoryFilter:
    party = params.get("party")
    return StoryFilter(status=choice(params, "status", STORY_STATUSES),
                       party=country(party, "party") if party else None,
                       type=word(params, "type"))


def search_text(params: QueryParams) -> str | None:
    raw = (params.get("q") or "").strip()
    if len(raw) > 500:
        raise bad("q", "at most 500 characters")
    return raw or None
