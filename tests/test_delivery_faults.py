"""Telegram misbehaving, through the stand-in's faults: flood control, blocked chats, a migrated group,
server errors, dropped connections, refused messages, no Telegram at all, and a dispatcher killed
mid-fan-out. Every subscribed chat still ends with every alert exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.dispatch_command import outbox_bot
from bot.dispatcher import Dispatcher
from bot.testing.fake_telegram import FakeTelegram
from bot.testing.faults import Fault
from storage.db import Database
from storage.models import DeliveryRow
from tests.conftest import POSTGRES_URL
from tests.outbox_kit import TOKEN, dispatcher, owe, received, stand_in, subscribe, throwaway_postgres

ROOT = Path(__file__).parents[1]
POSTGRES = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="set LAUNCHWATCH_TEST_POSTGRES_URL to run on PostgreSQL"),
]


def flood(seconds: float, **match: object) -> Fault:
    """429 with a retry_after shorter than Telegram's whole seconds, to keep the suite fast."""
    return Fault.error(
        429, f"Too Many Requests: retry after {seconds}", parameters={"retry_after": seconds}, **match
    )  # type: ignore[arg-type]


async def deliver_all(d: Dispatcher, db: Database, within: float = 20.0) -> None:
    """Run the dispatcher's loop until nothing is owed any more."""
    stop = asyncio.Event()
    task = asyncio.create_task(d.run(stop))
    try:
        async with asyncio.timeout(within):
            while True:
                async with db.transaction() as repo:
                    if (await repo.outbox_summary()).pending == 0:
                        return
                d.wake()
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await task


async def test_flood_control_every_fifth_call_slows_everything_down_and_loses_nothing(db: Database) -> None:
    chats = range(1, 31)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, chats)
        await owe(db, chats)
        tg.add_fault(flood(0.2, method="sendMessage", every=5))
        d = dispatcher(db, bot, concurrency=1)
        await deliver_all(d, db)
    assert set(received(tg, chats).values()) == {1}
    assert d.stats.flood_waits >= 6
    calls = tg.calls_to("sendMessage")
    for refused, following in itertools.pairwise(calls):
        if refused.status == 429:
            assert following.at - refused.at >= 0.19, "nothing is sent while Telegram asks us to wait"


async def test_a_chat_that_blocked_the_bot_is_deactivated_with_telegrams_reason(db: Database) -> None:
    chats = range(1, 11)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, chats)
        tg.block(4)
        await owe(db, chats, "alert:1")
        await owe(db, chats, "alert:2")
        d = dispatcher(db, bot)
        await deliver_all(d, db)
        async with db.transaction() as repo:
            blocked = await repo.chat(4)
            (inactive,) = await repo.inactive_chats()
            summary = await repo.outbox_summary()
    counts = received(tg, chats)
    assert counts[4] == 0
    assert all(counts[c] == 2 for c in chats if c != 4)
    assert blocked is not None
    assert not blocked.subscribed
    assert blocked.inactive_reason == "Forbidden: bot was blocked by the user"
    assert (inactive.chat_id, inactive.reason) == (4, "Forbidden: bot was blocked by the user")
    assert summary.failed == 2, "both of its alerts are recorded as given up"
    assert len([c for c in tg.calls_to("sendMessage") if int(c.params["chat_id"]) == 4]) == 1, "tried once"


async def test_a_group_upgraded_to_a_supergroup_gets_its_alert_at_the_new_id(db: Database) -> None:
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, [-500, 1])
        tg.push_migration(-500, -100500)
        await owe(db, [-500, 1])
        await deliver_all(dispatcher(db, bot), db)
        async with db.transaction() as repo:
            old, new = await repo.chat(-500), await repo.chat(-100500)
    assert received(tg, [-500, -100500, 1]) == {-500: 0, -100500: 1, 1: 1}
    assert old is None
    assert new is not None
    assert new.subscribed
    assert new.type == "supergroup"


async def test_server_errors_and_dropped_connections_are_retried_until_every_chat_has_its_alert(
    db: Database,
) -> None:
    chats = range(1, 41)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, chats)
        await owe(db, chats)
        errors = tg.add_fault(Fault.server_error(500, method="sendMessage", every=3))
        bad_gateway = tg.add_fault(Fault.server_error(502, method="sendMessage", every=11))
        drops = tg.add_fault(Fault.drop(method="sendMessage", every=7))
        d = dispatcher(db, bot)
        await deliver_all(d, db)
    assert errors.hits > 5
    assert bad_gateway.hits > 0
    assert drops.hits > 0
    assert set(received(tg, chats).values()) == {1}
    tries = len(tg.calls_to("sendMessage"))
    assert d.stats.retried == tries - 40, "every call that did not deliver was retried, and only those"


async def test_a_message_telegram_refuses_is_recorded_with_its_reason_and_not_retried(db: Database) -> None:
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, [1, 2])
        await owe(db, [1], text="<b>unclosed")
        await owe(db, [2])
        await deliver_all(dispatcher(db, bot), db)
        async with db.session() as session:
            row = await session.scalar(select(DeliveryRow).where(DeliveryRow.chat_id == 1))
    assert row is not None
    assert row.status == "failed"
    assert row.error is not None
    assert row.error.startswith("Can't parse entities")
    assert row.attempts == 1
    assert received(tg, [1, 2]) == {1: 0, 2: 1}


async def test_when_telegrams_answer_is_lost_a_message_may_arrive_twice_but_never_more(db: Database) -> None:
    """The one duplicate besides a crash: Telegram acted but its answer never came, so we must retry."""
    chats = range(1, 21)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, chats)
        await owe(db, chats)
        lost = tg.add_fault(Fault.drop(method="sendMessage", chat_id=7, after_handling=True, first=1))
        await deliver_all(dispatcher(db, bot), db)
    counts = received(tg, chats)
    assert lost.hits == 1
    assert counts[7] == 2
    assert all(counts[c] == 1 for c in chats if c != 7)


async def test_without_telegram_nothing_is_lost_and_nothing_crashes(db: Database) -> None:
    chats = range(1, 6)
    await subscribe(None, db, chats)
    await owe(db, chats)
    async with stand_in() as (tg, _bot):
        unreachable = tg.base_url
    # The stand-in is gone: every connection is refused.
    gone = outbox_bot(TOKEN, unreachable, connections=4)
    # A clock that stands still: each retry is due a backoff from now, so one drain tries each
    # delivery once however slow the machine is.
    d = dispatcher(db, gone, clock=ManualClock(dt.datetime.now(dt.UTC)))
    assert await d.drain_once() == 0
    await gone.request.shutdown()
    async with db.transaction() as repo:
        summary = await repo.outbox_summary()
        retry_at = await repo.next_due_at()
    assert summary.pending == 5
    assert retry_at is not None
    assert retry_at > dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert d.stats.retried == 5


# ---------------------------------------------------------------------- kill -9


@contextlib.asynccontextmanager
async def dispatch_process(
    tg: FakeTelegram, url: str, name: str, log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))},
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": tg.base_url,
        "DATABASE_URL": url,
        # Telegram's limits ten times faster, and a short lease so a dead process's rows come back soon.
        "TELEGRAM_RATE_SCALE": "10",
    }
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "dispatch", "--lease", "1s", "--worker-id", name, "--concurrency", "8",
            env=env, stdout=out, stderr=out,
        )  # fmt: skip
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=POSTGRES)])
async def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database URL several processes can open: a SQLite file, or a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'lw.db'}"
        return
    async with throwaway_postgres(POSTGRES_URL or "") as url:
        yield url


async def test_a_dispatcher_killed_mid_fan_out_is_resumed_by_the_next_with_at_most_the_window_duplicated(
    shared_url: str, tmp_path: Path
) -> None:
    url = shared_url
    db = Database(url)
    await db.create_schema()
    chats = range(1, 451)  # a second and a half at 300 messages a second
    log = tmp_path / "dispatch.log"
    try:
        async with FakeTelegram(token=TOKEN) as tg:
            for chat in chats:
                tg.add_chat(chat, "private")
            await owe(db, chats)
            async with dispatch_process(tg, url, "first", log) as first:
                await tg.wait_for(lambda: len(tg.calls_to("sendMessage")) >= 150, timeout=30)
                first.send_signal(signal.SIGKILL)
                await first.wait()
            at_kill = sum(received(tg, chats).values())
            async with dispatch_process(tg, url, "second", log):
                await tg.wait_for(lambda: all(received(tg, chats).values()), timeout=30)
                await asyncio.sleep(0.3)
            async with db.transaction() as repo:
                summary = await repo.outbox_summary()
    finally:
        await db.dispose()
    counts = received(tg, chats)
    duplicates = sum(n - 1 for n in counts.values())
    print(f"killed after {at_kill} messages; {duplicates} sent twice")
    assert 150 <= at_kill < 450, "killed mid-fan-out"
    assert set(counts.values()) <= {1, 2}, "nobody got an alert three times"
    # Only messages Telegram answered that were not yet recorded at the kill can repeat: the
    # dispatcher takes no new work while 8 (its concurrency) wait, and 8 more may be in flight.
    assert duplicates <= 16
    assert summary.pending == 0
    assert summary.sent == 450
    assert "Traceback" not in log.read_text()
