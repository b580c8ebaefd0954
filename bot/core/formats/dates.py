"""Publication stamps as articles write them, to aware datetimes that keep their offset.

ISO 8601 and RFC 2822 cover nearly everything; a short table of other layouts covers the rest.
A stamp without an offset or without a time is still used, with a note saying what was assumed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from bot.core.formats.tables import DATE_LAYOUTS, PLAUSIBLE_YEARS, ZONE_HOURS

#: A date with no time of day is taken as noon UTC: the same calendar date in every zone from
#: UTC-11 to UTC+11, Korea's included, so relative days in the text resolve to the right date.
NOON_UTC = dt.time(12, 0, tzinfo=dt.UTC)

_DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}")
_NO_TIME = "has no time of day; taken as 12:00 UTC"
# "+0000 (UTC)": the comment repeats the offset.
_OFFSET_COMMENT = re.compile(r"(?<=\d)\s*\([A-Za-z ]{1,30}\)$")
_NUMERIC_OFFSET = re.compile(r"\s([+-])(\d{2}):?(\d{2})$")
_NAMED_OFFSET = re.compile(r"\s*(?:UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?$", re.I)
_ZONE_NAME = re.compile(r"\s+\(?([A-Za-z]{1,4})\)?$")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?=\s|\d|,|$)", re.I)
_MERIDIEM = re.compile(r"\s*\b([ap])\.?\s?m\b\.?", re.I)

_UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Stamp:
    when: dt.datetime
    #: What had to be assumed to get an aware datetime, for a warning; None when nothing was.
    assumed: str | None = None


def parse_stamp(raw: object) -> Stamp | None:
    """An aware datetime from a string (or a JSON number of Unix seconds); None if unreadable."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return _from_epoch(float(raw))
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.split())
    if not text or len(text) > 100:
        return None
    stamp = _parse_text(text)
    if stamp is None or stamp.when.year not in PLAUSIBLE_YEARS:
        return None
    return stamp


def _parse_text(text: str) -> Stamp | None:
    if _DATE_ONLY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return Stamp(dt.datetime.combine(day, NOON_UTC), _NO_TIME)
    try:
        return _aware(dt.datetime.fromisoformat(text))
    except ValueError:
        pass
    return _parse_layouts(text)


def _parse_layouts(text: str) -> Stamp | None:
    # Our own zone handling rather than email.utils: it reads "24 May 2024 14:10 KST" as UTC and
    # "Nov 2, 2022 8:30 p.m." as 08:30, silently.
    text = _OFFSET_COMMENT.sub("", text)
    tz: dt.tzinfo | None = None
    if offset := _NUMERIC_OFFSET.search(text) or _NAMED_OFFSET.search(text):
        hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
        if hours >= 24 or minutes >= 60:
            return None
        sign = -1 if offset.group(1) == "-" else 1
        tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
        text = text[: offset.start()]
    elif (zone := _ZONE_NAME.search(text)) and zone.group(1).upper() in ZONE_HOURS:
        tz = dt.timezone(dt.timedelta(hours=ZONE_HOURS[zone.group(1).upper()]))
        text = text[: zone.start()]
    text = _WEEKDAY.sub("", text.strip())
    text = _MONTH.sub(lambda m: m.group(1).capitalize(), text)
    text = _MERIDIEM.sub(lambda m: f" {m.group(1).upper()}M", text)
    for layout in DATE_LAYOUTS:
        try:
            parsed = dt.datetime.strptime(text, layout)
        except ValueError:
            continue
        if "%H" not in layout and "%I" not in layout:
            return Stamp(dt.datetime.combine(parsed.date(), NOON_UTC), _NO_TIME)
        return _aware(parsed.replace(tzinfo=tz))
    return None


def _aware(parsed: dt.datetime) -> Stamp:
    if parsed.tzinfo is not None and parsed.utcoffset() is not None:
        return Stamp(parsed)
    return Stamp(parsed.replace(tzinfo=dt.UTC), "has no UTC offset; taken as UTC")


def _from_epoch(seconds: float) -> Stamp | None:
    if not math.isfinite(seconds):
        return None
    if abs(seconds) >= 1e11:  # that many seconds is past the year 5000: it is milliseconds
        seconds /= 1000
    lo = (dt.datetime(PLAUSIBLE_YEARS.start, 1, 1, tzinfo=dt.UTC) - _UNIX_EPOCH).total_seconds()
    hi = (dt.datetime(PLAUSIBLE_YEARS.stop, 1, 1, tzinfo=dt.UTC) - _UNIX_EPOCH).total_seconds()
    if not lo <= seconds < hi:
        return None
    return Stamp(_UNIX_EPOCH + dt.timedelta(seconds=seconds))
