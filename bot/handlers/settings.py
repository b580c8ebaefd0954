"""/settings (buttons that edit their own message, or typed) and /preview."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.core import policy, render, tempo
from bot.core.prefs import Chat, ChatPrefs, DigestFrequency
from bot.core.records import KST, Actor, CountQualifier, Kind, LaunchEvent, MissileClass, StoredEvent
from bot.core.settings_menu import SettingsError, apply_args, apply_callback, keyboard, screen_title
from bot.handlers import Context, command_args
from bot.handlers.permissions import REFUSAL, may_manage
from bot.handlers.replies import markup, reply_html
from bot.jobs import reschedule_digest

log = logging.getLogger(__name__)


async def _stored_chat(update: Update, context: Context) -> Chat | None:
    chat = update.effective_chat
    if chat is None:
        return None
    title = chat.title if chat.type != chat.PRIVATE else None
    async with context.bot_data.db.transaction() as repo:
        return await repo.ensure_chat(chat.id, chat.type, title, context.bot_data.clock.now())


def _settings_text(chat: Chat, note: str | None, screen: str) -> str:
    return f"{render.settings_html(chat, note=note)}\n\n<i>{render.escape(screen_title(screen))}</i>"


async def settings(update: Update, context: Context) -> None:
    """``/settings`` shows the values and the buttons; ``/settings level 3`` changes one value."""
    stored = await _stored_chat(update, context)
    if stored is None:
        return
    args = command_args(update)
    if not args:
        await reply_html(update, _settings_text(stored, None, "main"), buttons=markup(keyboard(stored.prefs)))
        return
    if not await may_manage(update, context):
        await reply_html(update, REFUSAL)
        return
    try:
        prefs, note = apply_args(stored.prefs, args)
    except SettingsError as exc:
        await reply_html(update, render.escape(str(exc)))
        return
    async with context.bot_data.db.transaction() as repo:
        saved = await repo.save_prefs(stored.chat_id, prefs, context.bot_data.clock.now())
    await reschedule_digest(context.job_queue, saved)
    await reply_html(update, _settings_text(saved, note, "main"), buttons=markup(keyboard(saved.prefs)))


async def settings_button(update: Update, context: Context) -> None:
    """A tap on a /settings button: change the value, then edit the same message in place."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    if not await may_manage(update, context, user=query.from_user):
        await query.answer(REFUSAL, show_alert=True)
        return
    stored = await _stored_chat(update, context)
    if stored is None:
        await query.answer()
        return
    try:
        prefs, screen, note = apply_callback(stored.prefs, query.data)
    except SettingsError as exc:
        await query.answer(str(exc), show_alert=True)
        return
    if prefs != stored.prefs:
        async with context.bot_data.db.transaction() as repo:
            stored = await repo.save_prefs(stored.chat_id, prefs, context.bot_data.clock.now())
        await reschedule_digest(context.job_queue, stored)
    try:
        if screen == "done":
            await query.edit_message_text(render.settings_html(stored), parse_mode=ParseMode.HTML)
        else:
            await query.edit_message_text(
                _settings_text(stored, note, screen),
                parse_mode=ParseMode.HTML,
                reply_markup=markup(keyboard(stored.prefs, screen)),
            )
    except BadRequest as exc:
        if "not modified" not in exc.message:  # tapping the value already chosen changes nothing
            raise
    # Answered after the edit: the spinner stops when the message already shows the change.
    await query.answer(note or None)


# ---------------------------------------------------------------------------------- /preview

#: Shown when nothing is stored yet, so a new subscriber can still see what an alert looks like.
EXAMPLE = LaunchEvent(
    kind=Kind.MISSILE_LAUNCH,
    actors=(Actor.NORTH_KOREA,),
    date=dt.date(2022, 6, 5),
    count=8,
    count_qualifier=CountQualifier.EXACT,
    missile_class=MissileClass.SRBM,
)


def _example(now: dt.datetime) -> StoredEvent:
    return StoredEvent(
        id=0,
        record=EXAMPLE,
        version=1,
        first_seen_at=now,
        updated_at=now,
        level=3,
        level_reasons=("short-range ballistic missile", "a salvo of 6 or more"),
    )


def _example_reasons(event: StoredEvent) -> tuple[str, ...]:
    """A plausible reason for an update, worded as the alert policy words them."""
    count = event.record.count or 1
    return (f"more missiles: {count} → {count + 1}",)


def _intro(prefs: ChatPrefs, event: StoredEvent, example: bool) -> str:
    level = event.level or 0
    if example:
        verdict = "Nothing is stored yet, so they use an example launch."
    elif policy.wants(prefs, event.record, level):
        verdict = f"The latest launch (level {level}) would reach this chat with these settings."
    else:
        verdict = f"The latest launch (level {level}) would <b>not</b> reach this chat with these settings."
    quiet = (
        f" Alerts below level {policy.URGENT_LEVEL} wait out your quiet hours."
        if prefs.quiet_start is not None and prefs.quiet_end is not None
        else ""
    )
    return "\n".join(
        [
            "<b>Preview</b> — the next three messages are an alert, an update and a digest exactly as they "
            "would arrive here. Only this chat sees them.",
            verdict + quiet,
            "",
            *render.prefs_lines(prefs),
        ]
    )


async def preview(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    state = context.bot_data
    now = state.clock.now()
    async with state.db.transaction() as repo:
        stored = await repo.chat(chat.id)
        latest = await repo.latest_events(1)
    prefs = stored.prefs if stored is not None else ChatPrefs()
    event = latest[0] if latest else _example(now)

    frequency = prefs.digest if prefs.digest is not DigestFrequency.OFF else DigestFrequency.DAILY
    digest_prefs = replace(prefs, digest=frequency)
    scheduled = policy.previous_digest_at(digest_prefs, now)
    assert scheduled is not None  # digests are on in digest_prefs
    start, end = policy.digest_period(digest_prefs, scheduled)
    async with state.db.transaction() as repo:
        history = await repo.events_between(dt.date.min, end.astimezone(KST).date() + dt.timedelta(days=1))
    first_day, last_day = start.astimezone(KST).date(), end.astimezone(KST).date()
    inside = [e.record for e in history if first_day <= e.record.date <= last_day]
    summary = policy.digest_summary(inside, [e.record for e in history], (start, end), now)

    await reply_html(update, _intro(prefs, event, not latest))
    tempo_line = tempo.tempo_line(event.record, [e.record for e in history], now)
    await reply_html(update, render.alert_html(event, tz=prefs.timezone, tempo_line=tempo_line))
    await reply_html(update, render.update_html(event, _example_reasons(event)))
    await reply_html(update, render.digest_html(summary, tz=prefs.timezone))
