"""Replying in HTML, split under Telegram's limits, in the topic the command came from."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode

from bot.core.render import caption, split_message
from bot.core.settings_menu import Keyboard


def markup(rows: Keyboard) -> InlineKeyboardMarkup:
    """Inline buttons from ``(label, callback data)`` rows."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def reply_html(
    update: Update, text: str, *, buttons: InlineKeyboardMarkup | None = None
) -> list[Message]:
    """Send ``text`` as one or more messages; ``buttons`` go under the last one."""
    message = update.effective_message
    if message is None:
        return []
    chunks = split_message(text)
    sent = []
    for i, chunk in enumerate(chunks):
        sent.append(
            await message.reply_text(
                chunk,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=buttons if i == len(chunks) - 1 else None,
                do_quote=False,
            )
        )
    return sent


async def reply_photo(update: Update, png: bytes, *, filename: str, text: str) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_photo(
        InputFile(png, filename=filename),
        caption=caption(text),
        parse_mode=ParseMode.HTML,
        do_quote=False,
    )


async def reply_document(update: Update, data: bytes, *, filename: str, text: str) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_document(
        InputFile(data, filename=filename),
        caption=caption(text),
        parse_mode=ParseMode.HTML,
        do_quote=False,
    )
