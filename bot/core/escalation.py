"""Judge one event: a level from 1 to 5, a finer score, and the reasons a subscriber can check.

The rules live in :mod:`bot.core.severity`; this module applies them. ``assess`` is
a pure function of the event and the earlier events, so the same history always
gives the same judgement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import severity as sv
from bot.core.records import CountQualifier, Kind, LaunchEvent, MissileClass, Outcome

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Assessment:
    #: 1 routine, 2 elevated, 3 high, 4 severe, 5 critical.
    level: int
    #: ``level`` plus a fraction in [0, 1): ranks events within a level, higher is worse.
    score: float
    #: Short, checkable lines, the most important first.
    reasons: tuple[str, ...]


def assess(event: LaunchEvent, history: Sequence[LaunchEvent]) -> Assessment:
    """How severe ``event`` is, given the events before it.

    Only history dated strictly before the event is used, so passing the whole store (the
    event included) is fine. Background events count as history: they are real launches.
    """
    earlier = [e for e in history if e.date < event.date]
    reasons: list[str] = []

    what = _what_rule(event)
    what_level = what.level
    reasons.append(f"{what.label} ({event.system})" if event.system else what.label)
    if _is_large_salvo(event):
        what_level = max(what_level, sv.LARGE_SALVO.level)

    where = sv.LANDING_RULES.get(event.landing)
    base = max(what_level, where.level if where else 0)
    raw = base + sv.BASE_OFFSET
    if where:
        reasons.append(where.label)
        if min(what_level, where.level) >= 3:
            raw += sv.COMPOUND_BONUS

    if event.count is not None and event.count >= 2:
        raw += sv.step_bonus(event.count, sv.SALVO_STEPS)
        reasons.append(f"salvo of {_count_text(event.count, event.count_qualifier)} missiles")

    bonus, lines = _firsts(event, earlier)
    raw += bonus
    reasons += lines

    bonus, lines = _flight(event)
    raw += bonus
    reasons += lines

    low = max(sv.MIN_LEVEL, base - 1)
    high = sv.CRITICAL_LEVEL if base >= sv.CRITICAL_LEVEL else min(base + 1, sv.CRITICAL_LEVEL - 1)
    if not _by_watched_side(event) and event.kind is not Kind.NUCLEAR_TEST:
        cap = (
            sv.OTHER_SIDE_BALLISTIC_CAP
            if event.missile_class in sv.OTHER_SIDE_ELEVATED_CLASSES
            else sv.OTHER_SIDE_CAP
        )
        high = min(high, cap)
        low = min(low, high)
        reasons.append(f"fired by {sv.join_names(event.actors)}, not North Korea (at most level {cap})")

    if event.outcome is Outcome.FAILURE:
        raw -= sv.FAILURE_PENALTY
        reasons.append("launch failed (−1)")

    level = min(max(math.floor(raw), low), high)
    over = raw - level
    # Squash what is above the level into [0, 1) so a capped event still ranks by its movers; with
    # the base offset as the half-way mark, a plain event scores N.5.
    score = level + (over / (over + sv.BASE_OFFSET) if over > 0 else 0.0)
    return Assessment(level=level, score=score, reasons=tuple(reasons))


def _what_rule(event: LaunchEvent) -> sv.Rule:
    return sv.KIND_RULES.get(event.kind) or sv.CLASS_RULES[event.missile_class]


def _is_large_salvo(event: LaunchEvent) -> bool:
    rule = sv.LARGE_SALVO
    return (
        event.kind is Kind.MISSILE_LAUNCH
        and event.missile_class in rule.classes
        and event.count is not None
        and event.count >= rule.min_count
    )


def _by_watched_side(event: LaunchEvent) -> bool:
    return sv.WATCHED_ACTOR in event.actors


def _count_text(count: int, qualifier: CountQualifier) -> str:
    if qualifier is CountQualifier.AT_LEAST:
        return f"at least {count}"
    if qualifier is CountQualifier.APPROXIMATE:
        return f"about {count}"
    return str(count)


def _system_key(system: str) -> str:
    """``Hwasong-17``, ``Hwasong 17`` and ``hwasong17`` are one system."""
    return "".join(ch for ch in system.casefold() if ch.isalnum())


def class_key(event: LaunchEvent) -> MissileClass | Kind | None:
    """What "of its kind" means for an event: a nuclear test, a satellite launch, or a missile class.

    None for the placeholder classes: "the first unknown missile since 2019" says nothing.
    """
    if event.kind is Kind.NUCLEAR_TEST:
        return Kind.NUCLEAR_TEST
    if event.kind is Kind.SATELLITE_LAUNCH or event.missile_class is MissileClass.SLV:
        return Kind.SATELLITE_LAUNCH
    if event.missile_class in sv.PLACEHOLDER_CLASSES:
        return None
    return event.missile_class


def kind_phrase(key: MissileClass | Kind) -> str:
    if key is Kind.NUCLEAR_TEST:
        return "nuclear test"
    if key is Kind.SATELLITE_LAUNCH:
        return "satellite launch"
    assert isinstance(key, MissileClass)
    return f"{sv.CLASS_NAMES[key]} launch"


def _firsts(event: LaunchEvent, earlier: Sequence[LaunchEvent]) -> tuple[float, list[str]]:
    """Novelty: a new system, the first of a class on record, or the first in a year."""
    deep = any((event.date - e.date).days >= sv.HISTORY_DEPTH_DAYS for e in earlier)
    bonuses = [0.0]
    lines: list[str] = []
    if event.system and deep:
        key = _system_key(event.system)
        if not any(e.system and _system_key(e.system) == key for e in earlier):
            bonuses.append(sv.NEW_SYSTEM_BONUS)
            lines.append(f"new system: first {event.system} launch on record")

    key_of_event = class_key(event)
    if key_of_event is None or _what_rule(event).level < sv.FIRST_OF_CLASS_MIN_LEVEL:
        return max(bonuses), lines
    side = set(event.actors)
    same = [e.date for e in earlier if side & set(e.actors) and class_key(e) == key_of_event]
    phrase = kind_phrase(key_of_event)
    if not same:
        if deep:
            bonuses.append(sv.FIRST_OF_CLASS_BONUS)
            lines.append(f"first {phrase} on record")
    else:
        last = max(same)
        if (event.date - last).days >= sv.FIRST_SINCE_DAYS:
            bonuses.append(sv.FIRST_SINCE_BONUS)
            lines.append(f"first {phrase} since {MONTHS[last.month - 1]} {last.year}")
    return max(bonuses), lines


def _flight(event: LaunchEvent) -> tuple[float, list[str]]:
    bonuses = [0.0]
    lines: list[str] = []
    for value, steps, text in (
        (event.apogee_km, sv.APOGEE_STEPS, "apogee {:,.0f} km"),
        (event.range_km, sv.RANGE_STEPS, "range {:,.0f} km"),
        (event.flight_time_min, sv.FLIGHT_TIME_STEPS, "flight of {:,.0f} minutes"),
    ):
        if value is None:
            continue
        bonus = sv.step_bonus(value, steps)
        if bonus:
            bonuses.append(bonus)
            lines.append(text.format(value))
    # Apogee, range and flight time measure one flight; the longest of them counts, not their sum.
    return max(bonuses), lines
