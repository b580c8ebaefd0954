"""Every query launchwatch makes. Methods take and return core records, never rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, case, delete, exists, func, or_, select, type_coerce, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.core.merge import MergedEvent, Report
from bot.core.prefs import Chat, ChatPrefs, DigestFrequency, RegionFilter
from bot.core.records import (
    Actor,
    Article,
    Evidence,
    LaunchEvent,
    MissileClass,
    SourceRef,
    StoredEvent,
)
from storage.models import (
    ArticleRow,
    ChatRow,
    DeliveryRow,
    EventRow,
    IngestErrorRow,
    IngestFileRow,
    ReportRow,
    StateRow,
)

_EVENT_COLUMNS = (
    "kind",
    "date",
    "count",
    "count_qualifier",
    "missile_class",
    "system",
    "launch_site",
    "landing",
    "range_km",
    "apogee_km",
    "flight_time_min",
    "outcome",
    "status",
    "date_inferred",
)


#: Events within this many days are history in full; older ones are summarised (see ``history_until``).
HISTORY_WINDOW_DAYS = 400


#: Deliveries per INSERT statement (13 columns each: well within SQLite's and PostgreSQL's limits on
#: bound parameters).
ENQUEUE_CHUNK = 500

#: A claim looks at this many times ``limit`` rows, in claim order, to pick one per chat from.
CLAIM_WINDOW = 4


@dataclass(frozen=True, slots=True)
class NewDelivery:
    chat_id: int
    kind: str
    dedupe_key: str
    text: str
    not_before: dt.datetime
    event_id: int | None = None
    version: int = 1
    priority: int = 0
    thread_id: int | None = None
    #: The dedupe key of the delivery in the same chat whose message this one replies to.
    reply_to_key: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    chat_id: int
    kind: str
    dedupe_key: str
    text: str
    attempts: int
    priority: int
    event_id: int | None
    thread_id: int | None
    #: Telegram message id to reply to, when the delivery it answers was sent.
    reply_to_message_id: int | None
    #: The delivery this one replies to (None: none).
    reply_to_id: int | None = None


@dataclass(frozen=True, slots=True)
class SentMessage:
    """Telegram accepted a delivery: its message id and Telegram's time for it."""

    delivery_id: int
    message_id: int
    sent_at: dt.datetime


@dataclass(frozen=True, slots=True)
class InactiveChat:
    """A chat deliveries stopped for, and why (blocked, kicked, deactivated), for /status."""

    chat_id: int
    type: str
    title: str | None
    reason: str
    since: dt.datetime


@dataclass(frozen=True, slots=True)
class OutboxSummary:
    pending: int
    sent: int
    failed: int
    #: When the oldest message still owed was decided (None: nothing owed).
    oldest_pending_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class FileState:
    path: str
    content_hash: str | None
    size: int
    mtime_ns: int
    status: str


@dataclass(frozen=True, slots=True)
class IngestError:
    path: str
    content_hash: str
    code: str
    reason: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Counts:
    articles: int
    events: int
    subscribers: int
    pending_deliveries: int
    last_ingest_at: dt.datetime | None
    inactive_chats: int


class Repo:
    """One unit of work's view of the store (see ``Database.transaction``)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._dialect = session.get_bind().dialect.name

    # ---------------------------------------------------------------- articles

    async def article_id_by_hash(self, content_hash: str) -> int | None:
        return await self.session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))

    async def has_external_id(self, external_id: str) -> bool:
        found = await self.session.scalar(
            select(ArticleRow.id).where(ArticleRow.external_id == external_id).limit(1)
        )
        return found is not None

    async def add_article(self, article: Article, content_hash: str, origin: str, now: dt.datetime) -> int:
        row = ArticleRow(
            content_hash=content_hash,
            title=article.title,
            text=article.text,
            source=article.source,
            url=article.url,
            published_at=article.published_at,
            published_inferred=article.published_inferred,
            external_id=article.external_id,
            origin=origin,
            ingested_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def last_article_at(self) -> dt.datetime | None:
        """When the newest article was stored (a feed or a test can store articles without a file)."""
        value: dt.datetime | None = await self.session.scalar(select(func.max(ArticleRow.ingested_at)))
        return value

    # ---------------------------------------------------------------- events

    async def candidate_events(self, record: LaunchEvent) -> list[StoredEvent]:
        """Stored events that could be the same launch: same kind, dates within a day."""
        rows = await self.session.scalars(
            select(EventRow)
            .where(
                EventRow.kind == str(record.kind),
                EventRow.date.between(record.date - dt.timedelta(days=1), record.date + dt.timedelta(days=1)),
            )
            .order_by(EventRow.id)
        )
        return [_stored(row) for row in rows]

    async def reports_of(self, event_id: int) -> list[Report]:
        rows = await self.session.execute(
            select(ReportRow.article_id, ReportRow.record, ArticleRow.published_at)
            .join(ArticleRow, ArticleRow.id == ReportRow.article_id)
            .where(ReportRow.event_id == event_id)
        )
        return [
            Report(article_key=str(article_id), published_at=published, event=LaunchEvent.from_json(record))
            for article_id, record, published in rows
        ]

    async def add_report(self, event_id: int, article_id: int, record: LaunchEvent, now: dt.datetime) -> bool:
        """Attach an article's report to an event; False if that article already reported it."""
        exists = await self.session.scalar(
            select(ReportRow.id).where(ReportRow.event_id == event_id, ReportRow.article_id == article_id)
        )
        if exists is not None:
            return False
        self.session.add(
            ReportRow(event_id=event_id, article_id=article_id, record=record.to_json(), created_at=now)
        )
        await self.session.flush()
        return True

    async def create_event(self, merged: MergedEvent, now: dt.datetime) -> int:
        row = EventRow(first_seen_at=now, updated_at=now, version=1, history=[])
        _apply_merged(row, merged)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def update_event(
        self, event_id: int, merged: MergedEvent, changes: Sequence[tuple[str, Any, Any]], now: dt.datetime
    ) -> int:
        """Store a re-merged event; when fields changed, bump its version and log the change. Returns the version."""
        row = await self.session.get_one(EventRow, event_id)
        _apply_merged(row, merged)
        if changes:
            row.version += 1
            row.history = [
                *row.history,
                {"version": row.version, "at": now.isoformat(), "changes": [list(c) for c in changes]},
            ]
        row.updated_at = now
        return row.version

    async def set_level(self, event_id: int, level: int, reasons: Sequence[str]) -> None:
        row = await self.session.get_one(EventRow, event_id)
        row.level = level
        row.level_reasons = list(reasons)

    async def event(self, event_id: int) -> StoredEvent | None:
        row = await self.session.get(EventRow, event_id)
        if row is None:
            return None
        return (await self._with_sources([_stored(row)]))[0]

    async def latest_events(self, limit: int) -> list[StoredEvent]:
        rows = await self.session.scalars(
            select(EventRow).order_by(EventRow.date.desc(), EventRow.id.desc()).limit(limit)
        )
        return await self._with_sources([_stored(r) for r in rows])

    async def events_between(
        self, start: dt.date, end: dt.date, *, with_sources: bool = False
    ) -> list[StoredEvent]:
        """Events dated ``start`` <= date < ``end``, oldest first."""
        rows = await self.session.scalars(
            select(EventRow)
            .where(EventRow.date >= start, EventRow.date < end)
            .order_by(EventRow.date, EventRow.id)
        )
        events = [_stored(r) for r in rows]
        return await self._with_sources(events) if with_sources else events

    async def last_seen_before(self, day: dt.date) -> dict[str, dt.date]:
        """The latest date before ``day`` of each kind, class, system and landing, keyed as
        ``bot.core.summary.last_seen_keys`` keys them, for the "first since" lines of /summary."""
        out: dict[str, dt.date] = {}
        earlier = EventRow.date < day
        groups: tuple[tuple[str, Any, Any], ...] = (
            ("kind", EventRow.kind, earlier),
            ("class", EventRow.missile_class, and_(earlier, EventRow.kind != "nuclear_test")),
            ("system", func.lower(EventRow.system), and_(earlier, EventRow.system.is_not(None))),
            ("landing", EventRow.landing, earlier),
        )
        for prefix, column, where in groups:
            rows = await self.session.execute(
                select(column, func.max(EventRow.date)).where(where).group_by(column)
            )
            for value, last in rows:
                out[f"{prefix}:{value}"] = last
        return out

    async def history_until(
        self, day: dt.date, *, window_days: int = HISTORY_WINDOW_DAYS, exclude: int | None = None
    ) -> list[LaunchEvent]:
        """What judging an event on ``day`` needs of the past, without loading all of it.

        Every event of the last ``window_days`` in full, and before that one representative per
        (kind, class, actors, system, status) - its latest date - which keeps "first ICBM since
        2017", "new system" and "the record reaches back a year" true at a cost that does not grow
        with the archive. ``exclude`` leaves out one event (the one being judged).
        """
        start = day - dt.timedelta(days=window_days)
        others = [EventRow.id != exclude] if exclude is not None else []
        recent = await self.session.execute(
            select(EventRow.actors, *(getattr(EventRow, name) for name in _EVENT_COLUMNS))
            .where(EventRow.date >= start, EventRow.date <= day, *others)
            .order_by(EventRow.date, EventRow.id)
        )
        groups = (EventRow.kind, EventRow.actors, EventRow.missile_class, EventRow.system, EventRow.status)
        older = await self.session.execute(
            select(*groups, func.max(EventRow.date).label("date"))
            .where(EventRow.date < start, *others)
            .group_by(*groups)
        )
        representatives = sorted((_record(row._mapping) for row in older), key=lambda e: e.date)
        return [*representatives, *(_record(row._mapping) for row in recent)]

    async def _with_sources(self, events: list[StoredEvent]) -> list[StoredEvent]:
        if not events:
            return events
        ids = [e.id for e in events]
        rows = await self.session.execute(
            select(
                ReportRow.event_id,
                ArticleRow.id,
                ArticleRow.title,
                ArticleRow.source,
                ArticleRow.url,
                ArticleRow.published_at,
            )
            .join(ArticleRow, ArticleRow.id == ReportRow.article_id)
            .where(ReportRow.event_id.in_(ids))
            .order_by(ArticleRow.published_at, ArticleRow.id)
        )
        by_event: dict[int, list[SourceRef]] = {}
        for event_id, article_id, title, source, url, published in rows:
            by_event.setdefault(event_id, []).append(SourceRef(article_id, title, source, url, published))
        return [_replace_sources(e, tuple(by_event.get(e.id, ()))) for e in events]

    # ---------------------------------------------------------------- chats

    async def chat(self, chat_id: int) -> Chat | None:
        row = await self.session.get(ChatRow, chat_id)
        return None if row is None else _chat(row)

    async def ensure_chat(self, chat_id: int, chat_type: str, title: str | None, now: dt.datetime) -> Chat:
        row = await self.session.get(ChatRow, chat_id)
        if row is None:
            row = ChatRow(chat_id=chat_id, type=chat_type, title=title, created_at=now, updated_at=now)
            _apply_prefs(row, ChatPrefs())
            self.session.add(row)
            await self.session.flush()
        elif (row.type, row.title) != (chat_type, title):
            row.type, row.title, row.updated_at = chat_type, title, now
        return _chat(row)

    async def set_subscribed(
        self,
        chat_id: int,
        subscribed: bool,
        now: dt.datetime,
        *,
        threshold: int | None = None,
        thread_id: int | None = None,
    ) -> Chat:
        row = await self.session.get_one(ChatRow, chat_id)
        row.subscribed = subscribed
        if subscribed:
            row.inactive_reason = None
            row.thread_id = thread_id
        if threshold is not None:
            row.threshold = threshold
        row.updated_at = now
        return _chat(row)

    async def save_prefs(self, chat_id: int, prefs: ChatPrefs, now: dt.datetime) -> Chat:
        row = await self.session.get_one(ChatRow, chat_id)
        _apply_prefs(row, prefs)
        row.updated_at = now
        return _chat(row)

    async def subscribed_chats(self) -> list[Chat]:
        rows = await self.session.scalars(
            select(ChatRow).where(ChatRow.subscribed.is_(True)).order_by(ChatRow.chat_id)
        )
        return [_chat(r) for r in rows]

    async def deactivate_chat(self, chat_id: int, reason: str, now: dt.datetime) -> None:
        await self.session.execute(
            update(ChatRow)
            .where(ChatRow.chat_id == chat_id)
            .values(subscribed=False, inactive_reason=reason, updated_at=now)
        )

    async def migrate_chat(self, old_id: int, new_id: int, now: dt.datetime) -> bool:
        """Move a group's subscription, settings and owed messages to its supergroup id."""
        old = await self.session.get(ChatRow, old_id)
        if old is None:
            await self._move_deliveries(old_id, new_id)
            return False
        new = await self.session.get(ChatRow, new_id)
        if new is None:
            new = ChatRow(chat_id=new_id, created_at=old.created_at)
            self.session.add(new)
        for column in ChatRow.__table__.columns.keys():  # noqa: SIM118 - a ColumnCollection, not a dict
            if column not in {"chat_id", "created_at"}:
                setattr(new, column, getattr(old, column))
        new.type, new.updated_at = "supergroup", now
        await self.session.flush()
        await self._move_deliveries(old_id, new_id)
        await self.session.delete(old)
        return True

    async def _move_deliveries(self, old_id: int, new_id: int) -> None:
        """Owed messages follow the chat; ones already owed to the new id stay as they are."""
        taken = select(DeliveryRow.dedupe_key).where(DeliveryRow.chat_id == new_id).scalar_subquery()
        await self.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.chat_id == old_id, DeliveryRow.dedupe_key.not_in(taken))
            .values(chat_id=new_id),
            execution_options={"synchronize_session": False},
        )
        await self.session.execute(
            delete(DeliveryRow).where(DeliveryRow.chat_id == old_id),
            execution_options={"synchronize_session": False},
        )

    async def set_last_digest(self, chat_id: int, at: dt.datetime) -> None:
        await self.session.execute(
            update(ChatRow).where(ChatRow.chat_id == chat_id).values(last_digest_at=at)
        )

    # ---------------------------------------------------------------- outbox

    async def enqueue(self, deliveries: Iterable[NewDelivery], now: dt.datetime) -> int:
        """Insert deliveries; one already owed or sent (same chat and key) is silently not added again.

        Returns how many were new. Rows go in a few multi-row statements: an alert to a thousand
        chats is a handful of round trips, not a thousand. Replies go in after the rest, so one can
        answer a message owed in the same call.
        """
        owed = list(deliveries)
        added = await self._insert([_delivery_row(d, None, now) for d in owed if d.reply_to_key is None])
        replies = []
        for d in owed:
            if d.reply_to_key is not None:
                reply_to_id = await self.session.scalar(
                    select(DeliveryRow.id).where(
                        DeliveryRow.chat_id == d.chat_id, DeliveryRow.dedupe_key == d.reply_to_key
                    )
                )
                replies.append(_delivery_row(d, reply_to_id, now))
        return added + await self._insert(replies)

    async def _insert(self, rows: list[dict[str, Any]]) -> int:
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        added = 0
        for chunk in range(0, len(rows), ENQUEUE_CHUNK):
            stmt = (
                insert(DeliveryRow)
                .values(rows[chunk : chunk + ENQUEUE_CHUNK])
                .on_conflict_do_nothing()
                .returning(DeliveryRow.id)
            )
            added += len((await self.session.execute(stmt)).all())
        return added

    async def hasten(self, chat_id: int, dedupe_key: str, at: dt.datetime) -> None:
        """Make a pending delivery due no later than ``at``."""
        await self.session.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.chat_id == chat_id,
                DeliveryRow.dedupe_key == dedupe_key,
                DeliveryRow.status == "pending",
                DeliveryRow.not_before > at,
            )
            .values(not_before=at)
        )

    async def has_delivery(self, chat_id: int, dedupe_key: str) -> bool:
        found = await self.session.scalar(
            select(DeliveryRow.id).where(DeliveryRow.chat_id == chat_id, DeliveryRow.dedupe_key == dedupe_key)
        )
        return found is not None

    async def claim_due(
        self, worker: str, now: dt.datetime, *, limit: int, lease: dt.timedelta
    ) -> list[Delivery]:
        """Take up to ``limit`` due deliveries for ``worker`` until the lease runs out.

        At most one per chat, and none for a chat another claim still holds, so a chat's messages go
        one at a time and in order across any number of dispatchers, and every claim is a round
        robin over the chats with something due: one busy group never fills a batch. Highest
        priority first, within a chat and across chats. An update waits until the alert it replies
        to is sent (or given up). Rows another worker is claiming right now are skipped (``FOR
        UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers with ``BEGIN IMMEDIATE``);
        an expired claim is fair game, which is how a crashed dispatcher's rows are resumed.
        """
        d = DeliveryRow
        held, parent = aliased(DeliveryRow), aliased(DeliveryRow)
        claimable = and_(
            d.status == "pending",
            d.not_before <= now,
            or_(d.claimed_until.is_(None), d.claimed_until < now),
        )
        # Uncorrelated, so it is worked out once per claim (a handful of rows in flight), not per row.
        busy_chats = select(held.chat_id).where(held.status == "pending", held.claimed_until >= now)
        chat_busy = d.chat_id.in_(busy_chats)
        parent_owed = and_(
            d.reply_to_id.is_not(None),
            exists().where(parent.id == d.reply_to_id, parent.status == "pending"),
        )
        # The first rows in claim order (an index walk), then the first of each chat among them.
        # Within that window every chat's first row is its first row overall, because the window
        # is a prefix of the same order; a chat with more rows in it than the window yields one
        # row this time and none next time (it is busy then), so it cannot crowd others out.
        window = (
            select(d.id, d.chat_id, d.priority)
            .where(claimable, ~chat_busy, ~parent_owed)
            .order_by(d.priority.desc(), d.id)
            .limit(limit * CLAIM_WINDOW)
            .subquery()
        )
        ranked = select(
            window.c.id,
            window.c.priority,
            func.row_number()
            .over(partition_by=window.c.chat_id, order_by=(window.c.priority.desc(), window.c.id))
            .label("rank"),
        ).subquery()
        firsts = list(
            await self.session.scalars(
                select(ranked.c.id)
                .where(ranked.c.rank == 1)
                .order_by(ranked.c.priority.desc(), ranked.c.id)
                .limit(limit)
            )
        )
        if not firsts:
            return []
        # Then lock them, by primary key: two statements, because PostgreSQL plans a lock over the
        # window query badly on a fresh table (a nested loop re-running the window per row). The
        # claimable conditions are checked again: PostgreSQL re-checks them on a row whose claim
        # another worker committed meanwhile, and then leaves it alone; a row another worker is
        # claiming right now is skipped, and so is the rest of its chat (ranked after it).
        query = select(d.id).where(d.id.in_(firsts), claimable).order_by(d.priority.desc(), d.id)
        if self._dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list(await self.session.scalars(query))
        if not ids:
            return []
        await self.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id.in_(ids))
            .values(claimed_by=worker, claimed_until=now + lease, attempts=DeliveryRow.attempts + 1),
            execution_options={"synchronize_session": False},
        )
        replied = DeliveryRow.__table__.alias("replied")
        rows = await self.session.execute(
            select(
                d.id,
                d.chat_id,
                d.kind,
                d.dedupe_key,
                d.text,
                d.attempts,
                d.priority,
                d.event_id,
                d.thread_id,
                replied.c.message_id,
                d.reply_to_id,
            )
            .outerjoin(replied, replied.c.id == d.reply_to_id)
            .where(d.id.in_(ids))
            .order_by(d.priority.desc(), d.id)
        )
        return [Delivery(*row) for row in rows]

    async def mark_sent(self, delivery_id: int, message_id: int, now: dt.datetime) -> None:
        await self.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id)
            .values(status="sent", message_id=message_id, sent_at=now, claimed_until=None, error=None)
        )

    async def mark_sent_many(self, sent: Sequence[SentMessage]) -> None:
        """Record many accepted messages in one statement (the dispatcher's group commit)."""
        if not sent:
            return
        table = cast(Table, DeliveryRow.__table__)
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                status="sent",
                message_id=bindparam("b_message_id"),
                sent_at=bindparam("b_sent_at", type_=DeliveryRow.sent_at.type),
                claimed_until=None,
                error=None,
            )
        )
        await self.session.execute(
            statement,
            [{"b_id": s.delivery_id, "b_message_id": s.message_id, "b_sent_at": s.sent_at} for s in sent],
        )

    async def mark_retry(self, delivery_id: int, not_before: dt.datetime, error: str) -> None:
        await self.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id)
            .values(not_before=not_before, claimed_by=None, claimed_until=None, error=error)
        )

    async def mark_failed(self, delivery_id: int, error: str, now: dt.datetime) -> None:
        await self.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id)
            .values(status="failed", error=error, sent_at=now, claimed_until=None)
        )

    async def fail_pending_for_chat(self, chat_id: int, error: str, now: dt.datetime) -> None:
        await self.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.chat_id == chat_id, DeliveryRow.status == "pending")
            .values(status="failed", error=error, sent_at=now, claimed_until=None)
        )

    async def next_due_at(self) -> dt.datetime | None:
        """When the next pending delivery may be claimed: a held one when its claim runs out."""
        d = DeliveryRow
        free_at = case(
            (and_(d.claimed_until.is_not(None), d.claimed_until > d.not_before), d.claimed_until),
            else_=d.not_before,
        )
        # min() over a CASE would lose the column type (SQLite would hand back text).
        earliest = type_coerce(func.min(free_at), DeliveryRow.not_before.type)
        value: dt.datetime | None = await self.session.scalar(select(earliest).where(d.status == "pending"))
        return value

    async def outbox_summary(self) -> OutboxSummary:
        counts = dict(
            (
                await self.session.execute(
                    select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
                )
            ).all()
        )
        oldest = await self.session.scalar(
            select(func.min(DeliveryRow.created_at)).where(DeliveryRow.status == "pending")
        )
        return OutboxSummary(
            pending=counts.get("pending", 0),
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0),
            oldest_pending_at=oldest,
        )

    async def inactive_chats(self, limit: int | None = None) -> list[InactiveChat]:
        """Chats deliveries stopped for (blocked, kicked, deactivated), most recent first."""
        query = (
            select(ChatRow)
            .where(ChatRow.inactive_reason.is_not(None))
            .order_by(ChatRow.updated_at.desc(), ChatRow.chat_id)
        )
        if limit is not None:
            query = query.limit(limit)
        rows = await self.session.scalars(query)
        return [InactiveChat(r.chat_id, r.type, r.title, r.inactive_reason or "", r.updated_at) for r in rows]

    # ---------------------------------------------------------------- ingest bookkeeping

    async def file_states(self) -> dict[str, FileState]:
        rows = await self.session.scalars(select(IngestFileRow))
        return {r.path: FileState(r.path, r.content_hash, r.size, r.mtime_ns, r.status) for r in rows}

    async def file_state(self, path: str) -> FileState | None:
        r = await self.session.scalar(select(IngestFileRow).where(IngestFileRow.path == path))
        return None if r is None else FileState(r.path, r.content_hash, r.size, r.mtime_ns, r.status)

    async def record_file(
        self,
        path: str,
        *,
        content_hash: str | None,
        size: int,
        mtime_ns: int,
        status: str,
        now: dt.datetime,
        code: str | None = None,
        reason: str | None = None,
        articles: int = 0,
        events_new: int = 0,
        events_updated: int = 0,
    ) -> None:
        row = await self.session.scalar(select(IngestFileRow).where(IngestFileRow.path == path))
        if row is None:
            row = IngestFileRow(path=path)
            self.session.add(row)
        row.content_hash, row.size, row.mtime_ns, row.status = content_hash, size, mtime_ns, status
        row.code, row.reason, row.processed_at = code, reason, now
        row.articles, row.events_new, row.events_updated = articles, events_new, events_updated

    async def record_error(
        self, path: str, content_hash: str, code: str, reason: str, now: dt.datetime
    ) -> bool:
        """Record a file's failure once per (path, content, kind of failure); True if it is news."""
        exists = await self.session.scalar(
            select(IngestErrorRow.id).where(
                and_(
                    IngestErrorRow.path == path,
                    IngestErrorRow.content_hash == content_hash,
                    IngestErrorRow.code == code,
                )
            )
        )
        if exists is not None:
            return False
        self.session.add(
            IngestErrorRow(path=path, content_hash=content_hash, code=code, reason=reason, at=now)
        )
        return True

    async def errors_since(self, since: dt.datetime | None = None) -> list[IngestError]:
        query = select(IngestErrorRow).order_by(IngestErrorRow.at.desc(), IngestErrorRow.id.desc())
        if since is not None:
            query = query.where(IngestErrorRow.at >= since)
        rows = await self.session.scalars(query)
        return [IngestError(r.path, r.content_hash, r.code, r.reason, r.at) for r in rows]

    # ---------------------------------------------------------------- service state

    async def get_state(self, key: str) -> dict[str, Any] | None:
        row = await self.session.get(StateRow, key)
        return None if row is None else dict(row.value)

    async def put_state(self, key: str, value: dict[str, Any], now: dt.datetime) -> None:
        row = await self.session.get(StateRow, key)
        if row is None:
            self.session.add(StateRow(key=key, value=value, updated_at=now))
        else:
            row.value, row.updated_at = value, now

    # ---------------------------------------------------------------- status

    async def counts(self) -> Counts:
        return Counts(
            articles=await self.session.scalar(select(func.count()).select_from(ArticleRow)) or 0,
            events=await self.session.scalar(select(func.count()).select_from(EventRow)) or 0,
            subscribers=await self.session.scalar(
                select(func.count()).select_from(ChatRow).where(ChatRow.subscribed.is_(True))
            )
            or 0,
            pending_deliveries=await self.session.scalar(
                select(func.count()).select_from(DeliveryRow).where(DeliveryRow.status == "pending")
            )
            or 0,
            last_ingest_at=await self.session.scalar(select(func.max(IngestFileRow.processed_at))),
            inactive_chats=await self.session.scalar(
                select(func.count()).select_from(ChatRow).where(ChatRow.inactive_reason.is_not(None))
            )
            or 0,
        )


# -------------------------------------------------------------------- row <-> record


def _apply_merged(row: EventRow, merged: MergedEvent) -> None:
    record = merged.record
    for name in _EVENT_COLUMNS:
        value = getattr(record, name)
        setattr(
            row,
            name,
            value if isinstance(value, bool | int | float | dt.date) or value is None else str(value),
        )
    row.actors = ",".join(str(a) for a in record.actors)
    row.evidence = [[e.field, e.sentence] for e in record.evidence]
    row.support = {k: [int(x) for x in v] for k, v in merged.support.items()}
    row.conflicts = {
        k: [[_jsonable(value), [int(x) for x in keys]] for value, keys in v]
        for k, v in merged.conflicts.items()
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [str(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _delivery_row(d: NewDelivery, reply_to_id: int | None, now: dt.datetime) -> dict[str, Any]:
    return {
        "chat_id": d.chat_id,
        "kind": d.kind,
        "event_id": d.event_id,
        "version": d.version,
        "dedupe_key": d.dedupe_key,
        "priority": d.priority,
        "text": d.text,
        "thread_id": d.thread_id,
        "reply_to_id": reply_to_id,
        "status": "pending",
        "attempts": 0,
        "not_before": d.not_before,
        "created_at": now,
    }


def _record(columns: Mapping[Any, Any]) -> LaunchEvent:
    """A record from event columns (``actors`` and those of ``_EVENT_COLUMNS`` present), without evidence."""
    data = {name: columns[name] for name in _EVENT_COLUMNS if name in columns}
    data["date"] = columns["date"].isoformat()
    data["actors"] = columns["actors"].split(",")
    return LaunchEvent.from_json(data)


def _stored(row: EventRow) -> StoredEvent:
    record = _record({name: getattr(row, name) for name in ("actors", *_EVENT_COLUMNS)})
    record = replace(record, evidence=tuple(Evidence(f, s) for f, s in row.evidence or ()))
    return StoredEvent(
        id=row.id,
        record=record,
        version=row.version,
        first_seen_at=row.first_seen_at,
        updated_at=row.updated_at,
        level=row.level,
        level_reasons=tuple(row.level_reasons or ()),
        support={k: tuple(v) for k, v in (row.support or {}).items()},
        conflicts={
            k: tuple((value, tuple(ids)) for value, ids in v) for k, v in (row.conflicts or {}).items()
        },
        history=tuple(row.history or ()),
    )


def _replace_sources(event: StoredEvent, sources: tuple[SourceRef, ...]) -> StoredEvent:
    return replace(event, sources=sources)


def _split(text: str) -> list[str]:
    return [t for t in text.split(",") if t]


def _parse_time(text: str | None) -> dt.time | None:
    return None if not text else dt.time.fromisoformat(text)


def _chat(row: ChatRow) -> Chat:
    prefs = ChatPrefs(
        threshold=row.threshold,
        actors=frozenset(Actor(a) for a in _split(row.actors_filter)),
        classes=frozenset(MissileClass(c) for c in _split(row.classes_filter)),
        region=RegionFilter(row.region_filter),
        timezone=row.timezone,
        digest=DigestFrequency(row.digest),
        digest_time=dt.time.fromisoformat(row.digest_time),
        digest_weekday=row.digest_weekday,
        quiet_start=_parse_time(row.quiet_start),
        quiet_end=_parse_time(row.quiet_end),
    )
    return Chat(
        chat_id=row.chat_id,
        type=row.type,
        title=row.title,
        subscribed=row.subscribed,
        thread_id=row.thread_id,
        prefs=prefs,
        inactive_reason=row.inactive_reason,
        last_digest_at=row.last_digest_at,
    )


def _apply_prefs(row: ChatRow, prefs: ChatPrefs) -> None:
    row.threshold = prefs.threshold
    row.actors_filter = ",".join(sorted(str(a) for a in prefs.actors))
    row.classes_filter = ",".join(sorted(str(c) for c in prefs.classes))
    row.region_filter = str(prefs.region)
    row.timezone = prefs.timezone
    row.digest = str(prefs.digest)
    row.digest_time = prefs.digest_time.strftime("%H:%M")
    row.digest_weekday = prefs.digest_weekday
    row.quiet_start = prefs.quiet_start.strftime("%H:%M") if prefs.quiet_start else None
    row.quiet_end = prefs.quiet_end.strftime("%H:%M") if prefs.quiet_end else None
