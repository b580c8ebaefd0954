"""/subscribe and /unsubscribe, for private chats, groups, forum topics and channels; and a group's
move to a supergroup, which keeps everything it had asked for."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Chat as TelegramChat
from telegram import MessageOriginChannel, Update

from bot.core import render
from bot.core.prefs import Chat
from bot.core.severity import LEVELS
from bot.handlers import Context, command_args
from bot.handlers.permissions import REFUSAL, is_admin, may_manage
from bot.handlers.replies import reply_html
from bot.jobs import digest_job_name, reschedule_digest, schedule_digest

log = logging.getLogger(__name__)

SUBSCRIBE_USAGE = (
    "Usage: /subscribe [level] — level from 1 (every launch) to 5 (the gravest only), "
    "for example <code>/subscribe 3</code>. Without a level, alerts start at level 2."
)
#: The /start button's callback data.
SUBSCRIBE_BUTTON = "sub:on"


@dataclass(frozen=True, slots=True)
class Target:
    """The chat a subscription command is about: the chat it was sent in, or a channel it was forwarded from."""

    chat_id: int
    type: str
    title: str | None
    thread_id: int | None
    #: True when the command was forwarded from a channel: the answer goes to the person, not the channel.
    forwarded: bool = False


async def _target(update: Update, context: Context) -> Target | str:
    """Whose subscription this is, or the sentence that says why the sender may not change it."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return "This works in a chat."
    origin = message.forward_origin
    if chat.type == TelegramChat.PRIVATE and isinstance(origin, MessageOriginChannel):
        channel, user = origin.chat, update.effective_user
        if user is None or not await is_admin(context, channel.id, user.id):
            return (
                f"Only administrators of {render.escape(channel.title or 'that channel')} can subscribe it."
            )
        if not await is_admin(context, channel.id, context.bot.id):
            return (
                f"Add me to {render.escape(channel.title or 'the channel')} as an administrator who can post "
                "messages, then forward the command again."
            )
        return Target(channel.id, TelegramChat.CHANNEL, channel.title, None, forwarded=True)
    if not await may_manage(update, context):
        return REFUSAL
    thread = message.message_thread_id if message.is_topic_message else None
    title = chat.title if chat.type != TelegramChat.PRIVATE else None
    return Target(chat.id, chat.type, title, thread)


def _where(target: Target, chat: Chat) -> str:
    if target.forwarded:
        return f"The channel {render.escape(target.title or str(target.chat_id))}"
    if chat.thread_id is not None:
        return "This topic"
    return {TelegramChat.PRIVATE: "This chat", TelegramChat.CHANNEL: "This channel"}.get(
        target.type, "This group"
    )


def _level_text(level: int) -> str:
    return f"level {level} and above ({render.escape(render.LEVEL_WORDS[level])})"


def levels_html() -> str:
    return "\n".join(f"{lv.number} — {render.escape(lv.gist)}" for lv in LEVELS)


async def subscribe_chat(update: Update, context: Context, level: int | None) -> str:
    """Subscribe the target chat; the answer as HTML. Idempotent: saying it twice changes nothing."""
    target = await _target(update, context)
    if isinstance(target, str):
        return target
    now = context.bot_data.clock.now()
    async with context.bot_data.db.transaction() as repo:
        before = await repo.ensure_chat(target.chat_id, target.type, target.title, now)
        after = await repo.set_subscribed(
            target.chat_id, True, now, threshold=level, thread_id=target.thread_id
        )
    if not before.subscribed:  # a digest chosen before, or while unsubscribed, starts again
        await reschedule_digest(context.job_queue, after)
    where = _where(target, after)
    topic = " Alerts arrive in this topic." if after.thread_id is not None else ""
    if before.subscribed and (before.prefs.threshold, before.thread_id) == (
        after.prefs.threshold,
        after.thread_id,
    ):
        return f"{where} is already subscribed: alerts at {_level_text(after.prefs.threshold)}.{topic}"
    if before.subscribed:
        return f"Updated. {where} now gets alerts at {_level_text(after.prefs.threshold)}.{topic}"
    return (
        f"Subscribed. {where} now gets an alert for each new launch at {_level_text(after.prefs.threshold)}."
        f"{topic}\n\nThe levels:\n{levels_html()}\n\n"
        "/settings changes the level, the filters, a daily or weekly digest and quiet hours; /unsubscribe stops alerts."
    )


async def subscribe(update: Update, context: Context) -> None:
    args = command_args(update)
    level: int | None = None
    if args:
        if len(args) > 1 or not args[0].isdigit() or int(args[0]) not in render.LEVEL_WORDS:
            await reply_html(update, SUBSCRIBE_USAGE)
            return
        level = int(args[0])
    await reply_html(update, await subscribe_chat(update, context, level))


async def subscribe_button(update: Update, context: Context) -> None:
    """The Subscribe button under /start."""
    query = update.callback_query
    if query is None:
        return
    if not await may_manage(update, context, user=query.from_user):
        await query.answer(REFUSAL, show_alert=True)
        return
    await query.answer()
    text = await subscribe_chat(update, context, None)
    await reply_html(update, text)


async def unsubscribe(update: Update, context: Context) -> None:
    target = await _target(update, context)
    if isinstance(target, str):
        await reply_html(update, target)
        return
    now = context.bot_data.clock.now()
    async with context.bot_data.db.transaction() as repo:
        before = await repo.ensure_chat(target.chat_id, target.type, target.title, now)
        after = await repo.set_subscribed(target.chat_id, False, now)
    await reschedule_digest(context.job_queue, after)  # no digests for an unsubscribed chat
    where = _where(target, before)
    if before.subscribed:
        await reply_html(
            update,
            f"Unsubscribed. {where} gets no more alerts; its settings are kept, and /subscribe brings them back.",
        )
    else:
        await reply_html(
            update, f"{where} was not subscribed, so there is nothing to stop. /subscribe starts alerts."
        )


async def migrated(update: Update, context: Context) -> None:
    """A group became a supergroup: its subscription, settings and owed messages move to the new id.

    Telegram sends two service messages (one in each chat); whichever arrives first moves the chat,
    the other finds nothing left to move.
    """
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    state = context.bot_data
    async with state.db.transaction() as repo:
        moved = await repo.migrate_chat(old, new, state.clock.now())
        chat = await repo.chat(new)
    if moved:
        log.info("group %s became supergroup %s; its subscription and settings moved with it", old, new)
    # The digest schedule moves too, whoever moved the chat (this message, or the dispatcher when
    # Telegram refused a send with the old id first).
    if context.job_queue is not None:
        for job in context.job_queue.get_jobs_by_name(digest_job_name(old)):
            job.schedule_removal()
        schedule_digest(context.job_queue, chat, state.clock.now())
