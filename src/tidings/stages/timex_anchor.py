"""Calendar arithmetic and anchoring for the temporal tagger.

A relative or year-less expression ("Tuesday", "in March", "the fourth
quarter", "last spring") names a calendar unit that only the publication date
and the sentence's direction (the tense of the governing verb) can place.
The choices are kept here, apart from the normalisers in
:mod:`tidings.stages.timex_values`, because they share one policy: news
mostly reports the recent past, so a past reading wins unless the sentence
points ahead, and a reading about a year away yields to a near one in the
other direction (a tense is a weaker signal than a date's distance).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

# Seasons in calendar order with their first month; winter starts the year's end.
_SEASONS: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_FUTURE_WINDOW_DAYS = 90
_SOON_DAYS = 45
# Direction of a date adjunct of a finished past deed: no "next month" reading.
FIRMLY_PAST = -2


@dataclass
class Anchor:
    """Publication date and, computed only when asked, the sentence's direction
    (-1 past, +1 future, 0 unknown; -2 for the dated adjunct of a finished past
    deed) from the governing verb."""

    published: date | None
    direction_of: Callable[[], int] = field(default=lambda: 0)
    _direction: int | None = None

    @property
    def direction(self) -> int:
        if self._direction is None:
            self._direction = self.direction_of()
        return self._direction


# --- calendar arithmetic -------------------------------------------------

def shift(day: date, unit: str, n: int) -> date:
    """Move ``n`` calendar units; month arithmetic clamps to the month's end."""
    if unit == "D":
        return day + timedelta(days=n)
    if unit == "W":
        return day + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit, 0) * n
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        return day
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def fmt(day: date, unit: str) -> str:
    """The TIMEX3 value of the calendar ``unit`` that contains ``day``."""
    if unit == "D":
        return day.isoformat()
    if unit == "W":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "DE":
        return f"{day.year:04d}"[:3]
    if unit == "CE":
        return f"{day.year:04d}"[:2]
    return f"{day.year:04d}"


def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def pick_day(month: int, day: int, anchor: Anchor, weekday: int | None = None) -> date | None:
    """The year-less date nearest the publication date in the sentence's
    direction; a named weekday ("Tuesday, March 4") settles the year outright."""
    pub = anchor.published
    if pub is None:
        return None
    cands = [date(y, month, day) for y in (pub.year - 1, pub.year, pub.year + 1)
             if valid_day(y, month, day)]
    if weekday is not None:
        fitting = [c for c in cands if c.isoweekday() == weekday]
        cands = fitting or cands
    if not cands:
        return None
    direction = anchor.direction
    # A day-precise date almost a year away is rarer in news than a tense that
    # points the other way ("the deadline was moved to Nov. 3", "the talks
    # will resume after the Sept. 30 deadline" a few days after it).
    if direction > 0 and any(c >= pub for c in cands):
        ahead = min(c for c in cands if c >= pub)
        recent = [c for c in cands if 0 < (pub - c).days <= _SOON_DAYS]
        return recent[0] if recent and (ahead - pub).days > 300 else ahead
    if direction < 0 and any(c <= pub for c in cands):
        past = max(c for c in cands if c <= pub)
        soon = [c for c in cands if 0 < (c - pub).days <= _SOON_DAYS]
        return soon[0] if soon and (pub - past).days > 300 else past
    # Unknown direction: news mostly reports the past, so a future reading
    # wins only when it is both nearer and within a few months.
    near = [c for c in cands if c <= pub or (c - pub).days <= _FUTURE_WINDOW_DAYS]
    return min(near or cands, key=lambda c: (abs((c - pub).days), c > pub))


def pick_month_year(month: int, anchor: Anchor) -> int | None:
    """Year of a year-less month: the last one before publication for past
    sentences, the next for future ones, else whichever is nearer.  As for
    days, next month beats the same month eleven months back even in a past
    sentence ("gave the bidder until mid-November" in late October): a month
    that long ago would be "last November"."""
    pub = anchor.published
    if pub is None:
        return None
    now = pub.year * 12 + pub.month
    cands = [(y * 12 + month, y) for y in (pub.year - 1, pub.year, pub.year + 1)]
    direction = anchor.direction
    if direction > 0:
        return min(c for c in cands if c[0] >= now)[1]
    if direction < 0:
        soon = [c for c in cands if c[0] == now + 1 and direction > FIRMLY_PAST]
        return soon[0][1] if soon else max(c for c in cands if c[0] <= now)[1]
    near = [c for c in cands if c[0] - now <= _FUTURE_WINDOW_DAYS // 30]
    return min(near, key=lambda c: (abs(c[0] - now), c[0] > now))[1]


def pick_quarter_year(quarter: int, anchor: Anchor) -> int | None:
    """Year of a year-less quarter: this year's, unless the quarter has not
    begun yet and the sentence does not point ahead ("profits fell in the
    fourth quarter" in a January report is last year's)."""
    pub = anchor.published
    if pub is None:
        return None
    if quarter > (pub.month - 1) // 3 + 1 and anchor.direction <= 0:
        return pub.year - 1
    return pub.year


def pick_weekday(weekday: int, anchor: Anchor, rel: int | None) -> date | None:
    pub = anchor.published
    if pub is None:
        return None
    if rel == 0:
        return pub + timedelta(days=weekday - pub.isoweekday())
    if rel is None and weekday == pub.isoweekday():
        return pub  # "Thursday" in a Thursday article is nearly always that day
    back = (pub.isoweekday() - weekday) % 7
    ahead = (weekday - pub.isoweekday()) % 7 or 7
    if rel == -1:
        return pub - timedelta(days=back or 7)
    if rel == 1 or anchor.direction > 0 or (anchor.direction == 0 and ahead == 1):
        return pub + timedelta(days=ahead)
    return pub - timedelta(days=back)


def nth_weekday(year: int, month: int, weekday: int, nth: int, from_day: int = 1) -> date:
    """The n-th (or, for -1, the last) given ISO weekday of a month, counting
    from ``from_day`` (the US Election Day is the first Tuesday from the 2nd)."""
    if nth < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, from_day)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month = (h + ell - 7 * m + 90) // 25
    return date(year, month, (h + ell - 7 * m + 33 * month + 19) % 32)


def pick_holiday(on: Callable[[int], date], rel: int | None, anchor: Anchor) -> date | None:
    """A year-less holiday: the occurrence the sentence points to ("last
    Thanksgiving", "will reopen after Easter"), else the nearest one."""
    pub = anchor.published
    if pub is None:
        return None
    cands = [on(y) for y in (pub.year - 1, pub.year, pub.year + 1)]
    direction = rel if rel else anchor.direction
    if direction < 0:
        return max(c for c in cands if c < pub or (c == pub and not rel))
    if direction > 0:
        return min(c for c in cands if c > pub or (c == pub and not rel))
    return min(cands, key=lambda c: abs((c - pub).days))


def season_start(season: str, rel: int | None, anchor: Anchor) -> int | None:
    """Months since year 0 of the first month of the season meant."""
    pub = anchor.published
    if pub is None:
        return None
    now = pub.year * 12 + pub.month - 1
    starts = [y * 12 + _SEASONS[season] - 1 for y in (pub.year - 2, pub.year - 1, pub.year,
                                                      pub.year + 1)]
    direction = anchor.direction if rel is None else 0
    if rel == -1:
        return max(c for c in starts if c + 3 <= now)
    if rel == 1:
        return min(c for c in starts if c > now)
    if direction < 0:
        return max(c for c in starts if c <= now)
    if direction > 0:
        return min(c for c in starts if c + 3 > now)
    return min(starts, key=lambda c: abs(c + 1 - now))


_DATE_VALUE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4]))?")
_FINENESS = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}


def from_reference(value: str, unit: str, n: int = 0) -> str | None:
    """The ``unit`` (D, W, M, Q, Y) that contains an absolute date value,
    moved ``n`` units ("the following year" after "in 1995" is 1996); None
    when the value is too coarse for the unit ("that day" after "in 1998")."""
    found = _DATE_VALUE.fullmatch(value)
    if found is None or unit not in _FINENESS:
        return None
    year, month, day, quarter = found.groups()
    if quarter:
        if unit not in ("Q", "Y"):
            return None
        month = f"{int(quarter) * 3 - 2:02d}"
    grain = "D" if day else ("Q" if quarter else ("M" if month else "Y"))
    if _FINENESS[grain] > _FINENESS[unit] or (unit == "W" and grain != "D"):
        return None
    return fmt(shift(date(int(year), int(month or 1), int(day or 1)), unit, n), unit)


def quarter_of_period_ending(day: date) -> str:
    """The calendar quarter a three-month period ending on ``day`` mostly
    falls in: a quarter ending May 31 (March to May) counts as the second."""
    return fmt(day - timedelta(days=45), "Q")
