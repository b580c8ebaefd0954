"""What the delivery tests share: the stand-in with a bot on it, chats subscribed on both sides, owed alerts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from telegram import Bot

from bot.clock import Clock, SystemClock
from bot.dispatch_command import outbox_bot
from bot.dispatcher import Backoff, Dispatcher
from bot.ratelimit import Limits, RateLimiter
from bot.testing.fake_telegram import FakeTelegram
from storage.db import Database
from storage.repo import NewDelivery

TOKEN = "777000:AAoutbox-tests-token-xxxxxxxxxxxxxx"
#: Retries in hundredths of a second, so fault tests run in seconds.
QUICK = Backoff(base=0.02, cap=0.1, max_attempts=50)


@asynccontextmanager
async def stand_in() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    async with FakeTelegram(token=TOKEN) as tg:
        bot = outbox_bot(TOKEN, tg.base_url, connections=80)
        try:
            yield tg, bot
        finally:
            await bot.request.shutdown()


def dispatcher(
    db: Database,
    bot: Bot,
    *,
    limits: Limits | None = None,
    concurrency: int = 32,
    worker_id: str | None = None,
    lease: dt.timedelta = dt.timedelta(seconds=30),
    clock: Clock | None = None,
) -> Dispatcher:
    return Dispatcher(
        db,
        bot,
        clock or SystemClock(),
        limiter=RateLimiter(limits or Limits.off()),
        concurrency=concurrency,
        worker_id=worker_id,
        backoff=QUICK,
        lease=lease,
    )


async def subscribe(
    tg: FakeTelegram | None, db: Database, chats: Iterable[int], *, group: bool = False
) -> None:
    now = dt.datetime.now(dt.UTC)
    async with db.transaction() as repo:
        for chat in chats:
            kind = "group" if chat < 0 else "private"
            if tg is not None:
                tg.add_chat(chat, kind, title=f"group {chat}" if chat < 0 else None)
            await repo.ensure_chat(chat, kind, None, now)
            await repo.set_subscribed(chat, True, now)


async def owe(
    db: Database, chats: Iterable[int], key: str = "alert:1", *, priority: int = 20, text: str | None = None
) -> int:
    now = dt.datetime.now(dt.UTC)
    async with db.transaction() as repo:
        return await repo.enqueue(
            [
                NewDelivery(
                    chat_id=chat,
                    kind="alert",
                    dedupe_key=key,
                    text=text or f"<b>Launch</b> {key}",
                    not_before=now,
                    priority=priority,
                )
                for chat in chats
            ],
            now,
        )


def received(tg: FakeTelegram, chats: Iterable[int]) -> Counter[int]:
    """How many messages each chat got."""
    return Counter({chat: len(tg.messages(chat)) for chat in chats})


@asynccontextmanager
async def throwaway_postgres(url: str) -> AsyncIterator[str]:
    """A database of its own on the server (separate processes cannot share a test's schema)."""
    import uuid

    from sqlalchemy import text

    from bot.config import database_url

    admin = Database(database_url(url))
    name = f"lw_test_{uuid.uuid4().hex[:10]}"
    try:
        async with admin.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield f"{database_url(url).rsplit('/', 1)[0]}/{name}"
    finally:
        async with admin.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
