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
from bot.core.extract import extract
from bot.core.prefs import Chat, ChatPrefs
from bot.services.alerts import AlertPlanner
from bot.services.digests import DigestService, next_run_at
from bot.services.ingest import IngestService
from storage.db import Database
from storage.models import DeliveryRow
from tests.alert_story import Wire

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
    def make(
        cls, db: Database, root: Path, start: dt.datetime, *, max_age: dt.timedelta | None = MAX_AGE
    ) -> World:
        clock = ManualClock(start)
        ingest = IngestService(
            db,
            root=root,
            clock=clock,
            extractor=extract,
            planner=AlertPlanner(max_age),
            max_file_size=1 << 20,
        )
        return cls(db, clock, ingest, DigestService(db, max_age=max_age))

    async def read(self, *wires: Wire) -> int:
        """Each article arrives at its own time; returns how many messages they made owed."""
        owed = 0
        for wire in wires:
            self.clock.set(wire.at)
            owed += (await self.ingest.ingest_article(wire.article(), origin="wire")).alerts
        return owed

    async def subscribe(self, chat_id: int, prefs: ChatPrefs, chat_type: str = "private") -> Chat:
        now = self.clock.now()
        async with self.db.transaction() as repo:
            await repo.ensure_chat(chat_id, chat_type, None, now)
            await repo.set_subscribed(chat_id, True, now)
            await repo.save_prefs(chat_id, prefs, now)
        chat = await self.digests.rearm(chat_id, now)
        assert chat is not None
        return chat

    async def live(self, wires: Iterable[Wire], until: dt.datetime) -> int:
        """Read the articles as they arrive, and run the digests whenever the JobQueue would
        (``next_run_at``, what ``bot.jobs`` schedules each chat's job by), up to ``until``.

        Returns how many times the digests ran.
        """
        pending = sorted(wires, key=lambda w: w.at)
        runs = 0
        while True:
            now = self.clock.now()
            async with self.db.transaction() as repo:
                chats = await repo.subscribed_chats()
            jobs = [at for at in (next_run_at(c, now) for c in chats) if at is not None]
            job = max(min(jobs), now) if jobs else None
            wire = pending[0].at if pending else None
            if wire is not None and (job is None or wire <= job) and wire <= until:
                self.clock.set(max(wire, now))
                await self.ingest.ingest_article(pending.pop(0).article(), origin="wire")
            elif job is not None and job <= until:
                self.clock.set(job)
                await self.digests.run_once(job)
                runs += 1
            else:
                self.clock.set(until)
                return runs

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
