"""Digests across restarts and setting changes: none lost, none doubled, the too-late ones skipped
and said so once. Each "start" is a new database connection and service on the same file, doing what
``bot.jobs.restore_digests`` does at start (``run_once`` at the current time)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.core.prefs import Chat, ChatPrefs, DigestFrequency
from bot.services.digests import DigestService, next_run_at
from storage.db import Database
from tests.alert_story import report, utc
from tests.histories import C, L, launch
from tests.story_world import World

ALICE = 3001
#: Alice's digest: daily at 08:00 in Seoul, which is 23:00 UTC the day before.
DAILY_8AM = ChatPrefs(digest=DigestFrequency.DAILY, digest_time=dt.time(8))
SLOT = utc("2023-03-09T23:00")  # 08:00 on 10 March in Seoul


@asynccontextmanager
async def started(url: str, clock: ManualClock) -> AsyncIterator[DigestService]:
    """A launchwatch process as far as digests go: it catches up at start, and stops at exit."""
    db = Database(url)
    await db.create_schema()
    service = DigestService(db, max_age=dt.timedelta(hours=72))
    try:
        await service.run_once(clock.now())
        yield service
    finally:
        await db.dispose()


async def digests_owed(url: str) -> list[str]:
    db = Database(url)
    try:
        world = World.make(db, Path(), SLOT)
        return [o.key for o in await world.outbox(ALICE, kind="digest")]
    finally:
        await db.dispose()


async def subscribed(url: str, at: dt.datetime, prefs: ChatPrefs = DAILY_8AM) -> None:
    db = Database(url)
    await db.create_schema()
    try:
        world = World.make(db, Path(), at)
        await world.subscribe(ALICE, prefs)
    finally:
        await db.dispose()


async def test_a_digest_missed_by_five_hours_is_sent_once_on_start_however_often_it_restarts(
    sqlite_db_url: str,
) -> None:
    clock = ManualClock(utc("2023-03-09T12:00"))
    await subscribed(sqlite_db_url, clock.now())
    async with started(sqlite_db_url, clock) as service:
        assert next_run_at(await chat(service), clock.now()) == SLOT
    # Down over the digest time; back five hours after it.
    clock.set(SLOT + dt.timedelta(hours=5))
    async with started(sqlite_db_url, clock):
        pass
    assert await digests_owed(sqlite_db_url) == [f"digest:{SLOT.isoformat()}"]
    # Restarted twice more, the second a minute later: still once.
    async with started(sqlite_db_url, clock):
        pass
    clock.advance(dt.timedelta(minutes=1))
    async with started(sqlite_db_url, clock) as service:
        assert next_run_at(await chat(service), clock.now()) == SLOT + dt.timedelta(days=1)
    assert await digests_owed(sqlite_db_url) == [f"digest:{SLOT.isoformat()}"]


async def test_a_digest_missed_by_seven_hours_is_skipped_and_logged_once(
    sqlite_db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    clock = ManualClock(utc("2023-03-09T12:00"))
    await subscribed(sqlite_db_url, clock.now())
    caplog.set_level(logging.WARNING, logger="bot.services.digests")
    clock.set(SLOT + dt.timedelta(hours=7))
    async with started(sqlite_db_url, clock):
        pass
    async with started(sqlite_db_url, clock):
        pass
    assert await digests_owed(sqlite_db_url) == []
    (record,) = caplog.records
    assert record.getMessage() == (
        f"chat {ALICE}: the digest due at {SLOT.isoformat()} was missed by 7:00:00 (more than 6:00:00): skipped"
    )
    # The next morning's comes as usual.
    clock.set(SLOT + dt.timedelta(days=1))
    async with started(sqlite_db_url, clock):
        pass
    assert await digests_owed(sqlite_db_url) == [f"digest:{(SLOT + dt.timedelta(days=1)).isoformat()}"]


async def test_of_four_mornings_missed_only_the_last_is_sent_and_it_covers_its_own_day(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    world = World.make(db, Path(), utc("2023-03-06T12:00"))
    clock = world.clock
    await world.subscribe(ALICE, DAILY_8AM)
    await world.read(report(launch("2023-03-07", C.SRBM, 2, landing=L.EAST_SEA), at=utc("2023-03-07T03:00")))
    await world.read(report(launch("2023-03-09", C.CRUISE, 2), at=utc("2023-03-09T12:00")))
    clock.set(SLOT + dt.timedelta(hours=2))
    run = await world.digests.run_once(clock.now())
    assert run.sent == ((ALICE, SLOT),)
    assert run.skipped == tuple((ALICE, SLOT - dt.timedelta(days=d)) for d in (3, 2, 1))
    # One line for the outage, not one per morning.
    assert [r.getMessage() for r in caplog.records if r.name == "bot.services.digests"] == [
        f"chat {ALICE}: 3 digests due from 2023-03-06T23:00:00+00:00 to 2023-03-08T23:00:00+00:00 were "
        "missed by more than 6:00:00: skipped"
    ]
    (digest,) = await world.outbox(ALICE, kind="digest")
    assert "• Thu 9 Mar 2023 — North Korea fired 2 cruise missiles" in digest.text
    assert "short-range" not in digest.text, "the 7 March launch was in a skipped period"


async def test_two_runs_at_once_owe_one_digest(db: Database) -> None:
    world = World.make(db, Path(), utc("2023-03-09T12:00"))
    await world.subscribe(ALICE, DAILY_8AM)
    runs = await asyncio.gather(*(world.digests.run_once(SLOT) for _ in range(4)))
    assert sum(len(r.sent) for r in runs) == 1
    assert len(await world.outbox(ALICE, kind="digest")) == 1


async def test_switching_digests_on_after_todays_time_starts_tomorrow(db: Database) -> None:
    world = World.make(db, Path(), SLOT + dt.timedelta(hours=2))
    chat = await world.subscribe(ALICE, DAILY_8AM)
    assert chat.last_digest_at == SLOT
    assert next_run_at(chat, world.clock.now()) == SLOT + dt.timedelta(days=1)
    assert (await world.digests.run_once(world.clock.now())).sent == ()


async def test_a_digest_due_in_quiet_hours_waits_for_them_to_end(db: Database) -> None:
    world = World.make(db, Path(), utc("2023-03-09T12:00"))
    await world.subscribe(
        ALICE,
        ChatPrefs(
            digest=DigestFrequency.DAILY,
            digest_time=dt.time(6),
            quiet_start=dt.time(23),
            quiet_end=dt.time(7),
        ),
    )
    await world.digests.run_once(utc("2023-03-09T21:00"))  # 06:00 in Seoul
    (digest,) = await world.outbox(ALICE, kind="digest")
    assert digest.key == "digest:2023-03-09T21:00:00+00:00"
    assert digest.not_before == utc("2023-03-09T22:00")


async def test_a_week_with_no_launches_says_so_and_still_gives_the_tempo(db: Database) -> None:
    world = World.make(db, Path(), utc("2023-02-01T00:00"))
    weekly = ChatPrefs(
        digest=DigestFrequency.WEEKLY, digest_weekday=0, digest_time=dt.time(9), timezone="Europe/Berlin"
    )
    await world.subscribe(ALICE, weekly)
    await world.read(report(launch("2023-02-20", C.SRBM, 1), at=utc("2023-02-20T01:00")))
    monday = utc("2023-03-06T08:00")  # 09:00 in Berlin (CET)
    await world.digests.run_once(monday)
    digest = (await world.outbox(ALICE, kind="digest"))[-1]
    assert digest.text.splitlines()[:2] == [
        "🗞 <b>Weekly digest</b> · Mon 27 Feb 09:00 CET – Mon 6 Mar 09:00 CET",
        "<b>No launches</b> were reported in this period.",
    ]
    assert "Tempo: active (a launch event in the last 30 days)" in digest.text


async def chat(service: DigestService) -> Chat:
    async with service.db.transaction() as repo:
        found = await repo.chat(ALICE)
    assert found is not None
    return found
