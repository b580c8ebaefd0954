"""What deciding alerts and owing digests costs, against the number of subscribed chats.

    python bench/bench_alerts.py

For 10, 100 and 1,000 chats on SQLite, with 2016-2022's launches in the store: the time to ingest
one article about a new launch (store, merge, assess, and the planner's alerts, tempo line and
escalation check, all in one transaction), the planner's share of it, and the time for one
``DigestService.run_once`` when every chat's digest is due, and when none is. Prints medians;
never fails.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))  # the story helpers live in tests/

from bot.clock import ManualClock  # noqa: E402
from bot.core.extract import extract  # noqa: E402
from bot.core.prefs import ChatPrefs, DigestFrequency  # noqa: E402
from bot.services.alerts import AlertPlanner  # noqa: E402
from bot.services.digests import DigestService  # noqa: E402
from bot.services.ingest import IngestService  # noqa: E402
from storage.db import Database  # noqa: E402
from tests.alert_story import report, utc  # noqa: E402
from tests.histories import HISTORY_2022, C, L, launch  # noqa: E402

MAX_AGE = dt.timedelta(hours=72)


class TimedPlanner(AlertPlanner):
    def __init__(self, max_age: dt.timedelta | None) -> None:
        super().__init__(max_age)
        self.seconds: list[float] = []

    async def plan(self, repo, change, now):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return await super().plan(repo, change, now)
        finally:
            self.seconds.append(time.perf_counter() - started)


async def one_size(chats: int, rounds: int) -> tuple[float, float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        await db.create_schema()
        clock = ManualClock(utc("2016-01-01T00:00"))
        planner = TimedPlanner(MAX_AGE)
        ingest = IngestService(
            db, root=Path(tmp), clock=clock, extractor=extract, planner=planner, max_file_size=1 << 20
        )
        for event in HISTORY_2022:
            wire = report(event, at=dt.datetime.combine(event.date, dt.time(3), tzinfo=dt.UTC))
            clock.set(wire.at)
            await ingest.ingest_article(wire.article(), origin="history")
        now = utc("2023-01-01T00:00")
        async with db.transaction() as repo:
            for chat_id in range(1, chats + 1):
                await repo.ensure_chat(chat_id, "private", None, now)
                await repo.set_subscribed(chat_id, True, now)
                await repo.save_prefs(chat_id, ChatPrefs(digest=DigestFrequency.DAILY), now)
        planner.seconds.clear()
        ingest_seconds = []
        for i in range(rounds):
            day = dt.date(2023, 1, 2) + dt.timedelta(days=3 * i)
            wire = report(
                launch(day.isoformat(), C.SRBM, 2, landing=L.EAST_SEA),
                at=dt.datetime.combine(day, dt.time(3), tzinfo=dt.UTC),
                source=f"Wire {i}",
            )
            clock.set(wire.at)
            started = time.perf_counter()
            await ingest.ingest_article(wire.article(), origin="bench")
            ingest_seconds.append(time.perf_counter() - started)
        digests = DigestService(db, max_age=MAX_AGE)
        slot = dt.datetime.combine(day, dt.time(23), tzinfo=dt.UTC)  # 08:00 in Seoul, the next day
        async with db.transaction() as repo:
            for chat_id in range(1, chats + 1):
                await repo.set_last_digest(chat_id, slot - dt.timedelta(days=1))
        started = time.perf_counter()
        run = await digests.run_once(slot)
        due_seconds = time.perf_counter() - started
        assert len(run.sent) == chats
        quiet = []
        for minutes in range(5):
            started = time.perf_counter()
            await digests.run_once(slot + dt.timedelta(minutes=minutes + 1))
            quiet.append(time.perf_counter() - started)
        await db.dispose()
        return (
            statistics.median(ingest_seconds),
            statistics.median(planner.seconds),
            due_seconds,
            statistics.median(quiet),
        )


async def main() -> None:
    print(f"history: {len(HISTORY_2022)} launches (2016-2022); SQLite file; medians")
    print(
        f"{'chats':>6} {'ingest one article':>19} {'of which planner':>17} {'digests, all due':>17} {'none due':>9}"
    )
    for chats, rounds in ((10, 15), (100, 9), (1000, 5)):
        ingest, plan, due, quiet = await one_size(chats, rounds)
        print(
            f"{chats:>6} {ingest * 1e3:>16.1f} ms {plan * 1e3:>14.1f} ms "
            f"{due * 1e3:>11.0f} ms ({due / chats * 1e3:.1f} ms/chat) {quiet * 1e3:>6.1f} ms"
        )


if __name__ == "__main__":
    asyncio.run(main())
