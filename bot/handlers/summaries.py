"""/summary, /chart and /export: a period of launches as figures, a picture and a spreadsheet."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction

from bot.core import render
from bot.core.chart import chart_png
from bot.core.export import events_csv
from bot.core.periods import PERIOD_HELP, Period, PeriodError, parse_period
from bot.core.summary import Tally, summarize
from bot.handlers import Context, command_args, korea_today
from bot.handlers.replies import reply_document, reply_html, reply_photo

#: The chart button under /summary carries the period's exact days, so the picture matches the figures.
CHART_BUTTON = "chart:"


def _usage(command: str, example: str) -> str:
    return f"Usage: /{command} [period] — {PERIOD_HELP}; for example <code>/{command} {example}</code>. Default: 30d."


async def _period(update: Update, context: Context, command: str, example: str) -> Period | None:
    """The period the command names, or None after telling the user why it is not one."""
    args = command_args(update)
    try:
        if len(args) > 1:
            raise PeriodError("one period at a time")
        return parse_period(args[0] if args else None, korea_today(context))
    except PeriodError as exc:
        await reply_html(update, f"{render.escape(str(exc)).capitalize()}.\n{_usage(command, example)}")
        return None


async def summary(update: Update, context: Context) -> None:
    period = await _period(update, context, "summary", "90d")
    if period is None:
        return
    previous = period.previous()
    async with context.bot_data.db.transaction() as repo:
        events = await repo.events_between(period.start, period.end)
        before = await repo.events_between(previous.start, previous.end)
        last_seen = await repo.last_seen_before(period.start)
    figures = summarize(events, period, previous_events=before, last_seen=last_seen)
    exact = f"{period.start.isoformat()}..{period.last_day.isoformat()}"
    button = InlineKeyboardMarkup([[InlineKeyboardButton("📊 Chart", callback_data=CHART_BUTTON + exact)]])
    await reply_html(update, render.summary_html(figures), buttons=button if events else None)


async def _send_chart(update: Update, context: Context, period: Period) -> None:
    chat = update.effective_chat
    async with context.bot_data.db.transaction() as repo:
        events = await repo.events_between(period.start, period.end)
    if chat is not None:
        message = update.effective_message
        thread = message.message_thread_id if message is not None and message.is_topic_message else None
        await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO, message_thread_id=thread)
    # Drawing takes a few hundred milliseconds of CPU: off the event loop, so other chats are answered meanwhile.
    png = await asyncio.to_thread(chart_png, events, period)
    total = Tally()
    for event in events:
        total = total.plus(event)
    floor = "at least " if total.inexact else ""
    caption = (
        f"<b>Launches, {render.escape(period.label)}</b>\n"
        f"{total.events} event{'s' * (total.events != 1)}, {floor}{total.missiles} missile{'s' * (total.missiles != 1)}; "
        "bars stacked by class, ▼ marks level 4 and above. /summary for the figures."
    )
    await reply_photo(update, png, filename=f"launches-{period.start}-{period.last_day}.png", text=caption)


async def chart(update: Update, context: Context) -> None:
    period = await _period(update, context, "chart", "2022")
    if period is not None:
        await _send_chart(update, context, period)


async def chart_button(update: Update, context: Context) -> None:
    """The Chart button under /summary."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    try:
        period = parse_period(query.data.removeprefix(CHART_BUTTON), korea_today(context))
    except PeriodError:
        await query.answer("That button is out of date; send /chart again.", show_alert=True)
        return
    await query.answer()
    await _send_chart(update, context, period)


async def export(update: Update, context: Context) -> None:
    period = await _period(update, context, "export", "2022-11")
    if period is None:
        return
    async with context.bot_data.db.transaction() as repo:
        events = await repo.events_between(period.start, period.end, with_sources=True)
    if not events:
        await reply_html(
            update, f"No launch events stored for {render.escape(period.label)}: nothing to export."
        )
        return
    data = events_csv(events)
    caption = (
        f"<b>{len(events)} launch event{'s' * (len(events) != 1)}</b>, {render.escape(period.label)}: "
        "one row per event, the spec's fields, level and sources."
    )
    await reply_document(
        update, data, filename=f"launchwatch-{period.start}-{period.last_day}.csv", text=caption
    )
