"""Stored events as the store returns them, for the pure rendering, summary and chart tests and for
``scripts/render_docs.py``: a year of launches shaped like 2022's public record."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from bot.core.records import (
    Actor,
    CountQualifier,
    Evidence,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
    SourceRef,
    StoredEvent,
    sorted_actors,
)

NK = (Actor.NORTH_KOREA,)
ALLIES = (Actor.SOUTH_KOREA, Actor.UNITED_STATES)


def make_event(
    event_id: int,
    day: dt.date | str,
    *,
    actors: tuple[Actor, ...] = NK,
    count: int | None = 1,
    missile_class: MissileClass = MissileClass.SRBM,
    kind: Kind = Kind.MISSILE_LAUNCH,
    level: int | None = 2,
    landing: Landing = Landing.EAST_SEA,
    system: str | None = None,
    qualifier: CountQualifier | None = None,
    sources: tuple[SourceRef, ...] = (),
    evidence: tuple[Evidence, ...] = (),
    reasons: tuple[str, ...] = (),
    **fields: Any,
) -> StoredEvent:
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    record = LaunchEvent(
        kind=kind,
        actors=sorted_actors(actors),
        date=day,
        count=count if kind is not Kind.NUCLEAR_TEST else None,
        count_qualifier=qualifier
        or (
            CountQualifier.EXACT
            if count is not None and kind is not Kind.NUCLEAR_TEST
            else CountQualifier.UNKNOWN
        ),
        missile_class=missile_class if kind is not Kind.NUCLEAR_TEST else MissileClass.UNKNOWN,
        system=system,
        landing=landing if kind is not Kind.NUCLEAR_TEST else Landing.UNKNOWN,
        evidence=evidence,
        **fields,
    )
    seen = dt.datetime.combine(day, dt.time(1, 30), tzinfo=dt.UTC)
    return StoredEvent(
        id=event_id,
        record=record,
        version=1,
        first_seen_at=seen,
        updated_at=seen,
        level=level,
        level_reasons=reasons,
        sources=sources,
    )


def year_2022() -> list[StoredEvent]:
    """North Korea's 2022 and the allies' answers, oldest first (ids 1..n)."""
    C = MissileClass
    rows: list[tuple[str, dict[str, Any]]] = [
        ("2022-01-05", {"missile_class": C.HYPERSONIC, "level": 3}),
        ("2022-01-11", {"missile_class": C.HYPERSONIC, "level": 3}),
        ("2022-01-14", {"count": 2, "system": "KN-23"}),
        ("2022-01-17", {"count": 2, "system": "KN-24"}),
        ("2022-01-25", {"count": 2, "missile_class": C.CRUISE, "level": 1}),
        ("2022-01-27", {"count": 2}),
        ("2022-01-30", {"missile_class": C.IRBM, "system": "Hwasong-12", "level": 3}),
        ("2022-02-27", {"missile_class": C.BALLISTIC}),
        ("2022-03-05", {"missile_class": C.BALLISTIC}),
        (
            "2022-03-24",
            {"missile_class": C.ICBM, "system": "Hwasong-17", "level": 4, "landing": Landing.JAPAN_EEZ},
        ),
        ("2022-04-16", {"count": 2}),
        ("2022-05-07", {"missile_class": C.SLBM, "level": 3}),
        ("2022-05-12", {"count": 3}),
        ("2022-05-25", {"count": 3, "missile_class": C.ICBM, "level": 4}),
        ("2022-06-05", {"count": 8}),
        ("2022-06-06", {"count": 8, "actors": ALLIES, "system": "ATACMS", "level": 1}),
        ("2022-09-25", {}),
        ("2022-09-28", {"count": 2}),
        ("2022-09-29", {"count": 2}),
        ("2022-10-01", {"count": 2}),
        (
            "2022-10-04",
            {"missile_class": C.IRBM, "system": "Hwasong-12", "level": 5, "landing": Landing.OVERFLEW_JAPAN},
        ),
        ("2022-10-05", {"count": 4, "actors": ALLIES, "system": "ATACMS", "level": 1}),
        ("2022-10-06", {"count": 2}),
        ("2022-10-09", {"count": 2}),
        ("2022-10-14", {"count": None, "missile_class": C.ROCKET_ARTILLERY, "level": 1}),
        (
            "2022-11-02",
            {
                "count": 23,
                "qualifier": CountQualifier.APPROXIMATE,
                "level": 4,
                "landing": Landing.SOUTH_OF_NLL,
            },
        ),
        ("2022-11-03", {"missile_class": C.ICBM, "level": 4}),
        ("2022-11-09", {}),
        (
            "2022-11-18",
            {"missile_class": C.ICBM, "system": "Hwasong-17", "level": 4, "landing": Landing.JAPAN_EEZ},
        ),
        ("2022-12-18", {"count": 2, "missile_class": C.MRBM, "level": 3}),
        ("2022-12-31", {"count": 3}),
    ]
    return [make_event(i, day, **kw) for i, (day, kw) in enumerate(rows, start=1)]


def hwasong_18_card() -> StoredEvent:
    """A fully known event with two sources, evidence and an update: what /event shows at its richest."""
    published = dt.datetime(2023, 7, 12, 2, 10, tzinfo=dt.UTC)
    event = make_event(
        42,
        "2023-07-12",
        missile_class=MissileClass.ICBM,
        system="Hwasong-18",
        level=4,
        launch_site="Pyongyang",
        range_km=1001.0,
        apogee_km=6648.0,
        flight_time_min=74.0,
        outcome=Outcome.SUCCESS,
        reasons=("ICBM", "solid-fuel system, the second test of its kind"),
        sources=(
            SourceRef(
                11,
                "North Korea fires solid-fuel ICBM <Hwasong-18> into East Sea",
                "Yonhap & Co",
                "https://example.org/news?id=1&lang=en",
                published,
            ),
            SourceRef(
                12,
                "Japan says missile landed outside its EEZ",
                "NHK World",
                None,
                published + dt.timedelta(hours=3),
            ),
        ),
        evidence=(
            Evidence(
                "missile_class",
                "North Korea fired an intercontinental ballistic missile on Wednesday morning.",
            ),
            Evidence("system", "State media said the launch was of the solid-fuel Hwasong-18."),
            Evidence("apogee_km", "It flew 1,001 km at a maximum altitude of 6,648 km for 74 minutes."),
            Evidence("range_km", "It flew 1,001 km at a maximum altitude of 6,648 km for 74 minutes."),
        ),
    )
    history = (
        {
            "version": 2,
            "at": "2023-07-12T05:20:00+00:00",
            "changes": [["apogee_km", None, "6648.0"], ["flight_time_min", None, "74.0"]],
        },
    )
    return replace(event, version=2, history=history)
