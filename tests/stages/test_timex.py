"""Temporal expressions: one group of tests per expression family, each
sentence resolved against a fixed publication date (a Thursday)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from tidings.stages import timex
from tidings.stages.base import Analysis, TimexHit
from tidings.stages.timex_anchor import shift
from tidings.stages.timex_values import duration, granularity

PUBLISHED = date(2025, 10, 16)  # a Thursday


def _tag(nlp: Language, text: str, published: date | None = PUBLISHED) -> dict[str, TimexHit]:
    analysis = Analysis(doc=nlp(text), published=published)
    timex.run(analysis)
    return {text[h.start:h.end]: h for h in analysis.timexes}


def _value(nlp: Language, text: str, surface: str, published: date | None = PUBLISHED) -> str:
    hits = _tag(nlp, text, published)
    assert surface in hits, f"{surface!r} not tagged in {sorted(hits)}"
    value = hits[surface].value
    assert value is not None
    return value


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The treaty was signed on March 3, 2019 in Vienna.", "March 3, 2019", "2019-03-03"),
    ("Voters went to the polls on 7 May 2015.", "7 May 2015", "2015-05-07"),
    ("The blockade began in August 1990.", "August 1990", "1990-08"),
    ("The alliance was founded in 1949.", "1949", "1949"),
    ("Talks resumed on Sept. 12 after a pause.", "Sept. 12", "2025-09-12"),
    ("The parliament met on Tuesday, Oct. 14, to debate the bill.", "Tuesday, Oct. 14",
     "2025-10-14"),
    ("Markets crashed in the 1930s.", "the 1930s", "193"),
    ("It was the bloodiest war of the 20th century.", "the 20th century", "19"),
    ("The files are dated 2024-03-09.", "2024-03-09", "2024-03-09"),
])
def test_absolute_dates(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The ministers will gather on January 20-22 in Davos.", "January 20-22",
     "2026-01-20/2026-01-22"),
    ("The festival runs 5 to 7 November.", "5 to 7 November", "2025-11-05/2025-11-07"),
    ("Fighting raged between March and May 2024.", "between March and May 2024",
     "2024-03/2024-05"),
    ("The commission sat in 1998-2003.", "1998-2003", "1998/2003"),
])
def test_ranges_are_intervals(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("Exports fell sharply in 2022–23.", "2022–23", "2022/2023"),
    ("The budget for 2019-20 was cut.", "2019-20", "2019/2020"),
    ("Spending rose in fiscal 2023-24.", "fiscal 2023-24", "2023/2024"),
])
def test_split_years(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


def test_a_year_and_month_is_not_a_split_year(nlp: Language) -> None:
    hits = _tag(nlp, "The rule changed in 2010-05 according to the register.")
    assert all(h.value != "2010/2005" for h in hits.values())


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The envoy arrived yesterday.", "yesterday", "2025-10-15"),
    ("The vote is tomorrow.", "tomorrow", "2025-10-17"),
    ("Prices rose last year.", "last year", "2024"),
    ("The ministry expects growth this year.", "this year", "2025"),
    ("The talks will continue next month.", "next month", "2025-11"),
    ("Inflation slowed last week.", "last week", "2025-W41"),
    ("Rebels seized the town two days ago.", "two days ago", "2025-10-14"),
    ("The strike ended three years ago.", "three years ago", "2022"),
    ("The minister resigned earlier this month.", "earlier this month", "2025-10"),
    ("The election is expected in late 2026.", "late 2026", "2026"),
    ("The embassy will reopen by the end of the year.", "the end of the year", "2025"),
    ("Troops withdrew in mid-October.", "mid-October", "2025-10"),
    ("The ceasefire collapsed last Tuesday.", "last Tuesday", "2025-10-14"),
    ("The sanctions expire next Monday.", "next Monday", "2025-10-20"),
    ("Protests spread in the first quarter.", "the first quarter", "2025-Q1"),
    ("The pipeline opens this summer.", "this summer", "2025-SU"),
])
def test_relative_expressions(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The delegation will meet officials on Monday.", "Monday", "2025-10-20"),
    ("The delegation met officials on Monday.", "Monday", "2025-10-13"),
    ("The foreign minister visited Cairo in March.", "March", "2025-03"),
    ("The foreign minister is expected to visit Cairo in March.", "March", "2026-03"),
    ("The prime minister plans to travel to Seoul in February.", "February", "2026-02"),
    ("Officials said the summit will be held on June 2.", "June 2", "2026-06-02"),
    ("The general said the dividend is payable Nov. 3.", "Nov. 3", "2025-11-03"),
])
def test_direction_follows_the_verb(nlp: Language, sentence: str, surface: str,
                                    value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The border reopened the week before.", "the week before", "2025-W41"),
    ("Shops were full last Christmas.", "last Christmas", "2024-12-25"),
    ("Turkeys sold out before Thanksgiving 2023.", "Thanksgiving 2023", "2023-11-23"),
    ("Markets will close on Labor Day.", "Labor Day", "2026-09-07"),
])
def test_anchored_days(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


def test_premodifier_quarter_leaves_out_the_article(nlp: Language) -> None:
    hits = _tag(nlp, "The third-quarter results beat forecasts.")
    assert hits["third-quarter"].value == "2025-Q3"


def test_same_weekday_as_publication_is_that_day(nlp: Language) -> None:
    assert _value(nlp, "The court ruled on Thursday.", "Thursday") == "2025-10-16"


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The siege lasted three weeks.", "three weeks", "P3W"),
    ("Unemployment rose over the past three years.", "the past three years", "P3Y"),
    ("The hearing took five hours.", "five hours", "PT5H"),
    ("He signed a two-year contract.", "two-year", "P2Y"),
    ("The talks have dragged on for several months.", "several months", "PXM"),
    ("The road was closed for 18 months.", "18 months", "P18M"),
])
def test_durations(nlp: Language, sentence: str, surface: str, value: str) -> None:
    hits = _tag(nlp, sentence)
    assert surface in hits
    assert (hits[surface].type, hits[surface].value) == ("DURATION", value)
    assert hits[surface].granularity == "duration"


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("Inspectors visit the plant every week.", "every week", "P1W"),
    ("The report is published annually.", "annually", "P1Y"),
    ("The council meets each Monday.", "each Monday", "XXXX-WXX-1"),
    ("Patrols pass twice a day.", "twice a day", "P1D"),
])
def test_sets(nlp: Language, sentence: str, surface: str, value: str) -> None:
    hits = _tag(nlp, sentence)
    assert surface in hits
    assert (hits[surface].type, hits[surface].value) == ("SET", value)


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The curfew starts at 9 p.m. tonight.", "9 p.m.", "2025-10-16T21:00"),
    ("The vote closes at 18:30 GMT on Friday.", "18:30 GMT on Friday", "2025-10-17T18:30"),
    ("Shelling resumed this morning.", "this morning", "2025-10-16TMO"),
    ("The bomb went off at noon yesterday.", "noon yesterday", "2025-10-15T12:00"),
])
def test_times(nlp: Language, sentence: str, surface: str, value: str) -> None:
    hits = _tag(nlp, sentence)
    assert any(s.startswith(surface) for s in hits), sorted(hits)
    hit = next(h for s, h in hits.items() if s.startswith(surface))
    assert (hit.type, hit.value) == ("TIME", value)


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The army is now in control of the port.", "now", "PRESENT_REF"),
    ("The mayor is currently abroad.", "currently", "PRESENT_REF"),
    ("The border was recently reopened.", "recently", "PAST_REF"),
    ("Nobody can say what the future holds.", "the future", "FUTURE_REF"),
])
def test_references(nlp: Language, sentence: str, surface: str, value: str) -> None:
    hits = _tag(nlp, sentence)
    assert hits[surface].value == value
    assert hits[surface].granularity == "ref"


@pytest.mark.parametrize(("sentence", "forbidden"), [
    ("Delegates arrived for the 41st annual congress.", "41st"),
    ("Exports reached $2025 million last quarter.", "2025"),
    ("The army deployed 2000 troops to the border.", "2000"),
    ("The factory employs 1500 people.", "1500"),
    ("Turnout was 1999 votes higher than expected.", "1999"),
    ("The victim was a 6-year-old boy.", "6-year-old"),
    ("Prices rose 12 percent in May.", "12 percent"),
    ("The ferry company adds 250 berths a month.", "a month"),
    ("The envoy spoke on the programme This Week in London.", "This Week"),
])
def test_not_timexes(nlp: Language, sentence: str, forbidden: str) -> None:
    hits = _tag(nlp, sentence)
    start = sentence.index(forbidden)
    end = start + len(forbidden)
    assert not [s for s, h in hits.items() if h.start < end and start < h.end], hits


def test_months_that_are_words(nlp: Language) -> None:
    hits = _tag(nlp, "Officials may march to the capital if talks fail.")
    assert hits == {}


def test_unknown_publication_date_leaves_the_year_open(nlp: Language) -> None:
    assert _value(nlp, "The summit opens on December 5.", "December 5", None) == "XXXX-12-05"
    assert _value(nlp, "The summit opened last year.", "last year", None) == "XXXX"
    assert _value(nlp, "The summit opened in 2019.", "2019", None) == "2019"


def test_every_hit_has_a_granularity(nlp: Language) -> None:
    text = ("Last week the envoy said the talks, held every month since 2019, "
            "would resume on Monday at 10 a.m. for three days.")
    hits = _tag(nlp, text)
    assert len(hits) >= 5
    assert all(h.granularity for h in hits.values())


def test_quarter_reported_on_is_reused(nlp: Language) -> None:
    text = ("The bank earned $3 million in the third quarter. A year earlier it lost "
            "$1 million. Revenue in the quarter rose 5%.")
    hits = _tag(nlp, text)
    assert hits["A year earlier"].value == "2024-Q3"
    assert hits["the quarter"].value == "2025-Q3"


def test_calendar_arithmetic() -> None:
    assert shift(date(2024, 1, 31), "M", 1) == date(2024, 2, 29)
    assert duration(2, "DE") == "P20Y"
    assert duration(None, "TH") == "PTXH"
    assert granularity("DATE", "2025-W07") == "week"
    assert granularity("DATE", "2024/2025") == "year"
    assert granularity("SET", "P1W") == "set"
    assert granularity("DATE", "2025-12-05/2025-12-06") == "day"


def test_weekly_parts_of_day_are_sets(nlp: Language) -> None:
    hits = _tag(nlp, "The market opens on Friday nights and on Sundays.")
    assert (hits["Friday nights"].type, hits["Friday nights"].value) == ("SET", "XXXX-WXX-5TNI")
    assert hits["Sundays"].value == "XXXX-WXX-7"


@pytest.mark.parametrize("sentence", [
    "The commission sat from 1998 to 2003.",
    "Output doubled between 1998 and 2003.",
])
def test_years_joined_by_words_are_two_timexes(nlp: Language, sentence: str) -> None:
    hits = _tag(nlp, sentence)
    assert (hits["1998"].value, hits["2003"].value) == ("1998", "2003")


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The dam burst in nineteen eighty-two.", "nineteen eighty-two", "1982"),
    ("He was born in nineteen oh four.", "nineteen oh four", "1904"),
    ("They feared the year two thousand.", "the year two thousand", "2000"),
    ("The mine closed in March nineteen ninety.", "March nineteen ninety", "1990-03"),
])
def test_years_in_words(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("The museum opened in 2011, and the following year it doubled in size.",
     "the following year", "2012"),
    ("The mayor resigned on May 4, 2019. The following Monday a deputy took over.",
     "The following Monday", "2019-05-06"),
    ("The fire broke out on March 9, 2020. The day before, crews had inspected the site.",
     "The day before", "2020-03-08"),
    ("The rebels took the city in June 2003 and lost it later that year.",
     "that year", "2003"),
    ("The strike started on Feb. 2, 2021. Talks failed that day.", "that day", "2021-02-02"),
])
def test_anaphora_counts_from_the_last_date_named(nlp: Language, text: str, surface: str,
                                                  value: str) -> None:
    assert _value(nlp, text, surface) == value


def test_anaphora_without_a_date_falls_back_to_publication(nlp: Language) -> None:
    assert _value(nlp, "The following year will be harder.", "The following year") == "2026"


def test_quarter_compared_is_the_one_reported(nlp: Language) -> None:
    text = ("The insurer posted a third-quarter profit of $9 million. It expects a "
            "fourth-quarter charge from the floods. Profit was $5 million a year ago, and "
            "premiums in the latest period rose 4%, but the 2024 period had a one-off gain.")
    hits = _tag(nlp, text)
    assert hits["a year ago"].value == "2024-Q3"
    assert hits["the latest period"].value == "2025-Q3"
    assert hits["the 2024 period"].value == "2024-Q3"


def test_quarter_ended_on_a_date(nlp: Language) -> None:
    text = ("The chain posted a loss for the quarter ended July 31. Sales in the "
            "corresponding period last year were higher.")
    hits = _tag(nlp, text)
    assert hits["the quarter"].value == "2025-Q2"
    assert hits["the corresponding period last year"].value == "2024-Q2"


def test_reporting_quarter_named_by_its_fiscal_number_is_kept(nlp: Language) -> None:
    text = ("The chip maker gained in the fiscal first quarter. Revenue for the quarter "
            "ended Sept. 30 rose, and the quarter brought new orders.")
    hits = _tag(nlp, text)
    assert hits["the fiscal first quarter"].value == "2025-Q1"
    assert hits["the quarter"].value == "2025-Q1"


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The index fell for six trading days in a row.", "six trading days", "P6D"),
    ("The lease was extended for an additional year.", "an additional year", "P1Y"),
])
def test_qualified_durations(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("sentence", "forbidden"), [
    ("The island imports three-quarters of its fuel.", "three-quarters"),
    ("Three quarters of the deputies backed the motion.", "Three quarters"),
])
def test_fractions_are_not_durations(nlp: Language, sentence: str, forbidden: str) -> None:
    assert forbidden not in _tag(nlp, sentence)


def test_clock_time_without_a_day_is_on_the_last_day_named(nlp: Language) -> None:
    text = "The plant was evacuated on March 2, 2024. The blast came at 10 p.m."
    assert _value(nlp, text, "10 p.m.") == "2024-03-02T22:00"
    assert _value(nlp, "The curfew starts at 9 p.m.", "9 p.m.") == "2025-10-16T21:00"


@pytest.mark.parametrize("padding", range(30, 46))
def test_a_word_cut_at_the_search_window_is_not_a_month(nlp: Language, padding: int) -> None:
    text = "On Friday " + "x" * padding + " the Mayor spoke."
    assert [s for s in _tag(nlp, text) if s != "Friday"] == []


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The road works lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
    ("The crossing took five and a half hours.", "five and a half hours", "PT5H30M"),
    ("The alarm rang for a minute and a half.", "a minute and a half", "PT1M30S"),
])
def test_fractions_of_a_unit_use_the_smaller_unit(nlp: Language, sentence: str, surface: str,
                                                  value: str) -> None:
    assert _value(nlp, sentence, surface) == value


def test_dates_joined_by_words_are_two_timexes(nlp: Language) -> None:
    hits = _tag(nlp, "The fund bought shares from Aug. 4 to Sept. 19, 2024.")
    assert hits["Aug. 4"].value == "2024-08-04"
    assert hits["Sept. 19, 2024"].value == "2024-09-19"


@pytest.mark.parametrize(("sentence", "surface", "kind", "value"), [
    ("The utility pays its bondholders every quarter.", "every quarter", "SET", "P1Q"),
    ("Traders expect more selling in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
])
def test_periods_without_a_number(nlp: Language, sentence: str, surface: str, kind: str,
                                  value: str) -> None:
    hit = _tag(nlp, sentence)[surface]
    assert (hit.type, hit.value) == (kind, value)


def test_first_of_two_joined_dates_takes_the_year_of_the_second(nlp: Language) -> None:
    hits = _tag(nlp, "The fund bought shares from Nov. 4 to Feb. 19, 2024.")
    assert hits["Nov. 4"].value == "2023-11-04"


@pytest.mark.parametrize(("sentence", "surface"), [
    ("Veterans of the 1968 protests marched again.", "1968"),
    ("The bank's 2019 results were restated.", "2019"),
])
def test_determined_year_before_a_plural_noun_is_a_year(nlp: Language, sentence: str,
                                                        surface: str) -> None:
    assert _value(nlp, sentence, surface) == surface


def test_year_back_after_a_longer_period_stays_a_year(nlp: Language) -> None:
    text = ("The lender earned $8 million in the third quarter. For the first nine months, "
            "profit was $20 million, against $15 million a year earlier.")
    assert _value(nlp, text, "a year earlier") == "2024"


def test_the_quarter_a_year_ago_is_one_expression(nlp: Language) -> None:
    text = "The mill earned $2 million in the second quarter. In the quarter a year ago it lost."
    assert _value(nlp, text, "the quarter a year ago") == "2024-Q2"


def test_latest_year_is_the_last_completed_one(nlp: Language) -> None:
    text = "Revenue rose to $6 billion in the latest fiscal year, the retailer said."
    assert _value(nlp, text, "the latest fiscal year") == "2024"


@pytest.mark.parametrize(("sentence", "forbidden"), [
    ("You are listening to Radio Kigali Today.", "Today"),
    ("Crowds gathered during the day outside the court.", "the day"),
])
def test_names_and_generic_days_are_not_dates(nlp: Language, sentence: str,
                                              forbidden: str) -> None:
    assert forbidden not in _tag(nlp, sentence)


def test_a_referring_day_is_still_tagged(nlp: Language) -> None:
    text = "The strike began on Feb. 2, 2021, and on the same day talks broke down."
    assert _value(nlp, text, "the same day") == "2021-02-02"


def test_a_plan_in_the_past_perfect_points_back(nlp: Language) -> None:
    text = "The ultimatum had been due to expire on Saturday."
    assert _value(nlp, text, "Saturday") == "2025-10-11"


# --- year-less months and quarters near the publication date ----------------

@pytest.mark.parametrize(("sentence", "surface", "value"), [
    # Next month stays next month even in a past sentence; a month eleven
    # months back would be "last November".
    ("The regulator gave the bidder until mid-November to reply.", "mid-November", "2025-11"),
    ("The refinery warned of a supply cut in November.", "November", "2025-11"),
    ("The refinery cut supplies in September.", "September", "2025-09"),
    ("The refinery cut supplies in December.", "December", "2024-12"),
])
def test_month_just_ahead_wins_over_a_year_back(nlp: Language, sentence: str, surface: str,
                                               value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("sentence", "published", "value"), [
    ("The carrier reported a loss for the fourth quarter.", date(2026, 1, 27), "2025-Q4"),
    ("The carrier expects a loss for the fourth quarter.", date(2026, 1, 27), "2026-Q4"),
    ("The carrier reported a loss for the fourth quarter.", date(2025, 11, 5), "2025-Q4"),
])
def test_quarter_not_yet_begun_is_last_years_in_a_past_sentence(
        nlp: Language, sentence: str, published: date, value: str) -> None:
    assert _value(nlp, sentence, "the fourth quarter", published) == value


# --- anaphora, indefinite days, holidays, decades -----------------------------

def test_the_previous_weekday_counts_back_from_the_day_named(nlp: Language) -> None:
    text = ("Shares closed at a record on Friday, Oct. 10, 2025, up 3% from "
            "the previous Friday.")
    assert _value(nlp, text, "the previous Friday") == "2025-10-03"


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The league hopes the tournament will one day return to Africa.", "one day",
     "FUTURE_REF"),
    ("One day, the letters simply stopped arriving.", "One day", "PAST_REF"),
    ("The pilots dream of flying to Mars someday.", "someday", "FUTURE_REF"),
])
def test_an_unspecified_day_is_a_reference(nlp: Language, sentence: str, surface: str,
                                           value: str) -> None:
    hit = _tag(nlp, sentence)[surface]
    assert (hit.type, hit.value) == ("DATE", value)


@pytest.mark.parametrize(("sentence", "surface"), [
    ("The envoy stayed one day in the capital.", "one day"),
    ("The index fell one day after the vote.", "one day"),
])
def test_one_day_that_is_counted_stays_a_duration(nlp: Language, sentence: str,
                                                  surface: str) -> None:
    hit = _tag(nlp, sentence)[surface]
    assert (hit.type, hit.value) == ("DURATION", "P1D")


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("Shops will close on Good Friday.", "Good Friday", "2026-04-03"),
    ("The ceasefire held over Easter.", "Easter", "2025-04-20"),
    ("Pilgrims gathered as Easter week began.", "Easter week", "2025-W16"),
    ("Turnout on Election Day 2024 was high.", "Election Day 2024", "2024-11-05"),
])
def test_moveable_holidays(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


def test_easter_week_under_way_is_this_one(nlp: Language) -> None:
    # Published on the Monday of Holy Week 2026 (Easter is April 5).
    text = "Pilgrims prayed as Easter week began."
    assert _value(nlp, text, "Easter week", date(2026, 3, 30)) == "2026-W14"


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("Crime fell steadily through the nineties.", "the nineties", "199"),
    ("The band was famous in the late sixties.", "the late sixties", "196"),
    ("Growth stalled in the last half of the '70s.", "the last half of the '70s", "197"),
])
def test_decades_in_words(nlp: Language, sentence: str, surface: str, value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The rally is set for Sunday, March eighth.", "Sunday, March eighth", "2026-03-08"),
    ("Parliament reconvenes on the third of November.", "the third of November",
     "2025-11-03"),
])
def test_days_said_as_ordinal_words(nlp: Language, sentence: str, surface: str,
                                    value: str) -> None:
    assert _value(nlp, sentence, surface) == value


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("The clinic has changed a lot over the years.", "the years", "PXY"),
    ("Hundreds fled in the first hours of the offensive.", "the first hours", "PTXH"),
    ("Profit for the year-earlier nine months was lower.", "the year-earlier nine months",
     "P9M"),
])
def test_stretches_without_a_count(nlp: Language, sentence: str, surface: str,
                                   value: str) -> None:
    hit = _tag(nlp, sentence)[surface]
    assert (hit.type, hit.value) == ("DURATION", value)


def test_early_hours_of_a_named_day_are_left_to_the_day(nlp: Language) -> None:
    hits = _tag(nlp, "Police raided the flat in the early hours of Thursday morning.")
    assert "the early hours" not in hits
    assert hits["Thursday morning"].value == "2025-10-16TMO"


def test_part_of_day_before_the_day_word(nlp: Language) -> None:
    hit = _tag(nlp, "The shares were up at mid-afternoon yesterday.")["mid-afternoon yesterday"]
    assert (hit.type, hit.value) == ("TIME", "2025-10-15TAF")


def test_counted_events_hold_no_reference_to_the_past(nlp: Language) -> None:
    hits = _tag(nlp, "Riots broke out in each of the past three summers.")
    assert not any(h.value == "PAST_REF" for h in hits.values()), hits
    assert _value(nlp, "Old habits come back from the past.", "the past") == "PAST_REF"


@pytest.mark.parametrize(("sentence", "surface"), [
    ("The villages will have to live without power for a while.", "a while"),
    ("The peacekeepers expect to stay for some time.", "some time"),
    ("The garrison is there for a fairly lengthy period.", "a fairly lengthy period"),
])
def test_stretches_of_unstated_length(nlp: Language, sentence: str, surface: str) -> None:
    hit = _tag(nlp, sentence)[surface]
    assert (hit.type, hit.value) == ("DURATION", "PXX")


def test_some_time_not_after_for_is_left_alone(nlp: Language) -> None:
    assert "some time" not in _tag(nlp, "It took some time to repair the bridge.")


@pytest.mark.parametrize(("sentence", "forbidden"), [
    ("The refinery is expected to grow output 6% annually.", "annually"),
    ("The mill will turn out about 8,000 tonnes of paper annually.", "annually"),
    ("The levy raises $40 million annually for the roads fund.", "annually"),
])
def test_frequency_after_an_amount_is_a_rate(nlp: Language, sentence: str,
                                              forbidden: str) -> None:
    assert forbidden not in _tag(nlp, sentence)


def test_frequency_without_an_amount_stays_a_set(nlp: Language) -> None:
    hit = _tag(nlp, "Pilgrims gather at the shrine annually.")["annually"]
    assert (hit.type, hit.value) == ("SET", "P1Y")


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    ("Rebels shelled the town on Tuesday. By mid-afternoon the guns fell silent.",
     "mid-afternoon", "2025-10-14TAF"),
    ("Trading opened on Monday. Buyers were busy in the morning and quiet later.",
     "the morning", "2025-10-13TMO"),
])
def test_bare_part_of_day_is_on_the_day_last_named(nlp: Language, sentence: str,
                                                   surface: str, value: str) -> None:
    hit = _tag(nlp, sentence)[surface]
    assert (hit.type, hit.value) == ("TIME", value)


def test_the_night_of_a_date_is_left_to_the_date(nlp: Language) -> None:
    hits = _tag(nlp, "The depot burned down in the night of March 2.")
    assert "the night" not in hits
    assert hits["March 2"].value == "2025-03-02"


def test_vague_centuries_keep_the_century_unit(nlp: Language) -> None:
    hits = _tag(nlp, "The bridge has stood over the river for centuries.")
    assert (hits["centuries"].type, hits["centuries"].value) == ("DURATION", "PXC")
    assert duration(None, "DE") == "PXY"
    assert duration(2, "CE") == "P200Y"


@pytest.mark.parametrize(("sentence", "values"), [
    ("The summit sits on November 18 and 19 in Lima.", ["2025-11-18", "2025-11-19"]),
    ("Ballots will be counted on May 3, 5 and 9.", ["2026-05-03", "2026-05-05",
                                                    "2026-05-09"]),
])
def test_coordinated_days_are_each_a_timex(nlp: Language, sentence: str,
                                           values: list[str]) -> None:
    hits = sorted(_tag(nlp, sentence).values(), key=lambda h: h.start)
    assert [h.value for h in hits if h.type == "DATE"] == values


@pytest.mark.parametrize(("sentence", "number"), [
    ("Polls opened on March 4 and 25 people queued outside.", "25"),
    ("The strike began on June 9 and 10% of the staff joined.", "10"),
    ("On April 6, 12 were hurt in the blast.", "12"),
])
def test_numbers_after_a_date_that_are_not_days(nlp: Language, sentence: str,
                                                number: str) -> None:
    hits = _tag(nlp, sentence)
    assert len(hits) == 1, hits
    assert number not in hits


@pytest.mark.parametrize(("sentence", "forbidden"), [
    ("Leaders argued over the future of the monetary union.", "the future"),
    ("Such gadgets shape the habits of today's teenagers.", "today"),
    ("By today's standards the ships were tiny.", "today"),
])
def test_prospects_and_the_present_age_are_not_dates(nlp: Language, sentence: str,
                                                    forbidden: str) -> None:
    assert forbidden not in _tag(nlp, sentence)


def test_todays_edition_is_the_day(nlp: Language) -> None:
    assert _value(nlp, "The notice ran in today's edition.", "today") == "2025-10-16"
    assert _value(nlp, "The town will change in the future.", "the future") == "FUTURE_REF"


@pytest.mark.parametrize(("sentence", "forbidden"), [
    ("Thousands joined the annual March for Peace in the capital.", "March"),
    ("Veterans led the March against Hunger through the town.", "March"),
])
def test_a_procession_called_march_is_not_the_month(nlp: Language, sentence: str,
                                                    forbidden: str) -> None:
    assert forbidden not in _tag(nlp, sentence)
    assert _value(nlp, "The law took effect in March of that year.", "March") == "2025-03"


@pytest.mark.parametrize(("sentence", "surface", "value"), [
    # A finished deed dated by "in <month>" is past even when the month is next one.
    ("The embassy delivered a formal complaint in November.", "November", "2024-11"),
    # A promise dates what was promised, not the promise.
    ("The junta has promised a referendum in February.", "February", "2026-02"),
    ("The mayor pledged new housing in March.", "March", "2026-03"),
    # Promised in a past month, to act later: the date is the promise's.
    ("The council promised in March to hold a vote.", "March", "2025-03"),
])
def test_month_of_a_deed_or_a_promise(nlp: Language, sentence: str, surface: str,
                                      value: str) -> None:
    assert _value(nlp, sentence, surface) == value


def test_a_root_infinitive_is_not_its_own_governor(nlp: Language) -> None:
    """Regression: token identity was compared with ``is`` (spaCy makes a new
    Token on every access), so a root infinitive was read as governed by itself
    and "To expect rain" pointed to the future."""
    doc = nlp("To expect more rain in May.")
    root = next(t for t in doc if t.head.i == t.i)
    assert timex._tense(root, timex.grammar()) == 0
