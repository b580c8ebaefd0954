"""/start, /help, and a friendly word for anything the bot does not understand."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.core import render
from bot.core.periods import parse_period
from bot.core.summary import summarize
from bot.handlers import COMMANDS, Context, korea_today
from bot.handlers.replies import reply_html
from bot.handlers.subscriptions import SUBSCRIBE_BUTTON

#: The period /start's one-line situation counts.
SITUATION_PERIOD = "30d"


async def start(update: Update, context: Context) -> None:
    state = context.bot_data
    period = parse_period(SITUATION_PERIOD, korea_today(context))
    async with state.db.transaction() as repo:
        latest = await repo.latest_events(1)
        recent = await repo.events_between(period.start, period.end)
        chat = await repo.chat(update.effective_chat.id) if update.effective_chat else None
    situation = render.situation_html(latest[0] if latest else None, summarize(recent, period))
    if chat is not None and chat.subscribed:
        buttons = None
        situation += "\nThis chat is subscribed: /settings to adjust, /preview to see what arrives."
    else:
        buttons = InlineKeyboardMarkup(
            [[InlineKeyboardButton("🔔 Subscribe to alerts", callback_data=SUBSCRIBE_BUTTON)]]
        )
    await reply_html(update, render.start_html(situation), buttons=buttons)


async def help_command(update: Update, context: Context) -> None:
    await reply_html(update, render.help_html(COMMANDS))


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: one line, never silence. Commands for other bots are theirs."""
    message = update.effective_message
    if message is None or not message.text:
        return
    word = message.text.split()[0]
    name, _, addressee = word[1:].partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return
    known = [c for c, _, _ in COMMANDS]
    close = next((c for c in known if c.startswith(name.lower()[:3])), None) if name else None
    hint = f" Did you mean /{close}?" if close else ""
    await reply_html(
        update, f"I don't know {render.escape(word)}.{hint} /help lists what I can do, with examples."
    )


async def not_a_command(update: Update, context: Context) -> None:
    """Plain text in a private chat: point at the commands rather than say nothing."""
    await reply_html(update, "I answer commands: /latest for recent launches, /help for everything.")
