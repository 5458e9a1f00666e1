"""TIMEX3 normalisation for the temporal tagger in :mod:`tidings.stages.timex`.

Each extraction rule names one function of :data:`NORMALISERS`; the function
reads the rule's captured parts (already mapped through the lexicon) and the
anchor (publication date plus the direction the sentence points in) and
returns ``(type, value)``, or ``None`` when the match is not a valid date
after all (a 31 February, a "2010-05" that is a month, not a split year).
Keeping the value conventions here, away from the matching, lets the rules
stay data and lets each convention be tested on its own; the calendar
arithmetic and the choice of year or week for an expression that leaves it
open live in :mod:`tidings.stages.timex_anchor`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Protocol

from .timex_anchor import (
    Anchor,
    easter,
    fmt,
    nth_weekday,
    pick_day,
    pick_holiday,
    pick_month_year,
    pick_quarter_year,
    pick_weekday,
    season_start,
    shift,
    valid_day,
)

Result = tuple[str, str] | None

_UNKNOWN: dict[str, str] = {
    "D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX",
    "Y": "XXXX", "DE": "XXX", "CE": "XX",
}


class Parts(Protocol):
    """What a normaliser may ask about a match."""

    def has(self, name: str) -> bool: ...

    def text(self, name: str) -> str: ...

    def value(self, name: str) -> str | None: ...


def number(text: str, words: dict[str, str]) -> float | None:
    """Digits or number words ("twenty-five", "a couple of"); None if vague."""
    text = text.lower().strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"\d+\s+1/2", text):
        return float(text.split()[0]) + 0.5
    half = text.endswith("and a half")
    text = text.removesuffix("and a half").strip()
    if text in words:
        base: float | None = float(words[text])
    else:
        parts = re.split(r"[-\s]+", text)
        vals = [words.get(p) for p in parts]
        base = sum(float(v) for v in vals if v is not None) if all(vals) else None
    if base is None:
        return None
    return base + 0.5 if half else base


# A fraction of a unit is written in the next smaller one, as TimeML does
# ("2 1/2 years" is P2Y6M): the smaller unit and how many of it make one.
_SPLIT: dict[str, tuple[str, int]] = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7),
                                      "D": ("TH", 24), "TH": ("TM", 60), "TM": ("S", 60)}


def _split_duration(n: float, unit: str) -> str:
    small, per = _SPLIT[unit]
    whole, rest = int(n), round((n - int(n)) * per)
    if unit == "W":
        return f"P{whole * per + rest}D"
    parts = [(whole, unit), (rest, small)]
    date_part = "".join(f"{k}{u}" for k, u in parts if k and not u.startswith(("T", "S")))
    time_part = "".join(f"{k}{u[-1]}" for k, u in parts if k and u.startswith(("T", "S")))
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def duration(n: float | None, unit: str) -> str:
    """ISO 8601 duration; counted decades and centuries as years, as TimeML
    does.  "For decades" is some number of years; "for centuries" keeps
    TimeML's century letter (PXC), as years would say far too little."""
    if unit == "2W":
        unit, n = "W", None if n is None else n * 2
    if unit in ("DE", "CE") and n is not None:
        n, unit = n * (10 if unit == "DE" else 100), "Y"
    elif unit in ("DE", "CE"):
        unit = "Y" if unit == "DE" else "C"
    if n is not None and n != int(n) and unit in _SPLIT:
        return _split_duration(n, unit)
    amount = "X" if n is None else (str(int(n)) if n == int(n) else f"{n:g}")
    if unit.startswith("T"):
        return f"PT{amount}{unit[1:]}"
    if unit == "S":
        return f"PT{amount}S"
    return f"P{amount}{unit}"


def part_of_day(value: str, parts: Parts, name: str = "part_of_day") -> tuple[str, str]:
    pod = parts.value(name)
    return ("TIME", f"{value}T{pod}") if pod else ("DATE", value)


# --- normalisers, keyed by the rule's ``norm`` -----------------------------

def _int(parts: Parts, name: str) -> int | None:
    """A part's lexicon value as a number, or the number written in digits."""
    value = parts.value(name)
    if value is None and parts.has(name) and parts.text(name).isdigit():
        value = parts.text(name)
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def _digits(parts: Parts, name: str) -> int | None:
    found = re.match(r"\d+", parts.text(name)) if parts.has(name) else None
    return int(found.group()) if found else None


def _year(parts: Parts, anchor: Anchor) -> int | None:
    """An explicit year, a two-digit one, or one given relative to publication."""
    year = _digits(parts, "year")
    if year is not None:
        return year
    if parts.has("spelled_year"):
        spelled = spelled_year(parts.text("spelled_year"))
        return int(spelled) if spelled else None
    short = _digits(parts, "yy")
    if short is not None:
        return short + (1900 if short > 40 else 2000)
    for rel in ("yrel", "qrel", "rel2"):
        offset = _int(parts, rel)
        if offset is not None and anchor.published is not None:
            return anchor.published.year + offset
    return None


def norm_day(parts: Parts, anchor: Anchor) -> Result:
    month, day = _int(parts, "month"), _digits(parts, "day") or _int(parts, "dayword")
    if month is None or day is None:
        return None
    year = _year(parts, anchor)
    if year is not None:
        return ("DATE", date(year, month, day).isoformat()) if valid_day(year, month, day) else None
    if not valid_day(2000, month, day):
        return None
    picked = pick_day(month, day, anchor, _int(parts, "weekday"))
    return ("DATE", picked.isoformat() if picked else f"XXXX-{month:02d}-{day:02d}")


def norm_day_range(parts: Parts, anchor: Anchor) -> Result:
    """"December 5-6": both ends share the first end's month and year unless
    the second names its own month."""
    month, day, day2 = _int(parts, "month"), _digits(parts, "day"), _digits(parts, "day2")
    month2 = _int(parts, "month2") or month
    if month is None or day is None or day2 is None or month2 is None:
        return None
    if (month2, day2) <= (month, day) and month2 == month:
        return None
    first = norm_day(parts, anchor)
    if first is None:
        return None
    year_part = first[1][:4]
    if year_part == "XXXX" or not valid_day(int(year_part), month2, day2):
        end = f"XXXX-{month2:02d}-{day2:02d}"
    else:
        end_year = int(year_part) + (1 if month2 < month else 0)
        end = date(end_year, month2, day2).isoformat()
    return ("DATE", f"{first[1]}/{end}")


def _holiday_rule(parts: Parts) -> tuple[Callable[[int], date], str] | None:
    """The date of a named holiday in any year, and its fallback value when
    the year cannot be told.  Lexicon values: "MM-DD" for a fixed day,
    "month/weekday/n[/from day]" for the n-th weekday of a month, and a day
    offset from Easter ("-2" for Good Friday)."""
    fixed, moveable = parts.value("holiday"), parts.value("moveable_holiday")
    from_easter = parts.value("easter_holiday")
    if fixed is not None:
        month, day = (int(x) for x in fixed.split("-"))
        return (lambda year: date(year, month, day)), f"XXXX-{fixed}"
    if moveable is not None:
        month, weekday, nth, *start = (int(x) for x in moveable.split("/"))
        return (lambda year: nth_weekday(year, month, weekday, nth, *start)), "XXXX-XX-XX"
    if from_easter is not None:
        offset = int(from_easter)
        return (lambda year: easter(year) + timedelta(days=offset)), "XXXX-XX-XX"
    return None


def norm_holiday(parts: Parts, anchor: Anchor) -> Result:
    """Fixed ("Christmas") and moveable ("Thanksgiving", "Good Friday")
    holidays; "Easter week" is the week of Easter Sunday."""
    found = _holiday_rule(parts)
    if found is None:
        return None
    on, unknown = found
    week = parts.has("week")
    if week:  # the week is under way from its Monday: "as Easter week began"
        day_of = on

        def on(year: int) -> date:
            day = day_of(year)
            return day - timedelta(days=day.isoweekday() - 1)
    year = _year(parts, anchor)
    day = on(year) if year is not None else pick_holiday(on, _int(parts, "rel"), anchor)
    if day is None:
        return ("DATE", "XXXX-WXX" if week else unknown)
    return ("DATE", fmt(day, "W") if week else day.isoformat())


def norm_month(parts: Parts, anchor: Anchor) -> Result:
    month = _int(parts, "month")
    if month is None:
        return None
    year = _year(parts, anchor)
    rel = _int(parts, "rel")
    pub = anchor.published
    if year is None and rel is not None and pub is not None:
        # "last April": the latest April before this month; "next March" the reverse.
        now = (pub.year, pub.month)
        cands = [(y, month) for y in (pub.year - 1, pub.year, pub.year + 1)]
        if rel < 0:
            year = max(c for c in cands if c < now)[0]
        elif rel > 0:
            year = min(c for c in cands if c > now)[0]
        else:
            year = pub.year
    if year is None:
        year = pick_month_year(month, anchor)
    return ("DATE", f"{year:04d}-{month:02d}" if year is not None else f"XXXX-{month:02d}")


def norm_month_range(parts: Parts, anchor: Anchor) -> Result:
    month, month2 = _int(parts, "month"), _int(parts, "month2")
    if month is None or month2 is None or month2 == month:
        return None
    first = norm_month(parts, anchor)
    if first is None:
        return None
    year = first[1][:4]
    end_year = str(int(year) + (1 if month2 < month else 0)) if year.isdigit() else year
    return ("DATE", f"{first[1]}/{end_year}-{month2:02d}")


def norm_season(parts: Parts, anchor: Anchor) -> Result:
    season = parts.value("season")
    if season is None:
        return None
    year = _year(parts, anchor)
    if year is None:
        start = season_start(season, _int(parts, "rel"), anchor)
        year = None if start is None else start // 12
    return ("DATE", f"{year:04d}-{season}" if year is not None else f"XXXX-{season}")


def norm_quarter(parts: Parts, anchor: Anchor) -> Result:
    quarter = _int(parts, "ordinal")
    if quarter is None or not 1 <= quarter <= 4:
        return None
    year = _digits(parts, "qyear") or _year(parts, anchor) or pick_quarter_year(quarter, anchor)
    return ("DATE", f"{year:04d}-Q{quarter}" if year is not None else f"XXXX-Q{quarter}")


def norm_half(parts: Parts, anchor: Anchor) -> Result:
    half = _int(parts, "half")
    if half not in (1, 2):
        return None
    year = _year(parts, anchor)
    if year is None and anchor.published is not None:
        year = anchor.published.year
    return ("DATE", f"{year:04d}-H{half}" if year is not None else f"XXXX-H{half}")


def norm_year(parts: Parts, anchor: Anchor) -> Result:
    year = _digits(parts, "year") or _digits(parts, "bareyear")
    return ("DATE", f"{year:04d}") if year is not None else None


def norm_split_year(parts: Parts, anchor: Anchor) -> Result:
    """"2024-25" is a fiscal or season year; "2010-05" (a month) is not."""
    first, short = _digits(parts, "year"), _digits(parts, "yy")
    if first is None or short is None:
        return None
    second = first - first % 100 + short
    if second <= first:
        second += 100
    if not 1 <= second - first <= 9 or (second - first > 1 and short <= 12):
        return None
    return ("DATE", f"{first}/{second}")


def norm_year_range(parts: Parts, anchor: Anchor) -> Result:
    first, second = _digits(parts, "year"), _digits(parts, "year2")
    if first is None or second is None or not first < second <= first + 200:
        return None
    return ("DATE", f"{first}/{second}")


# Number words for years said in words, filled from the lexicon when the
# grammar is built: a year can sit inside a month or season rule, whose
# normaliser has no word map of its own.
_NUMBER_WORDS: dict[str, str] = {}


def spelled_year(text: str) -> str | None:
    """"nineteen ninety-six", "nineteen oh five", "the year two thousand and one"."""
    text = re.sub(r"\s+", " ", text.lower()).strip()
    found = re.fullmatch(r"(?:the year two thousand(?: and)?|(eighteen|nineteen)(?: oh)?)"
                         r"(?:[-\s](.+))?", text)
    if found is None:
        return None
    base = 2000 if found.group(1) is None else (1800 if found.group(1) == "eighteen" else 1900)
    if not found.group(2):
        return f"{base:04d}"
    n = number(found.group(2), _NUMBER_WORDS)
    return f"{base + int(n):04d}" if n is not None and 0 < n < 100 else None


def norm_spelled_year(parts: Parts, anchor: Anchor) -> Result:
    year = spelled_year(parts.text("all"))
    return ("DATE", year) if year else None


def norm_decade(parts: Parts, anchor: Anchor) -> Result:
    digits = re.sub(r"\D", "", parts.text("decade"))
    if len(digits) == 2:
        digits = "19" + digits
    return ("DATE", digits[:3]) if len(digits) == 4 else None


def norm_decade_word(parts: Parts, anchor: Anchor) -> Result:
    """"the nineties": the latest such decade that has begun."""
    digit = _int(parts, "decade_word")
    if digit is None:
        return None
    pub = anchor.published
    current = pub.year - pub.year % 10 if pub else 1990
    start = current - (current - digit * 10) % 100
    return ("DATE", f"{start:04d}"[:3])


def norm_century(parts: Parts, anchor: Anchor) -> Result:
    nth = _digits(parts, "centnum") or _int(parts, "century_ord")
    return ("DATE", f"{nth - 1:02d}") if nth else None


def norm_relative_unit(parts: Parts, anchor: Anchor) -> Result:
    """"last year", "this week", "earlier this month", "the end of the year"."""
    unit = parts.value("calunit")
    if unit is None:
        return None
    rel = _int(parts, "rel") or 0
    if rel < 0 and unit in ("DE", "CE") and "past" in parts.text("rel").lower():
        return ("DURATION", duration(1, unit))
    if anchor.published is None:
        return ("DATE", _UNKNOWN[unit])
    return ("DATE", fmt(shift(anchor.published, unit, rel), unit))


def norm_anaphoric_unit(parts: Parts, anchor: Anchor) -> Result:
    """"the quarter", "the latest quarter", "the year": the period being
    reported on, i.e. the last completed quarter (or, said "latest", the
    last completed year or month), the current other units
    (an earlier mention of the same kind of period overrides this later);
    "the year ended June 30" is a year-long stretch, not a calendar year."""
    unit = parts.value("calunit") or ("Q" if parts.text("all").lower().endswith("period")
                                       else None)
    if unit is None:
        return None
    pub = anchor.published
    if pub is None:
        return ("DATE", _UNKNOWN[unit])
    words = parts.text("all").lower().split()
    if unit == "Q" and "current" not in words:
        return ("DATE", fmt(shift(pub, "Q", -1), "Q"))
    if unit == "Y" and parts.has("ending"):
        return ("DURATION", "P1Y")  # a year-long stretch up to that day
    if "latest" in words or "recent" in words:
        return ("DATE", fmt(shift(pub, unit, -1), unit))  # the last one completed
    return ("DATE", fmt(pub, unit))


def norm_ignore(parts: Parts, anchor: Anchor) -> Result:
    """Claims a span that is not a timex ("a 6-year-old"), blocking shorter rules."""
    return ("", "")


def norm_unit_shift(parts: Parts, anchor: Anchor) -> Result:
    """"the week before", "the day after": one unit from publication."""
    unit = parts.value("calunit")
    if unit is None:
        return None
    step = _int(parts, "shift") or (1 if re.search(r"after|later", parts.text("all"), re.I) else -1)
    if anchor.published is None:
        return ("DATE", _UNKNOWN[unit])
    return ("DATE", fmt(shift(anchor.published, unit, step), unit))


def norm_shifted(parts: Parts, anchor: Anchor, words: dict[str, str]) -> Result:
    """"two days ago", "a year earlier", "three weeks from now"."""
    unit, step = parts.value("unit"), _int(parts, "shift")
    if unit is None or step is None:
        return None
    n = number(parts.text("num"), words)
    if n is None:
        return ("DATE", "PAST_REF" if step < 0 else "FUTURE_REF")
    if unit in ("TH", "TM", "S"):
        n, unit = 0, "D"
    elif unit == "2W":
        n, unit = n * 2, "W"
    grain = unit if unit in ("D", "W", "M", "Y") else "Y"
    if anchor.published is None:
        return ("DATE", _UNKNOWN[grain])
    return ("DATE", fmt(shift(anchor.published, unit, round(n) * step), grain))


def norm_year_ago(parts: Parts, anchor: Anchor) -> Result:
    """"year-ago", "the year-earlier quarter": the same period one year back."""
    pub = anchor.published
    if pub is None:
        return ("DATE", "XXXX")
    quarter = _int(parts, "ordinal")
    if quarter is None and "quarter" in parts.text("all").lower():
        last_done = shift(pub, "Q", -1)
        return ("DATE", fmt(shift(last_done, "Y", -1), "Q"))
    if quarter is not None:
        return ("DATE", f"{pub.year - 1:04d}-Q{quarter}")
    return ("DATE", f"{pub.year - 1:04d}")


def norm_deictic(parts: Parts, anchor: Anchor) -> Result:
    """"yesterday", "tonight", "this morning", "tomorrow afternoon"."""
    code = parts.value("deictic") or "0"
    found = re.fullmatch(r"(-?\d+)([A-Z]*)", code)
    if found is None:
        return None
    offset, implied = int(found.group(1)), found.group(2)
    pub = anchor.published
    day = (pub + timedelta(days=offset)).isoformat() if pub else "XXXX-XX-XX"
    pod = parts.value("part_of_day") or implied
    return ("TIME", f"{day}T{pod}") if pod else ("DATE", day)


def norm_weekday(parts: Parts, anchor: Anchor) -> Result:
    weekday = _int(parts, "weekday")
    if weekday is None:
        return None
    picked = pick_weekday(weekday, anchor, _int(parts, "rel"))
    return part_of_day(picked.isoformat() if picked else f"XXXX-WXX-{weekday}", parts)


def norm_weekend(parts: Parts, anchor: Anchor) -> Result:
    pub = anchor.published
    if pub is None:
        return ("DATE", "XXXX-WXX-WE")
    text = parts.text("all").lower()
    iso = pub.isoweekday()
    this_sat = pub + timedelta(days=6 - iso)
    if "last" in text:
        sat = this_sat - timedelta(days=7)
    elif "next" in text:
        sat = this_sat + timedelta(days=7 if iso >= 6 else 0)
    elif "this" in text or iso >= 6 or anchor.direction > 0:
        sat = this_sat
    else:
        sat = this_sat - timedelta(days=7)
    return ("DATE", fmt(sat, "W") + "-WE")


def norm_week_of(parts: Parts, anchor: Anchor) -> Result:
    day = norm_day(parts, anchor)
    if day is None or day[1].startswith("X"):
        return ("DATE", "XXXX-WXX") if day else None
    return ("DATE", fmt(date.fromisoformat(day[1]), "W"))


def norm_indefinite(parts: Parts, anchor: Anchor) -> Result:
    """"will one day lead", "someday": an unspecified time, ahead unless the
    sentence is in the past ("One day, the letters stopped")."""
    return ("DATE", "PAST_REF" if anchor.direction < 0 else "FUTURE_REF")


def norm_reference(parts: Parts, anchor: Anchor) -> Result:
    value = parts.value("ref")
    return ("DATE", value) if value else None


def norm_duration(parts: Parts, anchor: Anchor, words: dict[str, str]) -> Result:
    unit = parts.value("unit") or parts.value("units")
    if unit is None:
        return None
    n = number(parts.text("num"), words) if parts.has("num") else None
    if not parts.has("num") and parts.has("unit"):
        n = 1.0  # "year-long"
    if n is not None and parts.has("half"):
        n += 0.5  # "a minute and a half"
    if n is not None and n <= 0:
        return None
    return ("DURATION", duration(n, unit))


def norm_stretch(parts: Parts, anchor: Anchor) -> Result:
    """"for a while": TimeML writes a length nobody states as X units."""
    value = parts.value("stretch")
    return ("DURATION", value) if value else None


def norm_set_unit(parts: Parts, anchor: Anchor, words: dict[str, str]) -> Result:
    unit = parts.value("unit")
    if unit is None:
        return None
    n = number(parts.text("num"), words) if parts.has("num") else 1.0
    text = parts.text("all").lower()
    if "times" in text or "twice" in text or "once" in text:
        n = 1.0
    elif "other" in text:
        n = 2.0
    return ("SET", duration(n, unit))


def norm_set_frequency(parts: Parts, anchor: Anchor) -> Result:
    value = parts.value("freq")
    return ("SET", value) if value else None


def norm_set_weekday(parts: Parts, anchor: Anchor, days: dict[str, str]) -> Result:
    weekday = _int(parts, "weekday") or int(days.get(parts.text("all")[:3].lower(), "0"))
    if not weekday:
        return None
    pod = parts.value("part_of_day")
    return ("SET", f"XXXX-WXX-{weekday}" + (f"T{pod}" if pod else ""))


def norm_set_month(parts: Parts, anchor: Anchor) -> Result:
    month = _int(parts, "month")
    return ("SET", f"XXXX-{month:02d}") if month else None


def _clock_date(parts: Parts, anchor: Anchor) -> str:
    if parts.has("weekday"):
        found = norm_weekday(parts, anchor)
        return found[1][:10] if found else "XXXX-XX-XX"
    if parts.has("deictic"):
        found = norm_deictic(parts, anchor)
        return found[1][:10] if found else "XXXX-XX-XX"
    if parts.has("month"):
        found = norm_day(parts, anchor)
        return found[1] if found else "XXXX-XX-XX"
    return anchor.published.isoformat() if anchor.published else "XXXX-XX-XX"


def norm_clock(parts: Parts, anchor: Anchor) -> Result:
    """"3 p.m. Monday", "18:00 UTC", "noon Friday", "5 in the morning"."""
    word = parts.value("clockword")
    if word is not None:
        clock = word
    else:
        hour, minute = _digits(parts, "hour"), _digits(parts, "minute") or 0
        if hour is None:
            return None
        half = parts.value("ampm") or {"MO": "am"}.get(parts.value("part_of_day") or "", "pm")
        if parts.has("ampm") or parts.has("part_of_day"):
            if hour > 12:
                return None
            hour = hour % 12 + (12 if half == "pm" else 0)
        clock = f"{hour:02d}:{minute:02d}"
    return ("TIME", f"{_clock_date(parts, anchor)}T{clock}")


def granularity(kind: str, value: str) -> str:
    """The contract's granularity word, read off the value's shape."""
    if kind == "SET":
        return "set"
    if value.endswith("_REF"):
        return "ref"
    if kind == "DURATION" or value.startswith("P"):
        return "duration"
    head = value.split("/")[0]
    shapes = (
        (r".*T.*", "time"), (r"[\dX]{4}-[\dX]{2}-[\dX]{2}", "day"), (r".*-W.*", "week"),
        (r".*-[QH][\dX]", "quarter"), (r".*-(SP|SU|FA|WI)", "season"),
        (r"[\dX]{4}-[\dX]{2}", "month"), (r"[\dX]{4}", "year"), (r"[\dX]{3}", "decade"),
        (r"[\dX]{2}", "century"),
    )
    for shape, name in shapes:
        if re.fullmatch(shape, head):
            return name
    return "day"


Normaliser = Callable[[Parts, Anchor], Result]


def normalisers(numbers: dict[str, str], weekdays: dict[str, str]) -> dict[str, Normaliser]:
    """The registry rules refer to by name; word maps are bound in once."""
    _NUMBER_WORDS.update(numbers)

    def with_numbers(fn: Callable[[Parts, Anchor, dict[str, str]], Result]) -> Normaliser:
        return lambda parts, anchor: fn(parts, anchor, numbers)

    return {
        "day": norm_day, "day_range": norm_day_range, "holiday": norm_holiday,
        "month": norm_month, "month_range": norm_month_range, "season": norm_season,
        "quarter": norm_quarter, "half": norm_half, "year": norm_year,
        "split_year": norm_split_year, "year_range": norm_year_range,
        "spelled_year": norm_spelled_year,
        "decade": norm_decade, "decade_word": norm_decade_word, "century": norm_century,
        "relative_unit": norm_relative_unit, "unit_shift": norm_unit_shift,
        "shifted": with_numbers(norm_shifted), "year_ago": norm_year_ago,
        "deictic": norm_deictic, "weekday": norm_weekday, "weekend": norm_weekend,
        "week_of": norm_week_of, "reference": norm_reference, "indefinite": norm_indefinite,
        "duration": with_numbers(norm_duration), "stretch": norm_stretch,
        "set_unit": with_numbers(norm_set_unit),
        "set_frequency": norm_set_frequency,
        "set_weekday": lambda parts, anchor: norm_set_weekday(parts, anchor, weekdays),
        "set_month": norm_set_month, "clock": norm_clock,
        "anaphoric_unit": norm_anaphoric_unit, "ignore": norm_ignore,
    }
