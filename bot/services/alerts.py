"""Deciding who is told what about a stored event. The decision becomes outbox rows in the same
transaction that stored the event change, so an alert can neither be lost nor decided twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import render
from bot.core.merge import FieldChange
from bot.core.prefs import Chat
from bot.core.records import KST, Status, StoredEvent
from storage.repo import NewDelivery, Repo


@dataclass(frozen=True, slots=True)
class EventChange:
    """What one article did to one stored event."""

    event: StoredEvent
    created: bool
    changes: tuple[FieldChange, ...]


def is_fresh(day: dt.date, now: dt.datetime, max_age: dt.timedelta | None) -> bool:
    """Whether a launch on ``day`` (Korea date) is recent enough to alert on.

    The age runs from the end of that Korean day, the latest moment the launch can have happened,
    so a fresh launch is never mistaken for history.
    """
    if max_age is None:
        return True
    day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=KST)
    return now - day_end <= max_age


def alert_key(event_id: int) -> str:
    return f"alert:{event_id}"


class AlertPlanner:
    def __init__(self, max_age: dt.timedelta | None) -> None:
        self.max_age = max_age

    async def plan(self, repo: Repo, change: EventChange, now: dt.datetime) -> list[NewDelivery]:
        """Outbox rows for one event change: an alert to each subscribed chat not yet alerted."""
        event = change.event
        record = event.record
        if record.status is not Status.NEW or not is_fresh(record.date, now, self.max_age):
            return []
        chats = await repo.subscribed_chats()
        out: list[NewDelivery] = []
        for chat in chats:
            if not self.wants(chat, event):
                continue
            out.append(
                NewDelivery(
                    chat_id=chat.chat_id,
                    kind="alert",
                    dedupe_key=alert_key(event.id),
                    text=render.alert_html(event),
                    not_before=now,
                    event_id=event.id,
                    version=event.version,
                    priority=10 * (event.level or 2),
                    thread_id=chat.thread_id,
                )
            )
        return out

    def wants(self, chat: Chat, event: StoredEvent) -> bool:
        return event.level is None or event.level >= chat.prefs.threshold


def backfilled(changes: Sequence[EventChange], now: dt.datetime, max_age: dt.timedelta | None) -> int:
    """How many newly stored events were too old to alert on."""
    return sum(
        1
        for c in changes
        if c.created
        and c.event.record.status is Status.NEW
        and not is_fresh(c.event.record.date, now, max_age)
    )
