"""What people type after /summary, /chart and /export, resolved against a fixed today."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.periods import PeriodError, PeriodKind, parse_period, span_label

TODAY = dt.date(2023, 3, 15)
D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("7d", D(2023, 3, 9), D(2023, 3, 16), "the last 7 days (9 – 15 Mar 2023)"),
        ("30d", D(2023, 2, 14), D(2023, 3, 16), "the last 30 days (14 Feb – 15 Mar 2023)"),
        ("90d", D(2022, 12, 16), D(2023, 3, 16), "the last 90 days (16 Dec 2022 – 15 Mar 2023)"),
        ("2w", D(2023, 3, 2), D(2023, 3, 16), "the last 14 days (2 – 15 Mar 2023)"),
        ("1d", D(2023, 3, 15), D(2023, 3, 16), "today"),
        ("ytd", D(2023, 1, 1), D(2023, 3, 16), "2023 to date (1 Jan – 15 Mar 2023)"),
        ("YTD", D(2023, 1, 1), D(2023, 3, 16), "2023 to date (1 Jan – 15 Mar 2023)"),
        ("2022", D(2022, 1, 1), D(2023, 1, 1), "2022"),
        ("2023", D(2023, 1, 1), D(2023, 3, 16), "2023 so far"),
        ("2022-11", D(2022, 11, 1), D(2022, 12, 1), "November 2022"),
        ("2022-2", D(2022, 2, 1), D(2022, 3, 1), "February 2022"),
        ("2023-03", D(2023, 3, 1), D(2023, 3, 16), "March 2023 so far"),
        ("2022-01-01..2022-03-31", D(2022, 1, 1), D(2022, 4, 1), "1 Jan – 31 Mar 2022"),
        ("2022-01..2022-03", D(2022, 1, 1), D(2022, 4, 1), "1 Jan – 31 Mar 2022"),
        ("2017..2022", D(2017, 1, 1), D(2023, 1, 1), "1 Jan 2017 – 31 Dec 2022"),
        ("2022-11-02", D(2022, 11, 2), D(2022, 11, 3), "2 Nov 2022"),
        (None, D(2023, 2, 14), D(2023, 3, 16), "the last 30 days (14 Feb – 15 Mar 2023)"),
        ("", D(2023, 2, 14), D(2023, 3, 16), "the last 30 days (14 Feb – 15 Mar 2023)"),
    ],
)
def test_each_form_names_the_days_it_covers(
    text: str | None, start: dt.date, end: dt.date, label: str
) -> None:
    period = parse_period(text, TODAY)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("0d", "out of range"),
        ("99999d", "out of range"),
        ("2024", "has not started"),
        ("2023-04", "has not started"),
        ("2022-13", "not a real date"),
        ("2022-02-30", "not a real date"),
        ("2022-03-31..2022-01-01", "ends before it starts"),
        ("1900..2022", "too long"),
        ("last week", "not a period"),
        ("7", "not a period"),
        ("2022-01-01..", "not a date"),
        ("<b>", "not a period"),
    ],
)
def test_anything_else_is_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(PeriodError, match=says):
        parse_period(text, TODAY)


def test_a_period_reaching_past_today_stops_at_today() -> None:
    period = parse_period("2022-06-01..2024-01-01", TODAY)
    assert period.end == D(2023, 3, 16)
    assert period.label.endswith("so far")


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("7d", D(2023, 3, 2), D(2023, 3, 9), "the 7 days before"),
        ("2022-11", D(2022, 10, 1), D(2022, 11, 1), "October 2022"),
        ("2022-01", D(2021, 12, 1), D(2022, 1, 1), "December 2021"),
        ("2022", D(2021, 1, 1), D(2022, 1, 1), "2021"),
        ("ytd", D(2022, 1, 1), D(2022, 3, 16), "the same span of 2022"),
        ("2023", D(2022, 1, 1), D(2022, 3, 16), "the same span of 2022"),
        ("2022-01-01..2022-03-31", D(2021, 10, 3), D(2022, 1, 1), "the 90 days before"),
    ],
)
def test_each_period_is_compared_with_the_one_before(
    text: str, start: dt.date, end: dt.date, label: str
) -> None:
    previous = parse_period(text, TODAY).previous()
    assert (previous.start, previous.end, previous.label) == (start, end, label)


def test_a_leap_day_year_to_date_compares_with_the_28th() -> None:
    period = parse_period("ytd", D(2024, 2, 29))
    assert period.kind is PeriodKind.YTD
    assert period.previous().last_day == D(2023, 2, 28)
    assert parse_period("ytd", D(2024, 2, 28)).previous().last_day == D(2023, 2, 28)


def test_spans_are_written_compactly() -> None:
    assert span_label(D(2022, 6, 3), D(2022, 6, 9)) == "3 – 9 Jun 2022"
    assert span_label(D(2022, 5, 29), D(2022, 6, 4)) == "29 May – 4 Jun 2022"
    assert span_label(D(2022, 12, 30), D(2023, 1, 5)) == "30 Dec 2022 – 5 Jan 2023"
    assert span_label(D(2022, 6, 3), D(2022, 6, 3)) == "3 Jun 2022"
