"""Step: time expressions, resolved against the publication time in Korea time.

Written by hand with the standard library: the phrases that date a launch in news copy are few
("on Sunday", "early Thursday", "Nov. 2", "25 May", "the previous day"), their resolution rule is
domain-specific (the most recent such day on or before publication, in KST), and dateparser both
misreads them (it resolves "Sunday" forward and ignores the reference time zone) and costs ~1 ms a
call, more than the whole extractor spends on an article.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from bot.core.extract import lexicon as lx
from bot.core.extract.literals import Needles, needles
from bot.core.extract.scan import Scanner, caseless, contains_any, scanner, word_starts
from bot.core.records import KST


class TimeKind(Enum):
    #: A day the text gives for an event ("on Sunday", "Nov. 2", "the previous day").
    DAY = "day"
    #: The day something was said ("the JCS said on Sunday"): a fallback for the launch date.
    REPORT = "report"
    #: Too vague to date ("last month", "in 2017", "since March").
    VAGUE = "vague"
    #: After publication: a plan or a deadline, never a launch date.
    FUTURE = "future"
    #: Points back to the date under discussion ("that afternoon", "the same day").
    SAME_DAY = "same_day"


# Not frozen, for speed: see text.Span.
@dataclass(slots=True)
class TimeExpr:
    start: int
    end: int
    kind: TimeKind
    date: dt.date | None = None


_MONTH = r"(?P<month>" + "|".join(sorted(lx.MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR_REL = r"(?:\s+(?P<yearrel>last|this)\s+year)?"
_REPORT = r"(?:" + "|".join(lx.REPORT_VERBS) + r")"

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    (
        "mdy",
        r"\b"
        + _MONTH
        + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
        + _YEAR_REL,
    ),
    (
        "dmy",
        r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+"
        + _MONTH
        + r"\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
        + _YEAR_REL,
    ),
    (
        "weekday",
        # No group captures here, so the scanner can spread the optional openings over the weekdays
        # and skip ahead to their first letters; the day and "last" are read from the match.
        r"\b(?:(?:last\s+|this\s+past\s+|this\s+)?(?:(?:early|late)\s+(?:on\s+)?)?"
        r"(?:" + "|".join(lx.WEEKDAYS) + r")(?:'s)?\b"
        r"(?:\s+(?:morning|afternoon|evening|night))?)",
    ),
    ("yesterday", r"\b(?:yesterday|last\s+night)\b"),
    ("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"),
    ("overnight", r"\bovernight\b"),
    (
        "daysago",
        # Its ``\b`` kept in the regex as a look-behind (a scanner strips a ``\b`` and checks it after the
        # match): with a digit among the openings there is no first letter to skip to, every position is
        # tried anyway, and the look-behind turns away those inside a word at once.
        r"(?<!\w)(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+(?:ago|earlier)\b",
    ),
    (
        "previous",
        r"\b(?:the\s+previous\s+day|the\s+day\s+before|a\s+day\s+earlier|the\s+day\s+prior)\b(?!\s+(?:the|it|a|an)\b)",
    ),
    ("sameday", r"\b(?:" + "|".join(lx.SAME_DAY_TIMES) + r")\b"),
    *((f"vague{i}", r"\b(?:" + "|".join(group) + r")\b") for i, (group, _) in enumerate(lx.VAGUE_TIMES)),
    # A month with no day ("in March", "a January test") and a bare year are vague. "May" only capitalised.
    (
        "month",
        # No flag group around the ``\b``: the patterns are compiled without IGNORECASE, and a scanner strips
        # only a leading ``\b``, after which the engine skips to the months' capitals.
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
        r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?!\s*\d)",
    ),
    ("year", r"(?<![\d,.-])\b(?:19[5-9]\d|20[0-4]\d)\b(?![\d-])"),
)


def _scoped(name: str, pattern: str) -> str:
    """Prefix a pattern's group names with its own name, so alternatives can share group names."""
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{name}__{m.group(1)}>", pattern)


_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DIGITS = "<digits>"
#: Word beginnings one of which a sentence must have for a pattern to be worth running (the scan is
#: the extractor's most expensive step, and most sentences name no time at all).
_GUARDS: dict[str, tuple[str, ...]] = {
    "iso": (_DIGITS,),
    "mdy": _MONTH_KEYS,
    "dmy": _MONTH_KEYS,
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "yesterday": ("yesterday", "night"),
    "today": ("today", "tonight", "morning", "afternoon", "evening"),
    "overnight": ("overnight",),
    "daysago": ("day",),
    "previous": ("day",),
    "sameday": ("that", "same", "hour", "minute", "shortly"),
    **{
        f"vague{i}": tuple(_DIGITS if word == "<digits>" else word for word in words)
        for i, (_, words) in enumerate(lx.VAGUE_TIMES)
    },
    "month": _MONTH_KEYS,
    "year": (_DIGITS,),
}  # fmt: skip


# Patterns run on the lowercased sentence (much faster than IGNORECASE); "month" alone needs the
# capitals, to tell the month "May" from the modal "may".
_CASED = frozenset({"month"})


def _compile(name: str, pattern: str) -> Scanner:
    probe = scanner(pattern)
    body = probe.regex.pattern
    return Scanner(re.compile(f"(?P<{name}_>{_scoped(name, body)})"), probe.extra)


_COMPILED = [(priority, name, _compile(name, pattern)) for priority, (name, pattern) in enumerate(_PATTERNS)]


#: Each guard word and the patterns it lets run.
_BY_KEY: dict[str, set[str]] = {}
for _name, _keys in _GUARDS.items():
    for _key in _keys:
        if _key != _DIGITS:
            _BY_KEY.setdefault(_key, set()).add(_name)
# The guard words open with the commonest letters ("a", "t", "s", "o"): checked after the whole word.
_GUARD_WORDS = word_starts(_BY_KEY, check_after_word=True)
#: What a beginning found lets run: the patterns of every guard word it begins with ("days": "day"'s too).
_RUNS_AFTER = {
    found: frozenset(name for key in _GUARD_WORDS.within[found] for name in _BY_KEY[key]) for found in _BY_KEY
}
#: The patterns a digit lets run: each needs four in a row (a year: "2017", "in 1998", "2023-07-10"), so
#: they run only where the text has four; most digits in the news are days, counts and ranges.
_BY_DIGIT = frozenset(name for name, keys in _GUARDS.items() if _DIGITS in keys)
#: Patterns that need a digit as well as one of their guard words: the day of "Nov. 2" and "25 May".
_ALSO_DIGIT = frozenset({"mdy", "dmy"})
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")

#: The literals each pattern's every match needs, where they say more than its guard words (a year
#: needs "19" or "20", not any digit); empty where each guard word holds one of them already.
_NEEDED: dict[str, Needles] = {}
for _, _name, _pattern in _COMPILED:
    _literals = needles(_pattern.regex.pattern)
    _implied = _DIGITS not in _GUARDS[_name] and all(any(n in w for n in _literals) for w in _GUARDS[_name])
    _NEEDED[_name] = () if _implied else _literals

_Run = tuple[int, Needles, Callable[[str], list[re.Match[str]]], bool]


@functools.lru_cache(maxsize=1024)
def _plan(found: frozenset[str], digit: bool, four_digits: bool) -> tuple[_Run, ...]:
    """The patterns a sentence's guard words and digits let run, with their priorities, the literals they
    need and whether they read the cased text. Cached by the set of words found: a few dozen sets cover
    nearly every sentence, and building the list was a Python loop over every pattern."""
    wanted = set(_BY_DIGIT) if four_digits else set()
    for beginning in found:
        wanted |= _RUNS_AFTER[beginning]
    if not digit:
        wanted -= _ALSO_DIGIT
    return tuple(
        (priority, _NEEDED[name], pattern.finditer, name in _CASED)
        for priority, name, pattern in _COMPILED
        if name in wanted
    )


def _scan(text: str) -> list[re.Match[str]]:
    """Like one alternation of every pattern (leftmost match, earlier pattern first), but each pattern
    runs only when its guard words and the literals it needs are in the text."""
    low = text.lower()
    hits: list[tuple[int, int, re.Match[str]]] = []
    digit = _DIGIT.search(low)
    four = digit is not None and _FOUR_DIGITS.search(low, digit.start()) is not None
    for priority, needed, finditer, cased in _plan(_GUARD_WORDS.longest(low), digit is not None, four):
        read = text if cased else low
        if needed and not contains_any(read, needed):
            continue
        for m in finditer(read):
            hits.append((m.start(), priority, m))
    hits.sort()  # no two hits share a start and a pattern, so the matches are never compared
    out: list[re.Match[str]] = []
    end = -1
    for start, _, m in hits:
        if start >= end:
            out.append(m)
            end = m.end()
    return out


_OCCASION_BEFORE = caseless(
    r"\b(?:" + "|".join(lx.OTHER_OCCASIONS) + r")\b(?:\s+[\w'-]+){0,6}\s+(?:on\s+|of\s+)?$"
)
_OCCASION_AFTER = re.compile(
    r"^(?:\s+[\w-]+){0,2}?\s+(?:" + "|".join(lx.OTHER_OCCASIONS) + r")\b", re.IGNORECASE
)
_REPORT_BEFORE = caseless(r"\b" + _REPORT + r"(?:\s+\w+){0,1}\s+(?:on\s+|late\s+|early\s+)?$")
_REPORT_AFTER = re.compile(r"^\s*(?:,\s*)?" + _REPORT + r"\b", re.IGNORECASE)
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

#: A date this far after publication is a plan or deadline; further than this, it is last year's.
FUTURE_WINDOW = dt.timedelta(days=60)


def pub_date_kst(published_at: dt.datetime) -> dt.date:
    return published_at.astimezone(KST).date()


def find_times(text: str, published: dt.datetime, anchor: dt.date | None = None) -> list[TimeExpr]:
    """Every time expression in ``text``, resolved. ``anchor`` is the date the discourse is at, for
    "the previous day"; without it, the publication date is used."""
    matches = _scan(text)
    if not matches:
        return []  # most sentences: no need to convert the publication time
    local = published.astimezone(KST)
    pub = local.date()
    out: list[TimeExpr] = []
    for m in matches:
        name = m.lastgroup[:-1] if m.lastgroup else ""
        expr = _resolve(name, m, pub, local, anchor or pub, text)
        if expr is None:
            continue
        kind, date = expr
        if kind is TimeKind.DAY and _OCCASION_BEFORE.found(text[max(0, m.start() - 60) : m.start()]):
            continue  # the day of a summit, an anniversary, a speech: not of a launch
        possessive = m.group(0).endswith("'s") or "'s " in m.group(0)
        if possessive and _OCCASION_AFTER.match(text[m.end() : m.end() + 40]):
            continue  # "Saturday night's crowd crush"
        if (
            kind is TimeKind.DAY
            and not possessive
            and date is not None
            and _is_report(text, m.start(), m.end())
        ):
            kind = TimeKind.REPORT
        out.append(TimeExpr(m.start(), m.end(), kind, date))
    return out


def _g(m: re.Match[str], name: str, group: str) -> str | None:
    return m.group(f"{name}__{group}")


def _resolve(
    name: str, m: re.Match[str], pub: dt.date, local: dt.datetime, anchor: dt.date, original: str
) -> tuple[TimeKind, dt.date | None] | None:
    if name == "iso":
        try:
            date = dt.date(int(_g(m, name, "y") or 0), int(_g(m, name, "m") or 0), int(_g(m, name, "d") or 0))
        except ValueError:
            return None
        return _dated(date, pub)
    if name in ("mdy", "dmy"):
        month = lx.MONTHS[(_g(m, name, "month") or "").lower()]
        day = int(_g(m, name, "day") or 0)
        year_text = _g(m, name, "year")
        rel = (_g(m, name, "yearrel") or "").lower()
        month_at = m.start(f"{name}__month")
        if original[month_at : month_at + 3] == "may" and not year_text:
            return None  # "may 5" in lowercase prose is the modal, not the month
        year = int(year_text) if year_text else pub.year - (1 if rel == "last" else 0)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        if not year_text and not rel and date > pub:
            if date - pub <= FUTURE_WINDOW:
                return TimeKind.FUTURE, date
            try:
                date = date.replace(year=year - 1)
            except ValueError:
                return None
        return _dated(date, pub)
    if name == "weekday":
        said = m.group(0).lower()
        target = next(day for word, day in lx.WEEKDAYS.items() if word in said)
        back = (pub.weekday() - target) % 7
        if back == 0 and said.startswith("last"):
            back = 7
        return TimeKind.DAY, pub - dt.timedelta(days=back)
    if name == "yesterday":
        return TimeKind.DAY, pub - dt.timedelta(days=1)
    if name == "today":
        return TimeKind.DAY, pub
    if name == "overnight":
        # Reported in the morning, "overnight" began the evening before.
        return TimeKind.DAY, pub - dt.timedelta(days=1) if local.hour < 12 else pub
    if name == "daysago":
        n = _g(m, name, "n") or "1"
        days = int(n) if n.isdigit() else _NUMBERS.get(n.lower(), 1)
        return TimeKind.DAY, pub - dt.timedelta(days=days)
    if name == "previous":
        return TimeKind.DAY, anchor - dt.timedelta(days=1)
    if name == "sameday":
        return TimeKind.SAME_DAY, None
    if name.startswith("vague") or name in ("month", "year"):
        return TimeKind.VAGUE, None
    return None


def _dated(date: dt.date, pub: dt.date) -> tuple[TimeKind, dt.date]:
    return (TimeKind.FUTURE if date > pub else TimeKind.DAY), date


def _is_report(text: str, start: int, end: int) -> bool:
    """Whether a day names when something was said rather than when it happened."""
    before = text[max(0, start - 40) : start]
    return bool(_REPORT_BEFORE.found(before) or _REPORT_AFTER.match(text[end : end + 30]))
