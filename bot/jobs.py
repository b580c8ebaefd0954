"""Digest jobs on python-telegram-bot's JobQueue (APScheduler underneath; no second scheduler).

One job per chat, named ``digest:<chat id>``, set to fire when that chat's next digest is due. The
job only calls ``DigestService.run_once`` for its chat and sets itself for the next time; what is
due, and whether it was already sent, is read from the database each time, so a job that fires
twice, late or early does no harm. Schedules live in the database (the chat's settings and its
``last_digest_at``), not in the scheduler: at start ``restore_digests`` sends what was missed while
the bot was down and sets one job per chat again.

Delays are measured on the application's injected clock, so a test clock that starts at a chosen
moment and runs at real speed sees its digests arrive at their local time.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from telegram.ext import Application, JobQueue

from bot.core.prefs import Chat
from bot.handlers import App, Context
from bot.services.digests import DigestRun, next_run_at

log = logging.getLogger(__name__)

DIGEST_JOB_PREFIX = "digest:"


def digest_job_name(chat_id: int) -> str:
    return f"{DIGEST_JOB_PREFIX}{chat_id}"


async def digest_job(context: Context) -> None:
    """A chat's digest time came: owe its digest, then set the job for the next one."""
    job = context.job
    assert job is not None
    assert context.job_queue is not None
    chat_id: int = job.data  # type: ignore[assignment]
    state = context.bot_data
    await state.digests.run_once(state.clock.now(), chat_ids=(chat_id,))
    async with state.db.transaction() as repo:
        chat = await repo.chat(chat_id)
    schedule_digest(context.job_queue, chat, state.clock.now())


def schedule_digest(job_queue: JobQueue[Any], chat: Chat | None, now: dt.datetime) -> dt.datetime | None:
    """Set (or clear) the chat's digest job from its stored settings; returns when it fires next.

    A job that is running is no longer in the scheduler (a one-off job leaves it when it fires),
    so a job setting itself for next time replaces nothing but a job a settings change just set.
    """
    if chat is None:
        return None
    for job in job_queue.get_jobs_by_name(digest_job_name(chat.chat_id)):
        job.schedule_removal()
    at = next_run_at(chat, now)
    if at is None:
        return None
    job_queue.run_once(
        digest_job,
        when=max(0.0, (at - now).total_seconds()),
        data=chat.chat_id,
        name=digest_job_name(chat.chat_id),
        chat_id=chat.chat_id,
    )
    return at


async def reschedule_digest(app_or_jobqueue: App | JobQueue[Any] | None, chat: Chat) -> dt.datetime | None:
    """Call after a chat's subscription or digest settings changed (and were committed).

    Scheduled times that passed before the change are not owed (switching digests on at 10:00 does
    not send the 08:00 one late); the job is set for the next digest, or removed when the chat
    gets none. Returns when the next digest is due, in UTC, for the settings reply to show.
    """
    job_queue = app_or_jobqueue.job_queue if isinstance(app_or_jobqueue, Application) else app_or_jobqueue
    assert job_queue is not None, "python-telegram-bot was installed without its job-queue extra"
    state = job_queue.application.bot_data
    now = state.clock.now()
    current = await state.digests.rearm(chat.chat_id, now)
    return schedule_digest(job_queue, current, now)


async def restore_digests(app: App) -> DigestRun:
    """At start: owe the digests missed while the bot was down (or skip the too-late ones), then set
    one job per chat that gets digests."""
    state = app.bot_data
    assert app.job_queue is not None, "python-telegram-bot was installed without its job-queue extra"
    run = await state.digests.run_once(state.clock.now())
    now = state.clock.now()
    async with state.db.transaction() as repo:
        chats = await repo.subscribed_chats()
    scheduled = sum(schedule_digest(app.job_queue, chat, now) is not None for chat in chats)
    log.info(
        "digests: %d scheduled, %d missed digest(s) sent late, %d skipped as too late",
        scheduled, len(run.sent), len(run.skipped),
    )  # fmt: skip
    return run
