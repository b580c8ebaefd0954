"""/status: whether the bot is keeping up."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from bot import __version__
from bot.core import render
from bot.core.prefs import ChatPrefs
from bot.handlers import Context, chat_prefs, zone
from bot.handlers.replies import reply_html

#: Ingest records warnings (a future date fixed, say) beside errors; /status counts only errors.
WARNING_CODE = "warning"


async def status(update: Update, context: Context) -> None:
    state = context.bot_data
    now = state.clock.now()
    async with state.db.transaction() as repo:
        counts = await repo.counts()
        errors = await repo.errors_since(now - dt.timedelta(hours=24))
        stamps = [t for t in (counts.last_ingest_at, await repo.last_article_at()) if t is not None]
    prefs = await chat_prefs(context, update.effective_chat.id) if update.effective_chat else ChatPrefs()
    await reply_html(
        update,
        render.status_html(
            version=__version__,
            last_ingest_at=max(stamps, default=None),
            articles=counts.articles,
            events=counts.events,
            errors_24h=sum(1 for e in errors if e.code != WARNING_CODE),
            subscribers=counts.subscribers,
            inactive_chats=counts.inactive_chats,
            pending_deliveries=counts.pending_deliveries,
            tz=zone(prefs),
        ),
    )
