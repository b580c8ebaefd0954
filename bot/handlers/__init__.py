"""Telegram command handlers, one module per command group. ``COMMANDS`` is the bot's menu."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.core.prefs import ChatPrefs
from bot.core.records import KST
from bot.state import AppState

Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], AppState]
App = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], AppState, JobQueue[Context]]

#: (command, menu description, usage example). The one list behind setMyCommands and /help.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "What this bot does", "/start"),
    ("subscribe", "Get launch alerts in this chat (optionally from a level)", "/subscribe 3"),
    ("unsubscribe", "Stop launch alerts in this chat", "/unsubscribe"),
    ("settings", "Level, sides, classes, region, digest, timezone, quiet hours", "/settings level 3"),
    ("preview", "How an alert, an update and a digest look here", "/preview"),
    ("latest", "The most recent launch events", "/latest 10"),
    ("event", "Everything known about one event", "/event 12"),
    ("summary", "Launches and missiles in a period, and the trend", "/summary 90d"),
    ("chart", "A chart of launches per week or month", "/chart 2022"),
    ("export", "The events of a period as a CSV file", "/export 2022-11"),
    ("status", "Is the bot keeping up: ingest, storage, subscribers", "/status"),
    ("help", "Commands and examples", "/help"),
)


def command_args(update: Update) -> list[str]:
    """The words after the command, also for ``/cmd@BotName`` and for channel posts."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    return text.split()[1:]


def zone(prefs: ChatPrefs) -> dt.tzinfo:
    """The chat's timezone; Korea time if the stored name is somehow unknown here."""
    try:
        return ZoneInfo(prefs.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return KST


async def chat_prefs(context: Context, chat_id: int) -> ChatPrefs:
    """The chat's settings; the defaults for a chat the bot has not stored."""
    async with context.bot_data.db.transaction() as repo:
        chat = await repo.chat(chat_id)
    return chat.prefs if chat is not None else ChatPrefs()


def korea_today(context: Context) -> dt.date:
    """Today in Korea: launch dates are Korean dates, so periods are counted in them."""
    return context.bot_data.clock.now().astimezone(KST).date()
