"""``launchwatch chats add CHAT_ID``: subscribe a chat the bot cannot be asked in, such as a channel."""

from __future__ import annotations

from typing import TextIO

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.core import render
from storage.db import Database

CHAT_TYPES = ("channel", "supergroup", "group", "private")


def guess_type(chat_id: int) -> str:
    """Telegram's id shapes: -100… channels and supergroups, other negatives groups, positives users."""
    if str(chat_id).startswith("-100"):
        return "channel"
    return "group" if chat_id < 0 else "private"


async def add_chat(
    settings: Settings,
    chat_id: int,
    *,
    out: TextIO,
    chat_type: str | None = None,
    level: int | None = None,
    thread_id: int | None = None,
    title: str | None = None,
    clock: Clock | None = None,
) -> int:
    """Subscribe ``chat_id``; running it again changes only what it is given. Returns an exit code."""
    if level is not None and level not in render.LEVEL_WORDS:
        raise ValueError(f"level must be from 1 to {max(render.LEVEL_WORDS)}")
    kind = chat_type or guess_type(chat_id)
    now = (clock or SystemClock()).now()
    db = Database(settings.database_url)
    try:
        await db.create_schema()
        async with db.transaction() as repo:
            before = await repo.chat(chat_id)
            await repo.ensure_chat(
                chat_id, kind, title if title is not None else (before.title if before else None), now
            )
            chat = await repo.set_subscribed(
                chat_id,
                True,
                now,
                threshold=level,
                thread_id=thread_id if thread_id is not None else (before.thread_id if before else None),
            )
    finally:
        await db.dispose()
    state = "was already subscribed" if before is not None and before.subscribed else "is now subscribed"
    where = f", topic {chat.thread_id}" if chat.thread_id is not None else ""
    print(
        f"Chat {chat_id} ({kind}{where}) {state}: alerts at level {chat.prefs.threshold} and above.",
        file=out,
    )
    if kind == "channel":
        print("The bot must be an administrator of the channel who can post messages.", file=out)
    return 0
