"""Many articles, one launch: fold every report of a launch into one event.

The store keeps every report (one article's reading of the launch) and derives the event from all of
them with :func:`merge_reports`, so the merged event is a pure function of its reports: re-reading an
article, or reading articles in another order, gives the same event. :func:`changes` says what a new
report changed, which the alert path uses to decide on updates.

Each field is chosen by how much it says, then by how many articles say it, then by the latest
report: a Hwasong-18 ``icbm`` beats an earlier "unidentified ``ballistic`` missile", an ``exact``
count beats "at least one", a named system beats none, Japan's EEZ beats "the East Sea". Values
that lose are kept in ``conflicts`` with the articles that gave them, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.core.records import (
    CountQualifier,
    Evidence,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
    Status,
)


@dataclass(frozen=True, slots=True)
class Report:
    """One article's report of a launch."""

    #: An opaque, stable key for the article (the store uses its id as a string).
    article_key: str
    published_at: dt.datetime
    event: LaunchEvent


@dataclass(frozen=True, slots=True)
class MergedEvent:
    #: The best current value of every field.
    record: LaunchEvent
    #: field -> keys of the articles that support the current value.
    support: Mapping[str, tuple[str, ...]]
    #: field -> other values some articles gave, each with its supporting article keys.
    conflicts: Mapping[str, tuple[tuple[Any, tuple[str, ...]], ...]]


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


#: Fields that are merged (``kind`` and ``actors`` identify the launch; ``evidence`` is collected).
MERGED_FIELDS: tuple[str, ...] = (
    "date",
    "count",
    "count_qualifier",
    "missile_class",
    "system",
    "launch_site",
    "landing",
    "range_km",
    "apogee_km",
    "flight_time_min",
    "outcome",
    "status",
)

#: Fields :func:`changes` compares: the merged ones and the identity ones that can firm up too.
CHANGE_FIELDS: tuple[str, ...] = ("kind", "actors", *MERGED_FIELDS)

_UNSET: dict[str, Any] = {
    "count": None,
    "count_qualifier": CountQualifier.UNKNOWN,
    "missile_class": MissileClass.UNKNOWN,
    "system": None,
    "launch_site": None,
    "landing": Landing.UNKNOWN,
    "range_km": None,
    "apogee_km": None,
    "flight_time_min": None,
    "outcome": Outcome.UNKNOWN,
}

_COUNT_RANK = {
    CountQualifier.UNKNOWN: 0,
    CountQualifier.APPROXIMATE: 1,
    CountQualifier.AT_LEAST: 2,
    CountQualifier.EXACT: 3,
}
_LANDING_RANK = {
    Landing.UNKNOWN: 0,
    Landing.EAST_SEA: 1,
    Landing.YELLOW_SEA: 1,
    Landing.PACIFIC: 1,
    Landing.JAPAN_EEZ: 2,
    Landing.SOUTH_OF_NLL: 2,
    Landing.OVERFLEW_JAPAN: 3,
}


def _class_rank(value: MissileClass) -> int:
    return 0 if value is MissileClass.UNKNOWN else 1 if value is MissileClass.BALLISTIC else 2


def _known_rank(value: Any) -> int:
    return 0 if value is None else 1


def _outcome_rank(value: Outcome) -> int:
    return 0 if value is Outcome.UNKNOWN else 1


#: How much a value says, per field (higher says more). Values of equal rank compete on support.
_SPECIFICITY: dict[str, Callable[[Any], int]] = {
    "missile_class": _class_rank,
    "landing": _LANDING_RANK.__getitem__,
    "outcome": _outcome_rank,
    "system": _known_rank,
    "launch_site": _known_rank,
    "range_km": _known_rank,
    "apogee_km": _known_rank,
    "flight_time_min": _known_rank,
}

#: Launch kinds that can be one launch read two ways: a "ballistic missile" that was a satellite rocket.
_SAME_KIND = {Kind.MISSILE_LAUNCH: Kind.SATELLITE_LAUNCH, Kind.SATELLITE_LAUNCH: Kind.MISSILE_LAUNCH}


def same_launch(a: LaunchEvent, b: LaunchEvent) -> bool:
    """Whether two reports describe the same launch.

    Same side firing (first actor), a compatible kind, and the same day — or days one apart (outlets in
    other time zones date a dawn launch a day earlier) when nothing specific contradicts it: launches on
    consecutive days ("23 missiles on Nov. 2", "an ICBM on Nov. 3") stay apart.
    """
    if a.actors[:1] != b.actors[:1]:
        return False
    if a.kind != b.kind and _SAME_KIND.get(a.kind) is not b.kind:
        return False
    gap = abs((a.date - b.date).days)
    if gap == 0:
        return True
    return gap == 1 and not _contradict(a, b)


def _contradict(a: LaunchEvent, b: LaunchEvent) -> bool:
    if (
        _class_rank(a.missile_class) == 2
        and _class_rank(b.missile_class) == 2
        and a.missile_class != b.missile_class
    ):
        return True
    if a.system and b.system and a.system.lower() != b.system.lower():
        return True
    exact = CountQualifier.EXACT
    return a.count_qualifier is exact and b.count_qualifier is exact and a.count != b.count


def merge_reports(reports: Sequence[Report]) -> MergedEvent:
    """The event all these reports describe, each field from the reports that say the most."""
    if not reports:
        raise ValueError("merge_reports needs at least one report")
    ordered = sorted(reports, key=lambda r: (r.published_at, r.article_key))
    values: dict[str, Any] = {}
    support: dict[str, tuple[str, ...]] = {}
    conflicts: dict[str, tuple[tuple[Any, tuple[str, ...]], ...]] = {}

    for name in MERGED_FIELDS:
        if name in ("count_qualifier", "status"):
            continue
        if name == "count":
            pairs = [(r, (r.event.count, r.event.count_qualifier)) for r in ordered]
            chosen, keys, others = _choose(pairs, _count_rank, unset=(None, CountQualifier.UNKNOWN))
            values["count"], values["count_qualifier"] = chosen
            _record(name, keys, others, support, conflicts)
            _record("count_qualifier", keys, (), support, conflicts)
            continue
        rank = _SPECIFICITY.get(name, lambda _v: 1)
        pairs = [(r, getattr(r.event, name)) for r in ordered]
        chosen, keys, others = _choose(pairs, rank, unset=_UNSET.get(name, _NO_UNSET))
        values[name] = chosen
        _record(name, keys, others, support, conflicts)

    new = [r.article_key for r in ordered if r.event.status is Status.NEW]
    values["status"] = Status.NEW if new else Status.BACKGROUND
    support["status"] = tuple(new) if new else tuple(r.article_key for r in ordered)

    kinds = [(r, r.event.kind) for r in ordered]
    kind, kind_keys, kind_others = _choose(
        kinds, lambda k: 1 if k is Kind.SATELLITE_LAUNCH else 0, unset=_NO_UNSET
    )
    _record("kind", kind_keys, kind_others, support, conflicts)
    widest = max(len(r.event.actors) for r in ordered)
    actor_sets = [(r, r.event.actors) for r in ordered]
    actors, actor_keys, actor_others = _choose(
        actor_sets, lambda a: 1 if len(a) == widest else 0, unset=_NO_UNSET
    )
    _record("actors", actor_keys, actor_others, support, conflicts)

    evidence: dict[tuple[str, str], None] = {}
    for report in ordered:
        for ev in report.event.evidence:
            evidence[(ev.field, ev.sentence)] = None
    record = replace(
        ordered[-1].event,
        kind=kind,
        actors=actors,
        evidence=tuple(Evidence(f, s) for f, s in evidence),
        date_inferred=all(r.event.date_inferred for r in ordered),
        date=values["date"],
        count=values["count"],
        count_qualifier=values["count_qualifier"],
        missile_class=values["missile_class"],
        system=values["system"],
        launch_site=values["launch_site"],
        landing=values["landing"],
        range_km=values["range_km"],
        apogee_km=values["apogee_km"],
        flight_time_min=values["flight_time_min"],
        outcome=values["outcome"],
        status=values["status"],
    )
    return MergedEvent(record=record, support=support, conflicts=conflicts)


_NO_UNSET = object()


def _count_rank(value: tuple[int | None, CountQualifier]) -> int:
    count, qualifier = value
    return 0 if count is None else _COUNT_RANK[qualifier]


def _choose(
    pairs: Sequence[tuple[Report, Any]], rank: Callable[[Any], int], *, unset: Any
) -> tuple[Any, tuple[str, ...], tuple[tuple[Any, tuple[str, ...]], ...]]:
    """The value that says the most; among equals, the one more articles give; then the latest.

    Returns the value, the keys supporting it (none when no article states a value), and the other
    stated values with their keys.
    """
    by_value: dict[Any, list[str]] = {}
    latest: dict[Any, int] = {}
    for position, (report, value) in enumerate(pairs):
        key = _hashable(value)
        by_value.setdefault(key, []).append(report.article_key)
        latest[key] = position
    best = max(by_value, key=lambda v: (rank(_unhash(v)), len(by_value[v]), latest[v]))
    others = tuple(
        (_unhash(v), tuple(keys))
        for v, keys in by_value.items()
        if v != best and (unset is _NO_UNSET or _unhash(v) != unset)
    )
    chosen = _unhash(best)
    keys = () if unset is not _NO_UNSET and chosen == unset else tuple(by_value[best])
    return chosen, keys, others


def _hashable(value: Any) -> Any:
    return ("__list__", tuple(value)) if isinstance(value, list) else value


def _unhash(value: Any) -> Any:
    return list(value[1]) if isinstance(value, tuple) and value[:1] == ("__list__",) else value


def _record(
    name: str,
    keys: tuple[str, ...],
    others: tuple[tuple[Any, tuple[str, ...]], ...],
    support: dict[str, tuple[str, ...]],
    conflicts: dict[str, tuple[tuple[Any, tuple[str, ...]], ...]],
) -> None:
    support[name] = keys
    if others:
        conflicts[name] = others


def changes(before: MergedEvent | None, after: MergedEvent) -> tuple[FieldChange, ...]:
    """The fields whose value differs between two versions of an event (none for a new event)."""
    if before is None:
        return ()
    return tuple(
        FieldChange(name, getattr(before.record, name), getattr(after.record, name))
        for name in CHANGE_FIELDS
        if getattr(before.record, name) != getattr(after.record, name)
    )
