"""The situation: how often North Korea has been launching lately, against its own usual pace.

A *launch event* here is a Korean calendar day on which North Korea launched (a missile or a
satellite): the count news reports use ("the 18th launch of the year"), and one that does not
change if the store keeps a day's ICBM and its SRBMs as two events. Only ``status == new``
events count: a ``background`` event is an older launch an article mentioned in passing,
either the same launch the store already has as news, or one too thinly reported to count.

Event dates carry no time of day, so "within 48 hours" is read as "the same day or the next
day, Korea time", which is always within 48 hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.core import severity as sv
from bot.core.escalation import MONTHS, assess
from bot.core.records import KST, Actor, CountQualifier, Kind, LaunchEvent, Outcome, Status
from bot.core.severity import join_names

LAUNCH_KINDS: frozenset[Kind] = frozenset({Kind.MISSILE_LAUNCH, Kind.SATELLITE_LAUNCH})
WEEK_DAYS = 7
MONTH_DAYS = 30
YEAR_DAYS = 365
#: The window of "3rd in 14 days".
RUN_DAYS = 14
#: A response on the launch day or this many days after it is tit-for-tat.
RESPONSE_DAYS = 1


class Band(StrEnum):
    """How tense the situation is, in rising order; compare bands with ``<`` or by ``rank``."""

    CALM = "calm"
    ACTIVE = "active"
    INTENSE = "intense"
    CRISIS = "crisis"

    @property
    def rank(self) -> int:
        return list(Band).index(self)

    # StrEnum would otherwise compare alphabetically ("active" < "calm").
    def __lt__(self, other: object) -> bool:
        return self.rank < other.rank if isinstance(other, Band) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.rank <= other.rank if isinstance(other, Band) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.rank > other.rank if isinstance(other, Band) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.rank >= other.rank if isinstance(other, Band) else NotImplemented


@dataclass(frozen=True, slots=True)
class MissileCount:
    """A sum of missiles that says how sure it is: exact, at least, or about."""

    total: int
    qualifier: CountQualifier = CountQualifier.EXACT

    @classmethod
    def of(cls, events: Iterable[LaunchEvent]) -> MissileCount:
        """Known counts summed; an event with no count is at least one missile."""
        total = 0
        exact = True
        approximate = False
        for event in events:
            if event.count is None:
                total += 1
                exact = False
                continue
            total += event.count
            if event.count_qualifier is CountQualifier.APPROXIMATE:
                approximate = True
            elif event.count_qualifier is CountQualifier.AT_LEAST:
                exact = False
        if approximate:
            return cls(total, CountQualifier.APPROXIMATE)
        return cls(total, CountQualifier.EXACT if exact else CountQualifier.AT_LEAST)

    def text(self) -> str:
        noun = "missile" if self.total == 1 else "missiles"
        if self.qualifier is CountQualifier.AT_LEAST:
            return f"at least {self.total} {noun}"
        if self.qualifier is CountQualifier.APPROXIMATE:
            return f"about {self.total} {noun}"
        return f"{self.total} {noun}"


@dataclass(frozen=True, slots=True)
class TitForTat:
    """Another side fired missiles on the day of a North Korean launch or the day after."""

    launch_date: dt.date
    response_date: dt.date
    responders: tuple[Actor, ...]
    count: int | None


@dataclass(frozen=True, slots=True)
class Tempo:
    #: The Korean date the figures are as of.
    as_of: dt.date
    band: Band
    #: The band rules that matched, in the words of the band table.
    band_reasons: tuple[str, ...]
    events_7d: int
    events_30d: int
    events_365d: int
    missiles_7d: MissileCount
    missiles_30d: MissileCount
    #: The past year's pace: launch events to expect in 7 and in 30 days.
    expected_7d: float
    expected_30d: float
    #: Launch events in the last 30 days with a launch at level 4 or more (a failed one judged as tried).
    severe_30d: int
    nuclear_tests_30d: int
    latest: dt.date | None
    days_since_latest: int | None
    #: Days from the launch before the latest to the latest.
    gap_before_latest: int | None
    #: The longest gap between launches that ended in the year before the latest (that gap excluded).
    longest_gap_in_year: int | None
    #: The latest launch ended a longer quiet spell than any in the year before it.
    quiet_spell_broken: bool
    year: int
    events_this_year: int
    #: The latest launch's place in its own year (1 for the year's first).
    latest_ordinal: int | None
    #: Launch events in the 14 days ending on the latest.
    recent_run: int
    tit_for_tat: tuple[TitForTat, ...]

    @property
    def pace_7d(self) -> float | None:
        """Last 7 days against the usual pace (2.0 = twice as busy); None with no baseline."""
        return self.events_7d / self.expected_7d if self.expected_7d else None

    @property
    def pace_30d(self) -> float | None:
        return self.events_30d / self.expected_30d if self.expected_30d else None

    def summary_lines(self) -> tuple[str, ...]:
        """The figures as plain text, one fact a line."""
        lines = [f"Tempo: {self.band}" + (f" ({'; '.join(self.band_reasons)})" if self.band_reasons else "")]
        for days, events, missiles, expected in (
            (WEEK_DAYS, self.events_7d, self.missiles_7d, self.expected_7d),
            (MONTH_DAYS, self.events_30d, self.missiles_30d, self.expected_30d),
        ):
            line = f"Last {days} days: {_plural(events, 'launch event')}"
            if events:
                line += f", {missiles.text()}"
            lines.append(f"{line} (usual pace: {expected:.1f} in {days} days)")
        if self.latest is not None and self.latest_ordinal is not None:
            if self.latest.year == self.year:
                lines.append(
                    f"{self.year} so far: {_plural(self.events_this_year, 'launch event')}; "
                    f"the latest, on {date_text(self.latest)}, was the {ordinal(self.latest_ordinal)}"
                )
            else:
                lines.append(f"{self.year} so far: no launch events")
            if self.days_since_latest:
                lines.append(
                    f"Last launch: {date_text(self.latest)}, {_plural(self.days_since_latest, 'day')} ago"
                )
        if self.quiet_spell_broken and self.latest and self.gap_before_latest:
            lines.append(
                f"The {date_text(self.latest)} launch ended {_plural(self.gap_before_latest, 'day')} "
                "without one, the longest quiet spell in a year"
            )
        for exchange in self.tit_for_tat:
            answered = (
                "the day of a North Korean launch"
                if exchange.launch_date == exchange.response_date
                else f"the day after North Korea's launch of {date_text(exchange.launch_date)}"
            )
            lines.append(
                f"Tit-for-tat: {join_names(exchange.responders)} fired missiles on "
                f"{date_text(exchange.response_date)}, {answered}"
            )
        return tuple(lines)


@dataclass(frozen=True, slots=True)
class BandRule:
    band: Band
    #: How the rule reads in the band table and in ``band_reasons``.
    text: str
    test: Callable[[Tempo], bool]


CRISIS_SEVERE = 2
INTENSE_EVENTS_30D = 4
INTENSE_EVENTS_7D = 3
PACE_EVENTS_30D = 3
PACE_FACTOR = 3.0

#: Every band rule, highest band first. The band is the highest band with a rule that holds.
BAND_RULES: tuple[BandRule, ...] = (
    BandRule(Band.CRISIS, "a nuclear test in the last 30 days", lambda t: t.nuclear_tests_30d > 0),
    BandRule(
        Band.CRISIS,
        f"{CRISIS_SEVERE} or more severe (level 4–5) launch events in the last 30 days",
        lambda t: t.severe_30d >= CRISIS_SEVERE,
    ),
    BandRule(
        Band.INTENSE,
        f"{INTENSE_EVENTS_30D} or more launch events in the last 30 days",
        lambda t: t.events_30d >= INTENSE_EVENTS_30D,
    ),
    BandRule(
        Band.INTENSE,
        f"{INTENSE_EVENTS_7D} or more launch events in the last 7 days",
        lambda t: t.events_7d >= INTENSE_EVENTS_7D,
    ),
    BandRule(
        Band.INTENSE,
        "a severe launch event and another launch event in the last 30 days",
        lambda t: t.severe_30d >= 1 and t.events_30d >= 2,
    ),
    BandRule(
        Band.INTENSE,
        f"{PACE_EVENTS_30D} or more launch events in the last 30 days, "
        f"at {PACE_FACTOR:g} times the past year's pace or more",
        lambda t: t.events_30d >= PACE_EVENTS_30D and t.events_30d >= PACE_FACTOR * t.expected_30d,
    ),
    BandRule(
        Band.INTENSE,
        "a tit-for-tat exchange in the last 7 days",
        lambda t: any((t.as_of - x.response_date).days < WEEK_DAYS for x in t.tit_for_tat),
    ),
    BandRule(Band.ACTIVE, "a launch event in the last 30 days", lambda t: t.events_30d > 0),
)
#: Calm is what holds when no rule does.
CALM_TEXT = "no launch event and no nuclear test in the last 30 days"


def korea_date(now: dt.datetime) -> dt.date:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(KST).date()


def tempo(history: Sequence[LaunchEvent], now: dt.datetime) -> Tempo:
    """The tempo as of ``now`` from stored events (one per launch); events after ``now`` are ignored."""
    today = korea_date(now)
    by_day = _launch_days(history, today)
    days = sorted(by_day)

    def within(n: int) -> list[dt.date]:
        return [d for d in days if (today - d).days < n]

    last_7, last_30, last_365 = within(WEEK_DAYS), within(MONTH_DAYS), within(YEAR_DAYS)
    severe = sum(1 for d in last_30 if any(_severe(e, history) for e in by_day[d]))
    nuclear = sum(
        1
        for e in history
        if e.kind is Kind.NUCLEAR_TEST
        and e.status is Status.NEW
        and sv.WATCHED_ACTOR in e.actors
        and 0 <= (today - e.date).days < MONTH_DAYS
    )
    latest = days[-1] if days else None
    gap = (days[-1] - days[-2]).days if len(days) >= 2 else None
    earlier_gaps = [
        (days[i] - days[i - 1]).days
        for i in range(1, len(days) - 1)
        if latest is not None and (latest - days[i]).days < YEAR_DAYS
    ]
    longest = max(earlier_gaps, default=None)
    broken = gap is not None and (gap > longest if longest is not None else gap >= YEAR_DAYS)

    figures = Tempo(
        as_of=today,
        band=Band.CALM,
        band_reasons=(),
        events_7d=len(last_7),
        events_30d=len(last_30),
        events_365d=len(last_365),
        missiles_7d=MissileCount.of(e for d in last_7 for e in by_day[d]),
        missiles_30d=MissileCount.of(e for d in last_30 for e in by_day[d]),
        expected_7d=len(last_365) * WEEK_DAYS / YEAR_DAYS,
        expected_30d=len(last_365) * MONTH_DAYS / YEAR_DAYS,
        severe_30d=severe,
        nuclear_tests_30d=nuclear,
        latest=latest,
        days_since_latest=(today - latest).days if latest else None,
        gap_before_latest=gap,
        longest_gap_in_year=longest,
        quiet_spell_broken=broken,
        year=today.year,
        events_this_year=sum(1 for d in days if d.year == today.year),
        latest_ordinal=sum(1 for d in days if d.year == latest.year) if latest else None,
        recent_run=sum(1 for d in days if latest and (latest - d).days < RUN_DAYS),
        tit_for_tat=_tit_for_tat(history, days, today),
    )
    matched = [rule for rule in BAND_RULES if rule.test(figures)]
    if not matched:
        return figures
    band = max(rule.band for rule in matched)
    return replace(figures, band=band, band_reasons=tuple(rule.text for rule in matched if rule.band is band))


def tempo_line(event: LaunchEvent, history: Sequence[LaunchEvent], now: dt.datetime) -> str:
    """The alert's one line of context: "18th launch event of 2022; 3rd in 14 days"."""
    today = korea_date(now)
    horizon = max(today, event.date)
    days = sorted(_launch_days([*history, event], horizon))
    if event.kind is Kind.NUCLEAR_TEST:
        earlier = [
            e.date
            for e in history
            if e.kind is Kind.NUCLEAR_TEST and set(e.actors) & set(event.actors) and e.date < event.date
        ]
        first = (
            f"first nuclear test since {date_text(max(earlier))}"
            if earlier
            else "first nuclear test on record"
        )
        so_far = sum(1 for d in days if d.year == event.date.year and d <= event.date)
        return f"{first}; {_plural(so_far, 'launch event')} in {event.date.year} before it"
    if sv.WATCHED_ACTOR not in event.actors or event.kind not in LAUNCH_KINDS:
        answered = [d for d in days if 0 <= (event.date - d).days <= RESPONSE_DAYS]
        if answered:
            launch = answered[-1]
            place = sum(1 for d in days if d.year == launch.year and d <= launch)
            return (
                f"answers North Korea's launch of {date_text(launch)} "
                f"({ordinal(place)} launch event of {launch.year})"
            )
        before = [d for d in days if d <= event.date]
        if not before:
            return "no North Korean launch on record before it"
        return f"North Korea's last launch: {date_text(before[-1])}"
    days = [d for d in days if d <= event.date]
    place = sum(1 for d in days if d.year == event.date.year)
    line = f"{ordinal(place)} launch event of {event.date.year}"
    run = sum(1 for d in days if (event.date - d).days < RUN_DAYS)
    if run >= 2:
        return f"{line}; {ordinal(run)} in {RUN_DAYS} days"
    if len(days) >= 2:
        return f"{line}; first in {_plural((days[-1] - days[-2]).days, 'day')}"
    return line


def _severe(event: LaunchEvent, history: Sequence[LaunchEvent]) -> bool:
    # A failed ICBM is still an ICBM launch: for the situation the attempt is the signal.
    attempt = replace(event, outcome=Outcome.UNKNOWN) if event.outcome is Outcome.FAILURE else event
    return assess(attempt, history).level >= sv.SEVERE_LEVEL


def _launch_days(history: Iterable[LaunchEvent], today: dt.date) -> dict[dt.date, list[LaunchEvent]]:
    by_day: dict[dt.date, list[LaunchEvent]] = {}
    for event in history:
        if (
            event.status is Status.NEW
            and event.kind in LAUNCH_KINDS
            and sv.WATCHED_ACTOR in event.actors
            and event.date <= today
        ):
            by_day.setdefault(event.date, []).append(event)
    return by_day


def _tit_for_tat(
    history: Sequence[LaunchEvent], days: Sequence[dt.date], today: dt.date
) -> tuple[TitForTat, ...]:
    launch_days = set(days)
    found: list[TitForTat] = []
    for event in history:
        responders = tuple(a for a in event.actors if a in sv.RESPONDING_ACTORS)
        if (
            event.status is not Status.NEW
            or event.kind is not Kind.MISSILE_LAUNCH
            or sv.WATCHED_ACTOR in event.actors
            or not responders
            or not 0 <= (today - event.date).days < MONTH_DAYS
        ):
            continue
        for lag in range(RESPONSE_DAYS + 1):
            launch = event.date - dt.timedelta(days=lag)
            if launch in launch_days:
                found.append(TitForTat(launch, event.date, responders, event.count))
                break
    return tuple(sorted(found, key=lambda x: (x.response_date, x.responders)))


def date_text(day: dt.date) -> str:
    """``4 Oct 2022``: unambiguous to every reader, and not at the mercy of the process locale."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
