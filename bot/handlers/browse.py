"""/latest and /event: looking at what is stored."""

from __future__ import annotations

import re

from telegram import Update

from bot.core import render
from bot.handlers import Context, command_args
from bot.handlers.replies import reply_html

LATEST_DEFAULT = 5
LATEST_MAX = 20


async def latest(update: Update, context: Context) -> None:
    args = command_args(update)
    try:
        n = int(args[0]) if args else LATEST_DEFAULT
        if not 1 <= n <= LATEST_MAX:
            raise ValueError
    except ValueError:
        await reply_html(
            update, f"Usage: /latest [n] — n from 1 to {LATEST_MAX}, for example <code>/latest 10</code>."
        )
        return
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
    raw = link.group(1) if link else (args[0] if args else "")
    if not raw.isdigit():
        await reply_html(
            update,
            "Usage: /event &lt;id&gt; — the number shown in /latest, for example <code>/event 12</code>.",
        )
        return
    async with context.bot_data.db.transaction() as repo:
        found = await repo.event(int(raw))
    if found is None:
        await reply_html(update, f"There is no event {int(raw)}. /latest lists the recent ones.")
        return
    await reply_html(update, render.event_card_html(found))
