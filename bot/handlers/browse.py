"""/latest and /event: looking at what is stored."""

from __future__ import annotations

import re

from telegram import Update

from bot.core import render
from bot.core.prefs import ChatPrefs
from bot.handlers import Context, chat_prefs, command_args, zone
from bot.handlers.replies import reply_html

LATEST_DEFAULT = 5
LATEST_MAX = 20
LATEST_USAGE = f"Usage: /latest [n] — n from 1 to {LATEST_MAX}, for example <code>/latest 10</code>."
EVENT_USAGE = "Usage: /event &lt;id&gt; — the number shown in /latest, for example <code>/event 12</code>."


async def latest(update: Update, context: Context) -> None:
    args = command_args(update)
    if (
        len(args) > 1
        or (args and not args[0].isdigit())
        or not 1 <= int(args[0] if args else 1) <= LATEST_MAX
    ):
        await reply_html(update, LATEST_USAGE)
        return
    n = int(args[0]) if args else LATEST_DEFAULT
    async with context.bot_data.db.transaction() as repo:
        events = await repo.latest_events(n)
    await reply_html(update, render.latest_html(events))


_EVENT_LINK = re.compile(r"^/event_(\d+)(?:@\w+)?$")


async def event(update: Update, context: Context) -> None:
    """``/event 12`` or the tappable ``/event_12`` link from alerts and /latest."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    link = _EVENT_LINK.match(text.split()[0]) if text else None
    args = command_args(update)
    raw = link.group(1) if link else (args[0] if len(args) == 1 else "")
    if not raw.isdigit() or len(raw) > 12:
        await reply_html(update, EVENT_USAGE)
        return
    async with context.bot_data.db.transaction() as repo:
        found = await repo.event(int(raw))
    if found is None:
        await reply_html(update, f"There is no event {int(raw)}. /latest lists the recent ones.")
        return
    chat = update.effective_chat
    prefs = await chat_prefs(context, chat.id) if chat is not None else ChatPrefs()
    await reply_html(update, render.event_card_html(found, tz=zone(prefs)))
