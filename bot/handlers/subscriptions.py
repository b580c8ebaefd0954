"""/subscribe and /unsubscribe."""

from __future__ import annotations

from telegram import Update

from bot.handlers import Context
from bot.handlers.replies import reply_html


async def subscribe(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    state = context.bot_data
    now = state.clock.now()
    message = update.effective_message
    thread_id = message.message_thread_id if message is not None and message.is_topic_message else None
    async with state.db.transaction() as repo:
        before = await repo.ensure_chat(chat.id, chat.type, chat.title, now)
        after = await repo.set_subscribed(chat.id, True, now, thread_id=thread_id)
    level = after.prefs.threshold
    if before.subscribed:
        text = f"This chat is already subscribed: alerts at level {level} and above arrive here."
    else:
        text = (
            f"Subscribed. This chat now gets an alert for every new launch at level {level} or above "
            "(2 = any ballistic missile; 1 adds cruise missiles and rockets; 4 = ICBMs, missiles over Japan "
            "and across the NLL only). /unsubscribe stops them."
        )
    await reply_html(update, text)


async def unsubscribe(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    state = context.bot_data
    now = state.clock.now()
    async with state.db.transaction() as repo:
        before = await repo.ensure_chat(chat.id, chat.type, chat.title, now)
        await repo.set_subscribed(chat.id, False, now)
    if before.subscribed:
        await reply_html(update, "Unsubscribed. No more alerts here; /subscribe brings them back.")
    else:
        await reply_html(update, "This chat was not subscribed, so there is nothing to stop.")
