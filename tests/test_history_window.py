"""Judging a launch reads a bounded past: the last ``HISTORY_WINDOW_DAYS`` in full and one summary per
kind of older event, so ingest costs the same on the first day and after decades of archive - and
the summary still knows what the full archive knows (what kind of event each was, and when last)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.merge import Report, merge_reports
from bot.core.records import (
    Actor,
    Kind,
    LaunchEvent,
    MissileClass,
    Outcome,
    Status,
)
from storage.db import Database
from storage.repo import HISTORY_WINDOW_DAYS

NOW = dt.datetime(2022, 11, 3, 0, 0, tzinfo=dt.UTC)
TODAY = dt.date(2022, 11, 3)


def launch(day: dt.date, cls: MissileClass, **fields: object) -> LaunchEvent:
    event = LaunchEvent(kind=Kind.MISSILE_LAUNCH, actors=(Actor.NORTH_KOREA,), date=day, missile_class=cls)
    return replace(event, **fields)


async def store(db: Database, event: LaunchEvent) -> int:
    merged = merge_reports([Report("1", NOW, event)])
    async with db.transaction() as repo:
        return await repo.create_event(merged, NOW)


async def test_the_recent_past_comes_whole_and_the_judged_event_is_left_out(db: Database) -> None:
    failed = launch(dt.date(2022, 10, 9), MissileClass.SRBM, count=2, outcome=Outcome.FAILURE, range_km=350.0)
    await store(db, failed)
    judged = await store(db, launch(TODAY, MissileClass.ICBM))

    async with db.transaction() as repo:
        history = await repo.history_until(TODAY, exclude=judged)

    assert history == [failed], "every field of a recent event, the event being judged not among them"


async def test_older_events_are_summarised_one_per_kind_with_their_latest_date(db: Database) -> None:
    window_start = TODAY - dt.timedelta(days=HISTORY_WINDOW_DAYS)
    for day in (dt.date(2016, 2, 7), dt.date(2017, 7, 4), dt.date(2017, 11, 29)):
        await store(db, launch(day, MissileClass.ICBM))
    # An article's mention of an old launch is background, and stays so in the summary: the tempo
    # counts only launches reported as news.
    await store(db, launch(dt.date(2019, 5, 4), MissileClass.SRBM, status=Status.BACKGROUND))
    await store(db, launch(dt.date(2019, 5, 9), MissileClass.SRBM))

    async with db.transaction() as repo:
        history = await repo.history_until(TODAY)

    assert all(e.date < window_start for e in history)
    assert [(e.date, e.missile_class, e.status) for e in history] == [
        (dt.date(2017, 11, 29), MissileClass.ICBM, Status.NEW),
        (dt.date(2019, 5, 4), MissileClass.SRBM, Status.BACKGROUND),
        (dt.date(2019, 5, 9), MissileClass.SRBM, Status.NEW),
    ], "oldest first, one per kind of event: the last ICBM before the window is 29 Nov 2017"
