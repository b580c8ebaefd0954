"""Periods people type after /summary, /chart and /export, resolved against a given ``today``.

``7d`` ``30d`` ``90d`` (any ``Nd`` or ``Nw``: the last N days including today), ``ytd``, a year
``2022``, a month ``2022-11``, or an inclusive range ``2022-01-01..2022-03-31`` (months and years
work as range ends too: ``2022-01..2022-03``). Dates are Korea dates, like the events they select.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_PERIOD = "30d"
#: What /summary and friends accept, for usage lines.
PERIOD_HELP = "7d, 30d, 90d, ytd, 2022, 2022-11 or 2022-01-01..2022-03-31"
#: The longest span accepted: enough for the whole record, small enough to keep charts and CSVs sane.
MAX_DAYS = 366 * 30


class PeriodKind(StrEnum):
    DAYS = "days"
    YTD = "ytd"
    YEAR = "year"
    MONTH = "month"
    RANGE = "range"


class PeriodError(ValueError):
    """The text is not a period; the message says why in words a user can act on."""


@dataclass(frozen=True, slots=True)
class Period:
    """The days ``start`` <= day < ``end``, and how to call them."""

    start: dt.date
    end: dt.date
    kind: PeriodKind
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def previous(self) -> Period:
        """The period to compare with: the previous calendar month or year, the same span a year
        earlier for ``ytd``, otherwise the same number of days just before."""
        if self.kind is PeriodKind.MONTH:
            start = _add_months(self.start, -1)
            return Period(start, self.start, PeriodKind.MONTH, f"{start:%B %Y}")
        if self.kind is PeriodKind.YEAR and self.start.replace(year=self.start.year + 1) == self.end:
            start = self.start.replace(year=self.start.year - 1)
            return Period(start, self.start, PeriodKind.YEAR, str(start.year))
        if self.kind in (PeriodKind.YTD, PeriodKind.YEAR):  # a year to date, compared with the same span
            start = self.start.replace(year=self.start.year - 1)
            end = _same_day_in_year(self.last_day, self.last_day.year - 1) + dt.timedelta(days=1)
            return Period(start, end, PeriodKind.RANGE, f"the same span of {start.year}")
        start = self.start - dt.timedelta(days=self.days)
        return Period(start, self.start, PeriodKind.RANGE, f"the {self.days} days before")


_DAYS = re.compile(r"(\d{1,5})\s*(d|day|days|w|wk|week|weeks)")
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_period(text: str | None, today: dt.date) -> Period:
    """The period ``text`` names, ending no later than ``today`` (inclusive). Raises PeriodError."""
    raw = (text or DEFAULT_PERIOD).strip().lower()
    if not raw:
        raw = DEFAULT_PERIOD
    tomorrow = today + dt.timedelta(days=1)
    if m := _DAYS.fullmatch(raw):
        n = int(m[1]) * (7 if m[2].startswith("w") else 1)
        if not 1 <= n <= MAX_DAYS:
            raise PeriodError(f"{raw} is out of range: use from 1 to {MAX_DAYS} days")
        start = tomorrow - dt.timedelta(days=n)
        label = "today" if n == 1 else f"the last {n} days ({span_label(start, today)})"
        return Period(start, tomorrow, PeriodKind.DAYS, label)
    if raw == "ytd":
        start = dt.date(today.year, 1, 1)
        return Period(start, tomorrow, PeriodKind.YTD, f"{today.year} to date ({span_label(start, today)})")
    if ".." in raw:
        first, _, second = (part.strip() for part in raw.partition(".."))
        start = _range_start(first)
        end = _range_end(second)
        if end <= start:
            raise PeriodError(f"{raw}: the range ends before it starts")
        return _clipped(start, end, today, PeriodKind.RANGE, span_label(start, end - dt.timedelta(days=1)))
    if _YEAR.fullmatch(raw) or _MONTH.fullmatch(raw) or _DATE.fullmatch(raw):
        start, end = _range_start(raw), _range_end(raw)
        if _YEAR.fullmatch(raw):
            return _clipped(start, end, today, PeriodKind.YEAR, raw)
        if _MONTH.fullmatch(raw):
            return _clipped(start, end, today, PeriodKind.MONTH, f"{start:%B %Y}")
        return _clipped(start, end, today, PeriodKind.RANGE, day_label(start))
    raise PeriodError(f"{text!r} is not a period: use {PERIOD_HELP}")


def _clipped(start: dt.date, end: dt.date, today: dt.date, kind: PeriodKind, label: str) -> Period:
    tomorrow = today + dt.timedelta(days=1)
    if start > today:
        raise PeriodError(f"{label} has not started yet")
    if (end - start).days > MAX_DAYS:
        raise PeriodError(f"{label} is too long: at most {MAX_DAYS // 366} years at a time")
    if end > tomorrow:  # the current year or month: up to today, and say so
        end = tomorrow
        label = f"{label} so far"
    return Period(start, end, kind, label)


def _range_start(text: str) -> dt.date:
    """The first day of a date, a month or a year."""
    try:
        if m := _DATE.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), 1)
        if m := _YEAR.fullmatch(text):
            return dt.date(int(m[1]), 1, 1)
    except ValueError as exc:
        raise PeriodError(f"{text} is not a real date") from exc
    raise PeriodError(f"{text!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def _range_end(text: str) -> dt.date:
    """The day after the last day of a date, a month or a year (ends are exclusive)."""
    start = _range_start(text)
    if _DATE.fullmatch(text):
        return start + dt.timedelta(days=1)
    if _MONTH.fullmatch(text):
        return _add_months(start, 1)
    return start.replace(year=start.year + 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _same_day_in_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def day_label(day: dt.date) -> str:
    """'5 Jun 2022'."""
    return f"{day.day} {day:%b %Y}"


def span_label(first: dt.date, last: dt.date) -> str:
    """Inclusive day span, compact: '29 May – 4 Jun 2022', '3 – 9 Jun 2022', '30 Dec 2022 – 5 Jan 2023'."""
    if first == last:
        return day_label(first)
    if first.year != last.year:
        return f"{day_label(first)} – {day_label(last)}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {day_label(last)}"
    return f"{first.day} – {day_label(last)}"
