"""Replying in HTML, split under Telegram's limit, in the topic the command came from."""

from __future__ import annotations

from telegram import LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode

from bot.core.render import split_message


async def reply_html(update: Update, text: str) -> list[Message]:
    message = update.effective_message
    if message is None:
        return []
    sent = []
    for chunk in split_message(text):
        sent.append(
            await message.reply_text(
                chunk,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                do_quote=False,
            )
        )
    return sent
