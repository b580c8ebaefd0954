"""Telegram command handlers, one module per command group. ``COMMANDS`` is the bot's menu."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.state import AppState

Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], AppState]
App = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], AppState, JobQueue[Context]]

#: (command, menu description, usage example). The one list behind setMyCommands and /help.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "What this bot does", "/start"),
    ("subscribe", "Get launch alerts in this chat", "/subscribe"),
    ("unsubscribe", "Stop launch alerts in this chat", "/unsubscribe"),
    ("latest", "The most recent launch events", "/latest 10"),
    ("event", "Everything known about one event", "/event 12"),
    ("help", "Commands and examples", "/help"),
)


def command_args(update: Update) -> list[str]:
    """The words after the command, also for ``/cmd@BotName`` and for channel posts."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    return text.split()[1:]
