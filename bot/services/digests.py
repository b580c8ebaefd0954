"""Digests: per chat, a daily or weekly summary of the launches reported since the last one.

``DigestService.run_once(now)`` sends every digest due at ``now`` and is the whole of the logic:
the JobQueue job (``bot.jobs``) calls it at each chat's digest time, the start-up catch-up calls it
once, and tests call it with a hand-set clock.

A digest is an outbox row keyed ``digest:<scheduled UTC time>``, written in the transaction that
moves the chat's ``last_digest_at`` to that scheduled time; so a digest is owed once or not at all,
whoever runs ``run_once`` and however often. ``last_digest_at`` is the chat's place in its digest
schedule: the latest scheduled time that was sent, skipped as too late, or (when digests are
switched on or rescheduled) passed before the change, and so is not owed.

A digest covers the events launchwatch *first learned of* in its period (and would have alerted on:
fresh ``new`` launches), so each launch is in exactly one digest, and back-filled history is in
none. The chat's filters (sides, classes, region) apply; its alert threshold does not, since a
digest is where the launches below the threshold are told.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace

from bot.core import policy, render
from bot.core.prefs import Chat, ChatPrefs, DigestFrequency
from bot.core.records import KST, Status, StoredEvent
from bot.services.alerts import DIGEST_PRIORITY, is_fresh
from storage.db import Database
from storage.repo import NewDelivery, Repo

log = logging.getLogger(__name__)

#: How far before a period's first day an event's date can lie and the event still be first
#: learned of in the period, when freshness does not bound it (``ALERT_MAX_AGE=off``).
UNBOUNDED_LOOKBACK = dt.timedelta(days=30)


def digest_key(scheduled_at: dt.datetime) -> str:
    return f"digest:{scheduled_at.astimezone(dt.UTC).isoformat()}"


def armed_position(prefs: ChatPrefs, last: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    """Where a chat's schedule stands after its settings change at ``now``: the slots that passed
    before the change were never owed, so the next digest is the next slot, not a late one."""
    if prefs.digest is DigestFrequency.OFF:
        return last
    passed = policy.previous_digest_at(prefs, now)
    if passed is None or (last is not None and last >= passed):
        return last
    return passed


@dataclass(slots=True)
class _Memo:
    """What one run shares between chats: most get the same digest (same period, filters and zone),
    and the history is read once."""

    history: list[StoredEvent] | None = None
    texts: dict[tuple[object, ...], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DigestRun:
    """What one ``run_once`` did."""

    #: (chat id, scheduled time) of each digest put in the outbox.
    sent: tuple[tuple[int, dt.datetime], ...] = ()
    #: (chat id, scheduled time) of each digest skipped as too late.
    skipped: tuple[tuple[int, dt.datetime], ...] = ()


class DigestService:
    def __init__(
        self,
        db: Database,
        *,
        max_age: dt.timedelta | None,
        grace: dt.timedelta = policy.DIGEST_GRACE,
        on_enqueued: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = db
        self.max_age = max_age
        self.grace = grace
        self.on_enqueued = on_enqueued

    async def run_once(self, now: dt.datetime, *, chat_ids: Collection[int] | None = None) -> DigestRun:
        """Owe every digest due at ``now`` (of ``chat_ids``, or of every subscribed chat).

        A digest missed while the bot was down is sent if it is less than ``grace`` late, and
        skipped (logged once) otherwise; of several missed, only the latest is sent.
        """
        async with self.db.transaction() as repo:
            chats = await repo.subscribed_chats()
        sent: list[tuple[int, dt.datetime]] = []
        skipped: list[tuple[int, dt.datetime]] = []
        memo = _Memo()
        for chat in chats:
            if chat.prefs.digest is DigestFrequency.OFF or (
                chat_ids is not None and chat.chat_id not in chat_ids
            ):
                continue
            if next_run_at(chat, now, self.grace) != now:
                continue  # nothing due: no transaction (this runs for every chat at every job)
            # One transaction per chat: one chat's failure does not hold back the others' digests.
            async with self.db.transaction() as repo:
                done, late = await self._one(repo, chat.chat_id, now, memo)
            sent += [(chat.chat_id, at) for at in done]
            skipped += [(chat.chat_id, at) for at in late]
        if sent:
            self.on_enqueued()
        return DigestRun(tuple(sent), tuple(skipped))

    async def _one(
        self, repo: Repo, chat_id: int, now: dt.datetime, memo: _Memo
    ) -> tuple[tuple[dt.datetime, ...], tuple[dt.datetime, ...]]:
        chat = await repo.chat(chat_id)  # re-read inside the transaction: another run may have moved it
        if chat is None or not chat.subscribed or chat.prefs.digest is DigestFrequency.OFF:
            return (), ()
        last = chat.last_digest_at
        if last is None:  # switched on without a reschedule: no slot before now was ever owed
            last = armed_position(chat.prefs, None, now)
            assert last is not None
            await repo.set_last_digest(chat_id, last)
        missed = policy.missed_digests(chat.prefs, last, now, self.grace)
        if len(missed.skipped) == 1:
            (at,) = missed.skipped
            log.warning(
                "chat %s: the digest due at %s was missed by %s (more than %s): skipped",
                chat_id, at.isoformat(), now - at, self.grace,
            )  # fmt: skip
        elif missed.skipped:  # one line for a long outage, not one per missed digest
            log.warning(
                "chat %s: %d digests due from %s to %s were missed by more than %s: skipped",
                chat_id, len(missed.skipped), missed.skipped[0].isoformat(), missed.skipped[-1].isoformat(),
                self.grace,
            )  # fmt: skip
        if missed.send is None:
            if missed.skipped:
                await repo.set_last_digest(chat_id, missed.skipped[-1])
            return (), missed.skipped
        text = await self.render(repo, replace(chat, last_digest_at=last), missed.send, now, memo=memo)
        owed = await repo.enqueue(
            [
                NewDelivery(
                    chat_id=chat_id,
                    kind="digest",
                    dedupe_key=digest_key(missed.send),
                    text=text,
                    not_before=policy.deliver_at(chat.prefs, policy.URGENT_LEVEL - 1, now),
                    priority=DIGEST_PRIORITY,
                    thread_id=chat.thread_id,
                )
            ],
            now,
        )
        await repo.set_last_digest(chat_id, missed.send)
        # Zero when a run beside this one owed it first (PostgreSQL lets both read the old position).
        return ((missed.send,) if owed else ()), missed.skipped

    async def render(
        self,
        repo: Repo,
        chat: Chat,
        scheduled_at: dt.datetime,
        now: dt.datetime,
        *,
        memo: _Memo | None = None,
    ) -> str:
        """The digest for ``chat`` scheduled at ``scheduled_at``, as the chat would receive it."""
        memo = memo or _Memo()
        start, end = policy.digest_period(chat.prefs, scheduled_at)
        if chat.last_digest_at is not None and start < chat.last_digest_at < end:
            start = chat.last_digest_at  # a schedule changed mid-period: nothing told twice
        prefs = chat.prefs
        key = (start, end, prefs.actors, prefs.classes, prefs.region, prefs.timezone)
        if key not in memo.texts:
            if memo.history is None:
                memo.history = await repo.events_between(dt.date.min, dt.date.max)
            history = memo.history
            events = [e for e in history if self._in_period(chat, e, start, end)]
            summary = policy.digest_summary(
                [e.record for e in events], [e.record for e in history], (start, end), now
            )
            memo.texts[key] = render.digest_html(summary, tz=prefs.timezone)
        return memo.texts[key]

    def _in_period(self, chat: Chat, event: StoredEvent, start: dt.datetime, end: dt.datetime) -> bool:
        record = event.record
        if not start <= event.first_seen_at < end or record.status is not Status.NEW:
            return False
        if not is_fresh(record.date, event.first_seen_at, self.max_age):
            return False
        if self.max_age is None and record.date < (start - UNBOUNDED_LOOKBACK).astimezone(KST).date():
            return False
        # The filters apply, the threshold does not (see the module doc).
        return policy.wants(replace(chat.prefs, threshold=1), record, event.level or 1)

    async def rearm(self, chat_id: int, now: dt.datetime) -> Chat | None:
        """After a chat's subscription or digest settings change: slots before ``now`` are not owed."""
        async with self.db.transaction() as repo:
            chat = await repo.chat(chat_id)
            if chat is None:
                return None
            position = armed_position(chat.prefs, chat.last_digest_at, now)
            if position is not None and position != chat.last_digest_at:
                await repo.set_last_digest(chat_id, position)
                chat = replace(chat, last_digest_at=position)
        return chat


def next_run_at(
    chat: Chat, now: dt.datetime, grace: dt.timedelta = policy.DIGEST_GRACE
) -> dt.datetime | None:
    """When ``run_once`` next has something to do for ``chat``: ``now`` if a digest is owed or one must
    be skipped, else the next scheduled time; None when it gets no digests."""
    if not chat.subscribed or chat.prefs.digest is DigestFrequency.OFF:
        return None
    if chat.last_digest_at is None:
        return now  # run_once places it in its schedule
    missed = policy.missed_digests(chat.prefs, chat.last_digest_at, now, grace)
    if missed.send is not None or missed.skipped:
        return now
    return missed.next_at
