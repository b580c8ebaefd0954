"""The composition root: every part wired here, for ``launchwatch run`` and for the tests alike."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, Update
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.core.extract import extract
from bot.dispatch_command import file_url, outbox_bot
from bot.dispatcher import Dispatcher
from bot.handlers import COMMANDS, App, Context, admin, browse, settings, start, subscriptions, summaries
from bot.handlers.replies import reply_html
from bot.handlers.subscriptions import SUBSCRIBE_BUTTON
from bot.handlers.summaries import CHART_BUTTON
from bot.jobs import restore_digests
from bot.ratelimit import RateLimiter, TelegramRateLimiter
from bot.services.alerts import AlertPlanner
from bot.services.digests import DigestService
from bot.services.ingest import FileOutcome, IngestService, Tally
from bot.state import AppState
from bot.watcher import Watcher
from storage.db import Database

log = logging.getLogger(__name__)

#: The console chat's token and ids: any well-formed values do, nothing leaves this machine.
CONSOLE_TOKEN = "100000:console-chat-token-not-a-real-bot"
CONSOLE_CHAT_ID = 1


def build_application(
    settings: Settings,
    *,
    db: Database,
    clock: Clock,
    token: str,
    api_url: str,
    outbox: Bot | None = None,
) -> App:
    """The python-telegram-bot Application with launchwatch's state, services and handlers.

    Handler replies and the outbox share one rate limiter, so together they stay within Telegram's
    limits (TELEGRAM_RATE_*). ``outbox`` is the Bot the dispatcher sends with (default: the
    application's own).
    """
    limiter = RateLimiter(settings.telegram_limits)
    app: App = (
        ApplicationBuilder()
        .token(token)
        .base_url(api_url)
        .base_file_url(file_url(api_url))
        .context_types(ContextTypes(bot_data=AppState))
        .rate_limiter(TelegramRateLimiter(limiter))
        .build()  # type: ignore[assignment]
    )
    state = app.bot_data
    state.settings = settings
    state.db = db
    state.clock = clock
    state.dispatcher = Dispatcher(db, outbox or app.bot, clock, limiter=limiter)
    state.ingest = IngestService(
        db,
        root=settings.ingest_dir,
        clock=clock,
        extractor=extract,
        planner=AlertPlanner(settings.alert_max_age),
        max_file_size=settings.max_file_size,
        on_enqueued=state.dispatcher.wake,
    )
    state.digests = DigestService(db, max_age=settings.alert_max_age, on_enqueued=state.dispatcher.wake)
    register_handlers(app)
    app.add_error_handler(on_error)
    return app


def register_handlers(app: App) -> None:
    """Every command in ``COMMANDS``, the buttons, and the service messages a chat's life brings."""
    # New messages and channel posts; an edited "/subscribe" is not a second request.
    fresh = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    commands: dict[str, Callable[[Update, Context], Coroutine[Any, Any, None]]] = {
        "start": start.start,
        "help": start.help_command,
        "subscribe": subscriptions.subscribe,
        "unsubscribe": subscriptions.unsubscribe,
        "settings": settings.settings,
        "preview": settings.preview,
        "latest": browse.latest,
        "event": browse.event,
        "summary": summaries.summary,
        "chart": summaries.chart,
        "export": summaries.export,
        "status": admin.status,
    }
    assert set(commands) == {name for name, _, _ in COMMANDS}, "COMMANDS and the handlers disagree"
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=fresh))
    app.add_handler(MessageHandler(fresh & filters.Regex(r"^/event_\d+(@\w+)?$"), browse.event))
    app.add_handler(CallbackQueryHandler(settings.settings_button, pattern=r"^set:"))
    app.add_handler(CallbackQueryHandler(subscriptions.subscribe_button, pattern=rf"^{SUBSCRIBE_BUTTON}$"))
    app.add_handler(CallbackQueryHandler(summaries.chart_button, pattern=rf"^{CHART_BUTTON}"))
    app.add_handler(CallbackQueryHandler(stale_button))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, subscriptions.migrated))
    app.add_handler(MessageHandler(fresh & filters.COMMAND, start.unknown_command))
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND,
            start.not_a_command,
        )
    )


async def stale_button(update: Update, context: Context) -> None:
    """A button from an older version of the bot: say so instead of leaving the spinner turning."""
    if update.callback_query is not None:
        await update.callback_query.answer(
            "That button no longer works; send the command again.", show_alert=True
        )


async def on_error(update: object, context: Context) -> None:
    """The handlers' loop boundary: log the failure, tell the user in one line, keep running."""
    log.error("handler failed for update %s", getattr(update, "update_id", "?"), exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        with contextlib.suppress(Exception):
            await reply_html(
                update, "Sorry, something went wrong on my side. It has been logged; please try again."
            )


@dataclass
class Service:
    """A running launchwatch: the application, its ingest watcher and its dispatcher."""

    app: App
    watcher: Watcher
    stop: asyncio.Event


@contextlib.asynccontextmanager
async def running(
    settings: Settings,
    *,
    clock: Clock | None = None,
    console: bool | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_catch_up: Callable[[Tally], None] | None = None,
) -> AsyncIterator[Service]:
    """Start everything, catch up on the ingest folder, and run until the context exits."""
    clock = clock or SystemClock()
    console = settings.telegram_token is None if console is None else console
    db = Database(settings.database_url)
    await db.create_schema()
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(db.dispose)
        token, api_url = settings.telegram_token, settings.telegram_api_url
        console_chat = None
        if console:
            from bot.testing.console import ConsoleChat
            from bot.testing.fake_telegram import FakeTelegram

            fake = FakeTelegram(token=CONSOLE_TOKEN, bot_username="launchwatch_console_bot")
            await fake.start()
            stack.push_async_callback(fake.stop)
            token, api_url = CONSOLE_TOKEN, fake.base_url
            console_chat = ConsoleChat(fake, chat_id=CONSOLE_CHAT_ID)
        assert token is not None
        # The outbox sends on its own connections (aiohttp), so a fan-out never queues replies.
        outbox = outbox_bot(token, api_url, connections=36)
        stack.push_async_callback(outbox.request.shutdown)
        app = build_application(settings, db=db, clock=clock, token=token, api_url=api_url, outbox=outbox)
        state = app.bot_data
        if console_chat is not None:
            console_chat.attach()
            async with db.transaction() as repo:
                await repo.ensure_chat(CONSOLE_CHAT_ID, "private", None, clock.now())
                await repo.set_subscribed(CONSOLE_CHAT_ID, True, clock.now())

        stop = asyncio.Event()
        watcher = Watcher(state.ingest, on_file=on_file)
        tasks: list[asyncio.Task[Any]] = []

        def start_task(coro: Coroutine[Any, Any, None], name: str) -> None:
            task = asyncio.create_task(coro, name=name)
            task.add_done_callback(_log_crash)
            tasks.append(task)

        async def _stop_tasks() -> None:
            stop.set()
            await asyncio.wait(tasks, timeout=5)
            for task in tasks:
                task.cancel()

        stack.push_async_callback(_stop_tasks)
        # Delivery and the folder watch need no answer from Telegram: started first, they go on
        # (new files ingested, alerts queued and retried) while Telegram cannot be reached.
        start_task(state.dispatcher.run(stop), "dispatcher")
        # Watch first, then catch up: a file that arrives meanwhile is seen by one or the other
        # (by both at worst, which is harmless: the second read finds it unchanged).
        start_task(watcher.watch(stop), "watcher")
        await watcher.started.wait()
        # Catching up needs no Telegram either: an archive is read while Telegram is still unreachable.
        caught_up = asyncio.create_task(watcher.scan_once(), name="catch-up")
        tasks.append(caught_up)

        await _until_telegram_answers(app.initialize, stop)
        stack.push_async_callback(app.shutdown)
        try:
            await app.bot.set_my_commands(
                [BotCommand(name, description) for name, description, _ in COMMANDS]
            )
        except TelegramError as exc:  # the menu is a nicety; the commands work without it
            log.warning("could not set the command menu: %s", exc)
        await app.start()
        stack.push_async_callback(app.stop)
        # After start: the JobQueue runs from here. Digests missed while down are owed (or skipped) now.
        await restore_digests(app)
        assert app.updater is not None
        # bootstrap_retries=-1: python-telegram-bot retries setWebhook/deleteWebhook until Telegram answers.
        if settings.webhook_url:
            await _start_webhook(app, settings, webhook_secret(settings, token))
        else:
            await app.updater.start_polling(
                poll_interval=0.0, timeout=10, allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1
            )
        stack.push_async_callback(app.updater.stop)

        tally = await caught_up
        if on_catch_up is not None:
            on_catch_up(tally)
        if console_chat is not None:
            start_task(console_chat.run(), "console")

        yield Service(app=app, watcher=watcher, stop=stop)


def webhook_secret(settings: Settings, token: str) -> str:
    """WEBHOOK_SECRET, or one derived from the token: every instance behind a load balancer must
    register the same secret, and nobody without the token can work it out."""
    if settings.webhook_secret:
        return settings.webhook_secret
    return hashlib.sha256(f"launchwatch-webhook:{token}".encode()).hexdigest()[:48]


async def _start_webhook(app: App, settings: Settings, secret: str) -> None:
    """Serve Telegram's POSTs on WEBHOOK_LISTEN:PORT at the URL's path, checking the secret header."""
    assert settings.webhook_url is not None
    assert app.updater is not None
    await app.updater.start_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
        bootstrap_retries=-1,
    )
    log.info(
        "webhook mode: %s (listening on %s:%s)",
        settings.webhook_url,
        settings.webhook_listen,
        settings.webhook_port,
    )


async def _until_telegram_answers(start: Callable[[], Awaitable[object]], stop: asyncio.Event) -> None:
    """Start something that needs Telegram, retrying with backoff while Telegram cannot be reached.

    A wrong token (InvalidToken) is not retried: nothing will change until the setting does.
    """
    delay = 1.0
    while True:
        try:
            await start()
            return
        except (NetworkError, TimedOut) as exc:
            if stop.is_set():
                raise
            log.warning("Telegram cannot be reached (%s); trying again in %.0f s", exc, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, 60.0)


def _log_crash(task: asyncio.Task[None]) -> None:
    """A service loop that ends with an exception is a bug; say so at once rather than at exit."""
    if not task.cancelled() and task.exception() is not None:
        log.critical("%s stopped: %r", task.get_name(), task.exception(), exc_info=task.exception())


async def serve(settings: Settings, *, announce: Callable[[str], None]) -> None:
    """``launchwatch run``: everything in one process until SIGINT or SIGTERM."""
    console = settings.telegram_token is None
    if console:
        announce(
            "No TELEGRAM_BOT_TOKEN set: running against a local Bot API stand-in; this terminal is the chat "
            "(subscribed). Type /help, /latest or /subscribe; Ctrl-C stops."
        )

    def catch_up(t: Tally) -> None:
        parts = [
            f"{t.files} file{'s' * (t.files != 1)} read",
            f"{t.articles} articles",
            f"{t.events_new} new events",
        ]
        if t.backfilled:
            parts.append(f"{t.backfilled} back-filled as history (older than ALERT_MAX_AGE, no alerts)")
        if t.alerts:
            parts.append(f"{t.alerts} alerts queued")
        if t.errors:
            parts.append(f"{t.errors} files with errors (launchwatch ingest --errors)")
        announce(f"Caught up on {settings.ingest_dir}: " + ", ".join(parts) + ".")

    async with running(settings, on_catch_up=catch_up) as service:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, service.stop.set)
        announce(f"Watching {settings.ingest_dir} for articles.")
        if settings.webhook_url and not console:
            announce(
                f"Receiving updates at {settings.webhook_url} "
                f"(listening on {settings.webhook_listen}:{settings.webhook_port})."
            )
        await service.stop.wait()
