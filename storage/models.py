"""Database tables. Row classes end in ``Row`` so they are never mistaken for core records."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which drops offsets) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        dt.date: Date(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: sha256 of the article's normalised title and text: the same article under another file name is one.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime]
    published_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    external_id: Mapped[str | None] = mapped_column(Text, index=True)
    #: Where it came from (ingest-folder relative path), for the record.
    origin: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(index=True)


class EventRow(Base):
    """One launch, merged from every report of it. Columns carry the spec's field names and tokens."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_kind_date", "kind", "date"),
        # Covers the history summary (``Repo.history_until``): the latest date of each kind of event
        # is read from this index alone, not from every row of the archive.
        Index("ix_events_history", "kind", "actors", "missile_class", "system", "status", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    #: Sorted actor tokens joined by commas (``south_korea,united_states``).
    actors: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(index=True)
    count: Mapped[int | None] = mapped_column(Integer)
    count_qualifier: Mapped[str] = mapped_column(String(16))
    missile_class: Mapped[str] = mapped_column(String(32))
    system: Mapped[str | None] = mapped_column(String(100))
    launch_site: Mapped[str | None] = mapped_column(String(200))
    landing: Mapped[str] = mapped_column(String(32))
    range_km: Mapped[float | None] = mapped_column(Float)
    apogee_km: Mapped[float | None] = mapped_column(Float)
    flight_time_min: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    date_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    #: [[field, sentence], ...] gathered from every report.
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: field -> article ids supporting the current value.
    support: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: field -> [[other value, [article ids]], ...]
    conflicts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    level: Mapped[int | None] = mapped_column(Integer)
    level_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: Bumped whenever a merge changes a field; deliveries name the version they announce.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: [{"version", "at", "changes": [[field, old, new], ...]}] - the event's update history.
    history: Mapped[list[Any]] = mapped_column(JSON, default=list)
    first_seen_at: Mapped[dt.datetime] = mapped_column(index=True)
    updated_at: Mapped[dt.datetime]


class ReportRow(Base):
    """One article's reading of one launch, kept so the event can always be re-derived from all of them."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("event_id", "article_id", name="uq_reports_event_article"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    #: The extracted record, ``LaunchEvent.to_json()``.
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]


class ChatRow(Base):
    """A chat the bot knows, its subscription and its settings (``bot.core.prefs.ChatPrefs``)."""

    __tablename__ = "chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    subscribed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    #: Forum topic alerts go to, for a forum supergroup.
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    threshold: Mapped[int] = mapped_column(Integer, default=2)
    actors_filter: Mapped[str] = mapped_column(String(200), default="")
    classes_filter: Mapped[str] = mapped_column(String(300), default="")
    region_filter: Mapped[str] = mapped_column(String(16), default="any")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Seoul")
    digest: Mapped[str] = mapped_column(String(8), default="off")
    digest_time: Mapped[str] = mapped_column(String(5), default="08:00")
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0)
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    last_digest_at: Mapped[dt.datetime | None]
    #: Why deliveries stopped (blocked, kicked, deactivated), shown in /status.
    inactive_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class DeliveryRow(Base):
    """The outbox: one message owed to one chat. Written in the transaction that decided it."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("chat_id", "dedupe_key", name="uq_deliveries_chat_key"),
        Index("ix_deliveries_due", "status", "not_before", "priority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    #: ``alert``, ``update``, ``escalation``, ``digest``.
    kind: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: What makes this message unique for the chat (``alert:12``, ``update:12:v3``, ``digest:2022-06-05``).
    dedupe_key: Mapped[str] = mapped_column(String(120))
    #: Higher goes first (alert level, escalations above all).
    priority: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    #: The delivery whose message this one replies to (an update replies to its alert).
    reply_to_id: Mapped[int | None] = mapped_column(Integer)
    #: ``pending``, ``sent``, ``failed`` (gave up, see ``error``).
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[dt.datetime]
    #: A dispatcher's claim: which worker holds the row, until when.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[dt.datetime | None]
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


#: The claim's walk through the outbox: pending rows, highest priority first, oldest first within one.
Index("ix_deliveries_queue", DeliveryRow.status, DeliveryRow.priority.desc(), DeliveryRow.id)
#: Rows some dispatcher holds right now (few): the chats a claim must leave alone.
Index("ix_deliveries_claimed_until", DeliveryRow.claimed_until)


class IngestFileRow(Base):
    """Processed-file bookkeeping: what each file in the ingest folder last was and what came of it."""

    __tablename__ = "ingest_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Path relative to the ingest folder.
    path: Mapped[str] = mapped_column(Text, unique=True)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    #: ``ok``, ``error``, ``unsupported``, ``too_large``.
    status: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    events_new: Mapped[int] = mapped_column(Integer, default=0)
    events_updated: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[dt.datetime] = mapped_column(index=True)


class IngestErrorRow(Base):
    """Each distinct failure of a file (path + content hash + reason), recorded once."""

    __tablename__ = "ingest_errors"
    __table_args__ = (UniqueConstraint("path", "content_hash", "code", name="uq_ingest_errors_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(index=True)


class StateRow(Base):
    """Small named facts the service keeps between runs (the last tempo band announced, ...)."""

    __tablename__ = "service_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime]
