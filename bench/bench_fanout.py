"""Fan-out benchmark (launchwatch issue 7). Prints figures; never fails on a slow machine.

One alert owed to N chats (10,000 by default) is delivered by the outbox dispatcher through the Bot
API stand-in, which runs in its own process as Telegram would.

1. With Telegram's limits, time-scaled: ``--scale 10`` runs the limits ten times faster (300
   messages a second overall instead of 30), so the run that would take N / 30 s takes a tenth of
   that. Printed beside the shortest time the limits allow ((N - 1) / rate); the bar is 5 % over.
2. With limits off: the dispatcher's own ceiling in messages a second, on SQLite and on PostgreSQL
   (median of ``--repeats`` runs).
3. The duplicate window: from Telegram's answer to the commit that records it (median and p99), the
   only moment in which a crash sends a message twice.
4. python-telegram-bot's AIORateLimiter against the same rules: one private chat, five messages.

    python bench/bench_fanout.py                       # 10,000 chats, limits x10, 3 repeats
    python bench/bench_fanout.py --chats 2000 --repeats 1 --pg-url ''   # quick, SQLite only
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from telegram.error import RetryAfter  # noqa: E402
from telegram.ext import AIORateLimiter, ExtBot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.config import database_url  # noqa: E402
from bot.dispatch_command import outbox_bot  # noqa: E402
from bot.dispatcher import Dispatcher  # noqa: E402
from bot.ratelimit import Limits, RateLimiter, TelegramRateLimiter  # noqa: E402
from bot.testing.fake_telegram import FakeTelegram  # noqa: E402
from bot.testing.faults import Fault  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.repo import NewDelivery  # noqa: E402

TOKEN = "777000:AAEfan-out-benchmark-token-xxxxxxxx"

STAND_IN = """
import asyncio, sys
from bot.testing.fake_telegram import FakeTelegram
async def main():
    async with FakeTelegram(token=sys.argv[1]) as tg:
        for chat in range(1, int(sys.argv[2]) + 1):
            tg.add_chat(chat, "private")
        print(tg.base_url, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
asyncio.run(main())
"""


@contextlib.asynccontextmanager
async def stand_in_process(chats: int) -> AsyncIterator[str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", STAND_IN, TOKEN, str(chats),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdin is not None
    try:
        yield (await proc.stdout.readline()).decode().strip()
    finally:
        proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()


@contextlib.asynccontextmanager
async def postgres(url: str) -> AsyncIterator[str | None]:
    """A throwaway database on the server, or None when it cannot be reached."""
    admin = Database(database_url(url))
    name = f"lw_bench_{uuid.uuid4().hex[:8]}"
    try:
        async with admin.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        print(f"  (PostgreSQL skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]})")
        await admin.dispose()
        yield None
        return
    head = database_url(url).rsplit("/", 1)[0]
    try:
        yield f"{head}/{name}"
    finally:
        async with admin.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


async def owe(db: Database, chats: int, key: str) -> None:
    now = dt.datetime.now(dt.UTC)
    for start in range(1, chats + 1, 1000):
        async with db.transaction() as repo:
            await repo.enqueue(
                [
                    NewDelivery(
                        chat, "alert", key, f"🚨 <b>Level 3</b> · test launch {key}", now, priority=30
                    )
                    for chat in range(start, min(chats, start + 999) + 1)
                ],
                now,
            )


async def fan_out(
    db: Database, api_url: str, chats: int, limits: Limits, concurrency: int
) -> tuple[float, list[float]]:
    """One alert to every chat; seconds from the first claim to the last commit, and the record lags."""
    await owe(db, chats, f"alert:{uuid.uuid4().hex[:8]}")
    bot = outbox_bot(TOKEN, api_url, connections=concurrency + 4)
    try:
        dispatcher = Dispatcher(db, bot, SystemClock(), limiter=RateLimiter(limits), concurrency=concurrency)
        start = time.perf_counter()
        sent = await dispatcher.drain_once()
        elapsed = time.perf_counter() - start
    finally:
        await bot.request.shutdown()
    assert sent == chats, f"sent {sent} of {chats}"
    return elapsed, list(dispatcher.stats.record_lag)


def window(lags: list[float]) -> str:
    ordered = sorted(lags)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


async def aio_rate_limiter() -> None:
    """python-telegram-bot's AIORateLimiter and ours, against one private chat and a 429."""
    async with FakeTelegram(token=TOKEN) as tg:
        tg.add_chat(42, "private")
        tg.add_chat(43, "private")
        for name, limiter in (
            ("AIORateLimiter()", AIORateLimiter()),
            ("TelegramRateLimiter", TelegramRateLimiter(RateLimiter(Limits()))),
        ):
            bot = ExtBot(
                TOKEN,
                base_url=tg.base_url,
                rate_limiter=limiter,
                request=HTTPXRequest(connection_pool_size=8),
            )
            async with bot:
                start = time.perf_counter()
                for n in range(5):
                    await bot.send_message(42, f"{name} {n}")
                spread = time.perf_counter() - start
                flood = tg.add_fault(Fault.retry_after(1, method="sendMessage", first=1))
                try:
                    await bot.send_message(43, "after a 429")
                    outcome = "waited 1 s and sent it"
                except RetryAfter:
                    outcome = "raised RetryAfter to the caller"
                tg.remove_fault(flood)
            print(
                f"  {name:<22} 5 messages to one private chat in {spread:5.2f} s (rule: >= 4 s); "
                f"on a 429 it {outcome}"
            )


async def run_backend(name: str, db: Database, api_url: str, args: argparse.Namespace) -> list[float]:
    n = args.chats
    limits = Limits().scaled(args.scale)
    assert limits.overall is not None
    allowed = (n - 1) / limits.overall.per_second
    elapsed, lags = await fan_out(db, api_url, n, limits, args.concurrency)
    print(f"\n{name}")
    print(f"  1. Telegram's limits x{args.scale:g} ({limits}):")
    print(f"     {elapsed:.1f} s; the limits allow no less than {allowed:.1f} s: {elapsed / allowed:.3f}x "
          f"(bar: 1.05x). Unscaled: {elapsed * args.scale:.0f} s for {n:,} chats at 30/s.")  # fmt: skip
    print(f"     duplicate window (Telegram's answer -> the commit recording it): {window(lags)}")
    runs = [await fan_out(db, api_url, n, Limits.off(), args.concurrency) for _ in range(args.repeats)]
    rates = [n / elapsed for elapsed, _ in runs]
    print(f"  2. Limits off, the dispatcher's own ceiling: median {statistics.median(rates):,.0f} msg/s "
          f"(runs: {', '.join(f'{r:,.0f}' for r in rates)})")  # fmt: skip
    print(f"     duplicate window at full speed: {window([x for _, lag in runs for x in lag])}")
    return rates


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=10.0, help="Telegram's limits times this (default 10)")
    parser.add_argument("--repeats", type=int, default=3, help="runs with limits off, per database")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("LAUNCHWATCH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL server to make a scratch database on ('' skips PostgreSQL)",
    )
    args = parser.parse_args()
    # AIORateLimiter logs the 429 it hands back; the figure below says so in one line.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    print(f"Fan-out of one alert to {args.chats:,} chats through the Bot API stand-in (its own process), "
          f"{args.concurrency} concurrent sends; {os.cpu_count()} CPUs.")  # fmt: skip
    async with stand_in_process(args.chats) as api_url:
        with tempfile.TemporaryDirectory() as scratch:
            sqlite = Database(f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}")
            await sqlite.create_schema()
            try:
                await run_backend("SQLite (WAL)", sqlite, api_url, args)
            finally:
                await sqlite.dispose()
        if args.pg_url:
            async with postgres(args.pg_url) as url:
                if url is not None:
                    pg = Database(url)
                    await pg.create_schema()
                    try:
                        await run_backend("PostgreSQL (asyncpg)", pg, api_url, args)
                    finally:
                        await pg.dispose()
    print("\n3. python-telegram-bot's AIORateLimiter against Telegram's rules (real limits, one chat):")
    await aio_rate_limiter()


if __name__ == "__main__":
    asyncio.run(main())
