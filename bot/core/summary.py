"""The figures behind /summary, /chart and the digest: counts by class and actor, the highest level,
notable firsts, and the tempo against the period before. Pure: events and dates in, figures out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.periods import Period
from bot.core.records import Actor, CountQualifier, Kind, Landing, MissileClass, StoredEvent

#: Classes too vague to be a notable "first" (every launch of unstated type would be one).
_NOT_NOTABLE = frozenset({MissileClass.UNKNOWN, MissileClass.BALLISTIC})
#: Landings worth a "first since" line: they are what makes a launch alarming to the neighbours.
NOTABLE_LANDINGS = (Landing.OVERFLEW_JAPAN, Landing.JAPAN_EEZ, Landing.SOUTH_OF_NLL)
#: A class not seen for this long is news again ("the first ICBM since ...").
GAP_WORTH_SAYING = dt.timedelta(days=365)
MAX_FIRSTS = 5


@dataclass(frozen=True, slots=True)
class Tally:
    events: int = 0
    #: Missiles fired, an event without a reported number counting as one.
    missiles: int = 0
    #: Whether ``missiles`` is a floor: some events gave no number, or "at least"/"about" one.
    inexact: bool = False

    def plus(self, event: StoredEvent) -> Tally:
        n, exact = missiles_of(event)
        return Tally(self.events + 1, self.missiles + n, self.inexact or not exact)


def missiles_of(event: StoredEvent) -> tuple[int, bool]:
    """How many missiles one event counts for, and whether that number is exact.

    A nuclear test fires none; a launch with no reported number fired at least one.
    """
    record = event.record
    if record.kind is Kind.NUCLEAR_TEST:
        return 0, True
    if record.count is None:
        return 1, False
    return record.count, record.count_qualifier is CountQualifier.EXACT


@dataclass(frozen=True, slots=True)
class First:
    """Something seen for the first time on record (``since`` None) or for the first time since ``since``."""

    #: ``kind`` (nuclear test, satellite launch), ``class``, ``system`` or ``landing``.
    what: str
    #: The token (``icbm``, ``overflew_japan``, ``nuclear_test``) or, for a system, its name as written.
    value: str
    day: dt.date
    since: dt.date | None


@dataclass(frozen=True, slots=True)
class Summary:
    period: Period
    total: Tally
    #: Missile and satellite launches by class, in the record's class order; classes with none left out.
    by_class: tuple[tuple[MissileClass, Tally], ...]
    by_actor: tuple[tuple[Actor, Tally], ...]
    nuclear_tests: int
    satellite_launches: int
    #: The event with the highest level (the latest of equals), if any event has a level.
    highest: StoredEvent | None
    firsts: tuple[First, ...]
    previous: Period
    previous_total: Tally


def last_seen_keys(event: StoredEvent) -> list[str]:
    """The keys under which an event is remembered for "first since" lines (see ``Repo.last_seen_before``)."""
    record = event.record
    keys = [f"kind:{record.kind}"]
    if record.kind is not Kind.NUCLEAR_TEST:
        keys.append(f"class:{record.missile_class}")
    if record.system:
        keys.append(f"system:{record.system.casefold()}")
    keys.append(f"landing:{record.landing}")
    return keys


def summarize(
    events: Iterable[StoredEvent],
    period: Period,
    *,
    previous_events: Iterable[StoredEvent] = (),
    last_seen: Mapping[str, dt.date] | None = None,
) -> Summary:
    """Figures for the events dated in ``period``.

    ``previous_events`` are those of ``period.previous()``; ``last_seen`` maps each key of
    :func:`last_seen_keys` to the latest date it occurred before the period started (missing: never).
    """
    inside = sorted(
        (e for e in events if period.contains(e.record.date)), key=lambda e: (e.record.date, e.id)
    )
    previous = period.previous()
    total = Tally()
    classes: dict[MissileClass, Tally] = {}
    actors: dict[Actor, Tally] = {}
    for event in inside:
        record = event.record
        total = total.plus(event)
        if record.kind is not Kind.NUCLEAR_TEST:
            classes[record.missile_class] = classes.get(record.missile_class, Tally()).plus(event)
        for actor in record.actors:
            actors[actor] = actors.get(actor, Tally()).plus(event)
    previous_total = Tally()
    for event in previous_events:
        if previous.contains(event.record.date):
            previous_total = previous_total.plus(event)
    leveled = [e for e in inside if e.level is not None]
    highest = max(leveled, key=lambda e: (e.level or 0, e.record.date, e.id)) if leveled else None
    return Summary(
        period=period,
        total=total,
        by_class=tuple((c, classes[c]) for c in MissileClass if c in classes),
        by_actor=tuple(
            sorted(actors.items(), key=lambda item: (-item[1].events, list(Actor).index(item[0])))
        ),
        nuclear_tests=sum(e.record.kind is Kind.NUCLEAR_TEST for e in inside),
        satellite_launches=sum(e.record.kind is Kind.SATELLITE_LAUNCH for e in inside),
        highest=highest,
        firsts=notable_firsts(inside, last_seen or {}),
        previous=previous,
        previous_total=previous_total,
    )


def notable_firsts(events: Sequence[StoredEvent], last_seen: Mapping[str, dt.date]) -> tuple[First, ...]:
    """What happened for the first time on record, or for the first time in a long while.

    ``events`` oldest first. Each thing is said once, at its first occurrence in the period.
    """
    seen = dict(last_seen)
    found: dict[str, First] = {}
    for event in events:
        record = event.record
        candidates: list[tuple[str, str, bool]] = []  # (key, value, whether a long gap is news too)
        if record.kind is not Kind.MISSILE_LAUNCH:
            candidates.append((f"kind:{record.kind}", str(record.kind), True))
        elif record.missile_class not in _NOT_NOTABLE:
            candidates.append((f"class:{record.missile_class}", str(record.missile_class), True))
        if record.system:
            candidates.append((f"system:{record.system.casefold()}", record.system, False))
        if record.landing in NOTABLE_LANDINGS:
            candidates.append((f"landing:{record.landing}", str(record.landing), True))
        for key, value, gap_counts in candidates:
            before = seen.get(key)
            if key in found:
                continue
            if before is None:
                found[key] = First(key.partition(":")[0], value, record.date, None)
            elif gap_counts and record.date - before >= GAP_WORTH_SAYING:
                found[key] = First(key.partition(":")[0], value, record.date, before)
        for key in last_seen_keys(event):
            seen[key] = record.date
    return tuple(found.values())[:MAX_FIRSTS]
