"""Many articles, one launch: fold every report of a launch into one event.

The store keeps every report (one article's reading of the launch) and derives
the event from all of them with :func:`merge_reports`, so the merged event is a
pure function of its reports: re-reading an article, or reading articles in
another order, gives the same event. :func:`changes` says what a new report
changed, which the alert path uses to decide on updates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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


def same_launch(a: LaunchEvent, b: LaunchEvent) -> bool:
    """Whether two reports describe the same launch: same kind, same first actor, dates a day apart at most."""
    return a.kind == b.kind and a.actors[:1] == b.actors[:1] and abs((a.date - b.date).days) <= 1


def merge_reports(reports: Sequence[Report]) -> MergedEvent:
    """Fold reports oldest first; a later report's known value wins over an earlier one's."""
    if not reports:
        raise ValueError("merge_reports needs at least one report")
    ordered = sorted(reports, key=lambda r: (r.published_at, r.article_key))
    values: dict[str, Any] = {}
    support: dict[str, list[str]] = {}
    seen: dict[str, dict[Any, list[str]]] = {}
    evidence: dict[tuple[str, str], None] = {}
    actors = ordered[0].event.actors
    kind: Kind = ordered[0].event.kind
    for report in ordered:
        event = report.event
        for name in MERGED_FIELDS:
            value = getattr(event, name)
            if name in _UNSET and value == _UNSET[name]:
                continue
            seen.setdefault(name, {}).setdefault(value, []).append(report.article_key)
            values[name] = value
        for ev in event.evidence:
            evidence[(ev.field, ev.sentence)] = None
        if len(event.actors) > len(actors):
            actors = event.actors
    status = Status.NEW if any(r.event.status is Status.NEW for r in ordered) else Status.BACKGROUND
    values["status"] = status
    for name, by_value in seen.items():
        if name == "status":
            continue
        support[name] = by_value.get(values[name], [])
    conflicts = {
        name: tuple((value, tuple(keys)) for value, keys in by_value.items() if value != values[name])
        for name, by_value in seen.items()
        if name != "status" and len(by_value) > 1
    }
    record = replace(
        ordered[-1].event,
        kind=kind,
        actors=actors,
        evidence=tuple(Evidence(f, s) for f, s in evidence),
        date_inferred=all(r.event.date_inferred for r in ordered),
        **{name: values.get(name, _UNSET.get(name)) for name in MERGED_FIELDS if name != "date"},
        date=values["date"],
    )
    return MergedEvent(
        record=record,
        support={k: tuple(v) for k, v in support.items()},
        conflicts=conflicts,
    )


def changes(before: MergedEvent | None, after: MergedEvent) -> tuple[FieldChange, ...]:
    """The merged fields whose value differs between two versions of an event."""
    if before is None:
        return ()
    return tuple(
        FieldChange(name, getattr(before.record, name), getattr(after.record, name))
        for name in MERGED_FIELDS
        if getattr(before.record, name) != getattr(after.record, name)
    )
