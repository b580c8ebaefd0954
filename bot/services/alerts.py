"""Deciding who is told what about a stored event. The decision becomes outbox rows in the same
transaction that stored the event change, so an alert can neither be lost nor decided twice.

Three kinds of message come out of an event change:

- an **alert** to each subscribed chat that wants the event (``policy.wants``) and has not had one;
- an **update** to each chat that had the alert, when the change made the event materially worse
  (``policy.materially_worse``), as a reply to the alert;
- an **escalation** to every subscribed chat when the change raised the tempo band to ``intense``
  or ``crisis``.

Every row carries a dedupe key the outbox refuses twice, so re-reading or re-merging the same
news never repeats a message: ``alert:<event>``, ``update:<event>:<what changed>``,
``escalation:<band>:<Korean date>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import policy, render
from bot.core.merge import FieldChange
from bot.core.prefs import Chat
from bot.core.records import KST, LaunchEvent, Status, StoredEvent
from bot.core.tempo import Band, Tempo, korea_date, tempo, tempo_line
from storage.repo import HISTORY_WINDOW_DAYS, NewDelivery, Repo

log = logging.getLogger(__name__)

#: The ``service_state`` key holding the last tempo rise announced (band, Korean date, band before).
TEMPO_STATE_KEY = "tempo_band"
#: Rises into these bands are announced. Calm → active is every first launch after a quiet month,
#: which its own alert already says; an escalation message after it would be noise.
ANNOUNCED_BANDS: frozenset[Band] = frozenset({Band.INTENSE, Band.CRISIS})

#: A band announced this recently is not announced again when the tempo dips and comes back: the
#: band rules look 7 and 30 days back, so a busy month flickers between bands from day to day.
REANNOUNCE_AFTER = dt.timedelta(days=30)

#: Outbox priorities: higher goes first within a chat. A launch's alert comes before the escalation
#: it caused (the escalation reads as context to it), digests last.
ESCALATION_PRIORITY = 5
DIGEST_PRIORITY = 1


def alert_priority(level: int | None) -> int:
    return 10 * (level or 2)


@dataclass(frozen=True, slots=True)
class EventChange:
    """What one article did to one stored event."""

    event: StoredEvent
    created: bool
    changes: tuple[FieldChange, ...]
    #: The event as it was stored before this article (None when the article created it).
    before: StoredEvent | None = None


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


def update_key(event_id: int, reasons: Sequence[str]) -> str:
    """One key per event and set of reasons: the same news merged again never makes a second update."""
    digest = hashlib.sha256("\n".join(reasons).encode()).hexdigest()[:12]
    return f"update:{event_id}:{digest}"


def escalation_key(band: Band, as_of: dt.date) -> str:
    return f"escalation:{band}:{as_of.isoformat()}"


class AlertPlanner:
    def __init__(self, max_age: dt.timedelta | None) -> None:
        self.max_age = max_age

    async def plan(self, repo: Repo, change: EventChange, now: dt.datetime) -> list[NewDelivery]:
        """Outbox rows for one event change: alerts, updates and escalations (see the module doc)."""
        if not change.created and not change.changes:
            return []
        event = change.event
        record = event.record
        alerting = record.status is Status.NEW and is_fresh(record.date, now, self.max_age)
        # The past as far as the tempo band (about today) and an alert's tempo line (about the launch's
        # day) look back, and a summary of everything older: never the whole archive.
        today = korea_date(now)
        first, last = (min(today, record.date) if alerting else today), max(today, record.date)
        others = await repo.history_until(
            last, window_days=(last - first).days + HISTORY_WINDOW_DAYS, exclude=event.id
        )
        out: list[NewDelivery] = []
        if alerting:
            out += await self._alerts_and_updates(repo, change, others, now)
        out += await self._escalation(repo, change, others, now)
        return out

    async def _alerts_and_updates(
        self, repo: Repo, change: EventChange, history: Sequence[LaunchEvent], now: dt.datetime
    ) -> list[NewDelivery]:
        event = change.event
        # Ingest judges every event it stores; one that was not is told to everyone at once.
        level = event.level if event.level is not None else policy.URGENT_LEVEL
        before = change.before
        reasons: tuple[str, ...] = ()
        if before is not None:
            before_level = before.level if before.level is not None else level
            reasons = policy.materially_worse(before.record, before_level, event.record, level)
        line = tempo_line(event.record, history, now)
        texts: dict[str, str] = {}  # by timezone: the one thing that differs between chats' alerts
        out: list[NewDelivery] = []
        for chat in await repo.subscribed_chats():
            # A new event cannot have been alerted yet: no need to ask the outbox, chat by chat.
            if not change.created and await repo.has_delivery(chat.chat_id, alert_key(event.id)):
                if reasons:
                    update = self._update(chat, event, level, reasons, now)
                    out.append(update)
                    # An update replies to its alert and waits for it: an alert still held for quiet
                    # hours goes now if the update must (the launch turned out to be level 4).
                    await repo.hasten(chat.chat_id, alert_key(event.id), update.not_before)
            elif policy.wants(chat.prefs, event.record, level):
                tz = chat.prefs.timezone
                if tz not in texts:
                    texts[tz] = render.alert_html(event, tz=tz, tempo_line=line)
                out.append(self._alert(chat, event, level, texts[tz], now))
        return out

    @staticmethod
    def _alert(chat: Chat, event: StoredEvent, level: int, text: str, now: dt.datetime) -> NewDelivery:
        return NewDelivery(
            chat_id=chat.chat_id,
            kind="alert",
            dedupe_key=alert_key(event.id),
            text=text,
            not_before=policy.deliver_at(chat.prefs, level, now),
            event_id=event.id,
            version=event.version,
            priority=alert_priority(level),
            thread_id=chat.thread_id,
        )

    @staticmethod
    def _update(
        chat: Chat, event: StoredEvent, level: int, reasons: tuple[str, ...], now: dt.datetime
    ) -> NewDelivery:
        return NewDelivery(
            chat_id=chat.chat_id,
            kind="update",
            dedupe_key=update_key(event.id, reasons),
            text=render.update_html(event, reasons),
            not_before=policy.deliver_at(chat.prefs, level, now),
            event_id=event.id,
            version=event.version,
            priority=alert_priority(level),
            thread_id=chat.thread_id,
            reply_to_key=alert_key(event.id),
        )

    async def _escalation(
        self, repo: Repo, change: EventChange, others: Sequence[LaunchEvent], now: dt.datetime
    ) -> list[NewDelivery]:
        """One message to every subscriber when this change raised the tempo band into an announced band.

        The band before is read from the same history without this change, at the same ``now``:
        a band stored at the last ingest would be stale by now (bands fall as launches age out of
        the window), and a rise measured against it would be missed or invented. The last band
        announced (``service_state``) keeps a flickering band from being announced again.
        """
        before = tempo([*others, *([change.before.record] if change.before else [])], now)
        after = tempo([*others, change.event.record], now)
        if not policy.band_rose(before, after) or after.band not in ANNOUNCED_BANDS:
            return []
        last = await repo.get_state(TEMPO_STATE_KEY)
        if (
            last is not None
            and Band(last["band"]) >= after.band
            and after.as_of - dt.date.fromisoformat(last["as_of"]) < REANNOUNCE_AFTER
        ):
            log.info("tempo back to %s, announced on %s already", after.band, last["as_of"])
            return []
        log.info("tempo rose from %s to %s: %s", before.band, after.band, "; ".join(after.band_reasons))
        await repo.put_state(
            TEMPO_STATE_KEY,
            {"band": str(after.band), "as_of": after.as_of.isoformat(), "previous": str(before.band)},
            now,
        )
        return [escalation_delivery(chat, after, before.band, now) for chat in await repo.subscribed_chats()]


def escalation_delivery(chat: Chat, current: Tempo, previous: Band | None, now: dt.datetime) -> NewDelivery:
    # A crisis is as urgent as a level-4 launch; a busier week can wait for the morning.
    urgency = policy.URGENT_LEVEL if current.band is Band.CRISIS else policy.URGENT_LEVEL - 1
    return NewDelivery(
        chat_id=chat.chat_id,
        kind="escalation",
        dedupe_key=escalation_key(current.band, current.as_of),
        text=render.escalation_html(current, previous=previous),
        not_before=policy.deliver_at(chat.prefs, urgency, now),
        priority=ESCALATION_PRIORITY,
        thread_id=chat.thread_id,
    )


def backfilled(changes: Sequence[EventChange], now: dt.datetime, max_age: dt.timedelta | None) -> int:
    """How many newly stored events were too old to alert on."""
    return sum(
        1
        for c in changes
        if c.created
        and c.event.record.status is Status.NEW
        and not is_fresh(c.event.record.date, now, max_age)
    )
