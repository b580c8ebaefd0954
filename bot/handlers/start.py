"""/start and /help."""

from __future__ import annotations

from html import escape

from telegram import Update

from bot.core import render
from bot.handlers import COMMANDS, Context
from bot.handlers.replies import reply_html


async def start(update: Update, context: Context) -> None:
    state = context.bot_data
    async with state.db.transaction() as repo:
        latest = await repo.latest_events(1)
    if latest:
        event = latest[0]
        situation = f"Latest: {render.headline(event.record)} — {render.format_date(event.record.date)}."
    else:
        situation = "No launch events stored yet."
    await reply_html(update, render.start_html(escape(situation)))


async def help_command(update: Update, context: Context) -> None:
    await reply_html(update, render.help_html(COMMANDS))
