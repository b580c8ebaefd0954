"""The harness the alert and digest tests share: a store, a hand-set clock, the real ingest and digest
services, subscribed chats, and the outbox read back as the messages each chat is owed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from bot.clock import ManualClock
from bot.core.prefs import Chat, ChatPrefs
from bot.services.alerts import AlertPlanner
from bot.services.digests import DigestService
from bot.services.ingest import IngestService
from storage.db import Database
from storage.models import DeliveryRow
from tests.alert_story import HISTORY, STORY, Labelled, Wire

MAX_AGE = dt.timedelta(hours=72)


@dataclass(frozen=True, slots=True)
class Owed:
    """One outbox row, as a test reads it."""

    chat_id: int
    kind: str
    key: str
    text: str
    not_before: dt.datetime
    created_at: dt.datetime
    status: str
    #: The dedupe key of the message this one replies to.
    reply_to: str | None


@dataclass
class World:
    db: Database
    clock: ManualClock
    ingest: IngestService
    digests: DigestService

    @classmethod
    def make(cls, db: Database, root: Path, start: dt.datetime, *wires: Wire) -> World:
        clock = ManualClock(start)
        ingest = IngestService(
            db,
            root=root,
            clock=clock,
            extractor=Labelled(*HISTORY, *STORY, *wires),
            planner=AlertPlanner(MAX_AGE),
            max_file_size=1 << 20,
        )
        return cls(db, clock, ingest, DigestService(db, max_age=MAX_AGE))

    async def read(self, *wires: Wire) -> None:
        """Each article arrives at its own time."""
        for wire in wires:
            self.clock.set(wire.at)
            await self.ingest.ingest_article(wire.article(), origin="wire")

    async def subscribe(self, chat_id: int, prefs: ChatPrefs, chat_type: str = "private") -> Chat:
        now = self.clock.now()
        async with self.db.transaction() as repo:
            await repo.ensure_chat(chat_id, chat_type, None, now)
            await repo.set_subscribed(chat_id, True, now)
            await repo.save_prefs(chat_id, prefs, now)
        chat = await self.digests.rearm(chat_id, now)
        assert chat is not None
        return chat

    async def live(self, wires: Iterable[Wire], until: dt.datetime, tick: dt.timedelta) -> None:
        """Read the articles as they arrive and run the digests every ``tick``, up to ``until``."""
        timeline: list[tuple[dt.datetime, Wire | None]] = [(w.at, w) for w in wires]
        t = self.clock.now()
        while t <= until:
            timeline.append((t, None))
            t += tick
        for at, wire in sorted(timeline, key=lambda item: (item[0], item[1] is None)):
            self.clock.set(at)
            if wire is not None:
                await self.ingest.ingest_article(wire.article(), origin="wire")
            else:
                await self.digests.run_once(at)

    async def outbox(self, chat_id: int | None = None, kind: str | None = None) -> list[Owed]:
        parent = aliased(DeliveryRow)
        query = (
            select(DeliveryRow, parent.dedupe_key)
            .outerjoin(parent, parent.id == DeliveryRow.reply_to_id)
            .order_by(DeliveryRow.id)
        )
        if chat_id is not None:
            query = query.where(DeliveryRow.chat_id == chat_id)
        if kind is not None:
            query = query.where(DeliveryRow.kind == kind)
        async with self.db.session() as session:
            rows = (await session.execute(query)).all()
        return [
            Owed(r.chat_id, r.kind, r.dedupe_key, r.text, r.not_before, r.created_at, r.status, reply_to)
            for r, reply_to in rows
        ]
