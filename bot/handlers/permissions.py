"""Who may change what: in a group, only its administrators subscribe, unsubscribe or change settings."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update, User
from telegram.error import TelegramError

from bot.handlers import Context

log = logging.getLogger(__name__)

ADMIN_STATUSES = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR})
REFUSAL = (
    "Only this group's administrators can change its alerts; anyone can ask for /latest, /summary or /chart."
)


async def is_admin(context: Context, chat_id: int, user_id: int) -> bool:
    """Whether Telegram says ``user_id`` administers ``chat_id``; False when it cannot say."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.info("getChatMember(%s, %s) failed: %s", chat_id, user_id, exc)
        return False
    return member.status in ADMIN_STATUSES


async def may_manage(update: Update, context: Context, *, user: User | None = None) -> bool:
    """Whether whoever sent this update may change the chat's subscription and settings.

    Private chats: always. Channels: a post in a channel comes from its administrators. Groups: a
    member Telegram lists as an administrator, or an anonymous administrator posting as the group.
    """
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type in (Chat.PRIVATE, Chat.CHANNEL):
        return True
    message = update.effective_message
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous administrator speaks as the group
    who = user or update.effective_user
    if who is None:
        return False
    return await is_admin(context, chat.id, who.id)
