"""``launchwatch dispatch``: only deliver the outbox, without answering commands or reading articles.

Run one or more next to ``launchwatch run`` (or ``launchwatch ingest --watch``) on one PostgreSQL
database: the outbox's claims keep them from sending anything twice, and any of them resumes what a
crashed one had claimed once its lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.clock import SystemClock
from bot.config import Settings
from bot.dispatcher import LEASE, Dispatcher
from bot.ratelimit import RateLimiter
from bot.telegram_http import AiohttpRequest
from storage.db import Database

log = logging.getLogger(__name__)


def file_url(api_url: str) -> str:
    """python-telegram-bot's ``base_file_url`` for a ``base_url`` (``…/bot`` → ``…/file/bot``)."""
    head, sep, _ = api_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if sep else api_url.rstrip("/") + "/file/bot"


def outbox_bot(token: str, api_url: str, *, connections: int) -> Bot:
    """A plain Bot for the outbox on the aiohttp transport, a connection for every concurrent send."""
    return Bot(
        token,
        base_url=api_url,
        base_file_url=file_url(api_url),
        request=AiohttpRequest(connections=connections),
    )


async def run_dispatch(
    settings: Settings,
    *,
    once: bool = False,
    concurrency: int = 32,
    lease: dt.timedelta = LEASE,
    worker_id: str | None = None,
    announce: bool = True,
) -> int:
    if settings.telegram_token is None:
        print("launchwatch dispatch: set TELEGRAM_BOT_TOKEN (or --token); there is no console mode here")
        return 2
    db = Database(settings.database_url)
    bot = outbox_bot(settings.telegram_token, settings.telegram_api_url, connections=concurrency + 4)
    try:
        await db.create_schema()
        try:
            await bot.initialize()
        except InvalidToken as exc:
            print(f"launchwatch dispatch: {exc.message}")
            return 2
        except TelegramError as exc:
            # Not fatal: the outbox keeps everything, and sends are retried until Telegram answers.
            log.warning("Telegram did not answer getMe (%s); delivering anyway, with retries", exc)
        dispatcher = Dispatcher(
            db,
            bot,
            SystemClock(),
            limiter=RateLimiter(settings.telegram_limits),
            worker_id=worker_id,
            concurrency=concurrency,
            lease=lease,
        )
        if announce:
            print(
                f"Dispatcher {dispatcher.worker_id}: {concurrency} concurrent sends, "
                f"limits {settings.telegram_limits}.",
                flush=True,
            )
        if once:
            sent = await dispatcher.drain_once()
            print(f"Sent {sent} message{'s' * (sent != 1)}.", flush=True)
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await dispatcher.run(stop)
        stats = dispatcher.stats
        print(
            f"Dispatcher {dispatcher.worker_id} stopped: sent {stats.sent} message{'s' * (stats.sent != 1)}, "
            f"{stats.retried} retries, {stats.failed} given up, {stats.deactivated} chats deactivated.",
            flush=True,
        )
        return 0
    finally:
        with contextlib.suppress(Exception):
            await bot.shutdown()
        with contextlib.suppress(Exception):
            await bot.request.shutdown()
        await db.dispose()
