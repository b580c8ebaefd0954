"""Ingesting a file: read it, turn its articles into events, store and merge them, and owe the alerts.

One article is one transaction: the article, its reports, the merged events and the outbox rows
they call for commit together, so a crash at any point leaves either all of it or none of it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.clock import Clock
from bot.core.errors import FormatError
from bot.core.escalation import Assessment, assess
from bot.core.formats import read_article_file
from bot.core.identity import article_hash, bytes_hash
from bot.core.merge import MergedEvent, Report, changes, merge_reports, same_launch
from bot.core.records import Article, LaunchEvent, StoredEvent
from bot.services.alerts import AlertPlanner, EventChange, backfilled
from storage.db import Database
from storage.repo import Repo

log = logging.getLogger(__name__)

Extractor = Callable[[Article], list[LaunchEvent]]
Assessor = Callable[[LaunchEvent, Sequence[LaunchEvent]], Assessment]

#: How far ahead of the clock a publication time may be before it is treated as wrong.
FUTURE_TOLERANCE = dt.timedelta(hours=1)


@dataclass(slots=True)
class Tally:
    """What a batch of ingest did; printed by ``launchwatch ingest`` and logged by ``run``."""

    files: int = 0
    articles: int = 0
    duplicates: int = 0
    events_new: int = 0
    events_updated: int = 0
    backfilled: int = 0
    alerts: int = 0
    errors: int = 0
    unchanged: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class FileOutcome:
    path: str
    #: ``ok``, ``unchanged``, ``error``, ``unsupported``, ``too_large``, ``gone``, ``skipped``.
    status: str
    tally: Tally = field(default_factory=Tally)
    code: str | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()

    def line(self) -> str:
        """One readable line for logs and the CLI."""
        t = self.tally
        if self.status == "ok":
            parts = [f"{t.articles} article{'s' * (t.articles != 1)}"]
            if t.duplicates:
                parts.append(f"{t.duplicates} already known")
            parts.append(f"{t.events_new} new event{'s' * (t.events_new != 1)}")
            if t.events_updated:
                parts.append(f"{t.events_updated} updated")
            if t.backfilled:
                parts.append(f"{t.backfilled} back-filled without alerts")
            if t.alerts:
                parts.append(f"{t.alerts} alert{'s' * (t.alerts != 1)} queued")
            text = f"{self.path}: " + ", ".join(parts)
            if self.warnings:
                text += f" (warning: {'; '.join(self.warnings)})"
            return text
        if self.status == "unchanged":
            return f"{self.path}: unchanged since last read"
        return f"{self.path}: {self.status}: {self.reason}"


class IngestService:
    def __init__(
        self,
        db: Database,
        *,
        root: Path,
        clock: Clock,
        extractor: Extractor,
        planner: AlertPlanner,
        max_file_size: int,
        assessor: Assessor = assess,
        on_enqueued: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = db
        # Absolute, because the watcher reports absolute paths and both must agree on what is inside.
        self.root = root.resolve()
        self.clock = clock
        self.extractor = extractor
        self.planner = planner
        self.max_file_size = max_file_size
        self.assessor = assessor
        self.on_enqueued = on_enqueued

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    async def ingest_file(self, path: Path) -> FileOutcome:
        """Read one file and ingest its articles. Never raises for anything the file does."""
        rel = self.relative(path)
        now = self.clock.now()
        try:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                target = path.resolve()
                if not target.is_relative_to(self.root.resolve()):
                    return await self._fail(
                        rel, f"link:{target}", info.st_size, info.st_mtime_ns, "symlink_outside",
                        f"symbolic link to {target}, outside the ingest folder: not followed", now,
                    )  # fmt: skip
                info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                return FileOutcome(rel, "skipped", reason="not a regular file")
            if info.st_size > self.max_file_size:
                return await self._fail(
                    rel, f"size:{info.st_size}:{info.st_mtime_ns}", info.st_size, info.st_mtime_ns, "too_large",
                    f"{info.st_size:,} bytes is over the {self.max_file_size:,}-byte limit (INGEST_MAX_FILE_SIZE)",
                    now, status="too_large",
                )  # fmt: skip
            data = await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return await self._fail(
                rel,
                f"gone:{rel}",
                0,
                0,
                "vanished",
                "the file disappeared before it could be read",
                now,
                "gone",
            )
        except PermissionError as exc:
            return await self._fail(
                rel, f"perm:{rel}", 0, 0, "unreadable", f"cannot read: {exc.strerror}", now
            )
        except OSError as exc:
            return await self._fail(rel, f"oserror:{rel}", 0, 0, "unreadable", f"cannot read: {exc}", now)

        digest = bytes_hash(data)
        async with self.db.transaction() as repo:
            state = await repo.file_state(rel)
            if state is not None and state.content_hash == digest and state.status == "ok":
                await repo.record_file(
                    rel,
                    content_hash=digest,
                    size=info.st_size,
                    mtime_ns=info.st_mtime_ns,
                    status="ok",
                    now=now,
                )
                return FileOutcome(rel, "unchanged", Tally(files=1, unchanged=1))

        mtime = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC)
        try:
            result = read_article_file(rel, data, mtime=mtime)
        except FormatError as exc:
            status = "unsupported" if exc.code == "unsupported" else "error"
            return await self._fail(
                rel, digest, info.st_size, info.st_mtime_ns, exc.code, exc.reason, now, status
            )

        tally = Tally(files=1)
        warnings = list(result.warnings)
        found: list[tuple[Article, list[LaunchEvent]]] = []
        for article in result.articles:
            article, warning = self._check_date(article, mtime, now)
            if warning:
                warnings.append(warning)
            found.append((article, self.extractor(article)))  # CPU work, outside the transaction
        # The whole file is one unit of work: its articles, events, owed alerts and its bookkeeping
        # commit together, so a crash leaves the file unprocessed and it is simply read again.
        async with self.db.transaction() as repo:
            for article, records in found:
                tally.add(await self._ingest_article(repo, article, records, origin=rel, now=now))
            for warning in warnings:
                await repo.record_error(rel, digest, "warning", warning, now)
            await repo.record_file(
                rel,
                content_hash=digest,
                size=info.st_size,
                mtime_ns=info.st_mtime_ns,
                status="ok",
                now=now,
                articles=tally.articles,
                events_new=tally.events_new,
                events_updated=tally.events_updated,
            )
        if tally.alerts:
            self.on_enqueued()
        outcome = FileOutcome(rel, "ok", tally, warnings=tuple(warnings))
        log.info("%s", outcome.line())
        return outcome

    def _check_date(
        self, article: Article, mtime: dt.datetime, now: dt.datetime
    ) -> tuple[Article, str | None]:
        """A publication time in the future is a wrong stamp: fall back to the file's time and say so."""
        if article.published_at <= now + FUTURE_TOLERANCE:
            return article, None
        fallback = min(mtime, now)
        warning = (
            f"publication date {article.published_at.isoformat()} is in the future; "
            f"used the file's time {fallback.isoformat()} instead"
        )
        return replace(article, published_at=fallback, published_inferred=True), warning

    async def _fail(
        self,
        rel: str,
        digest: str,
        size: int,
        mtime_ns: int,
        code: str,
        reason: str,
        now: dt.datetime,
        status: str = "error",
    ) -> FileOutcome:
        async with self.db.transaction() as repo:
            news = await repo.record_error(rel, digest, code, reason, now)
            await repo.record_file(
                rel, content_hash=digest, size=size, mtime_ns=mtime_ns, status=status, now=now, code=code,
                reason=reason,
            )  # fmt: skip
        outcome = FileOutcome(rel, status, Tally(files=1, errors=1), code=code, reason=reason)
        if news:  # logged once per file content and kind of failure, however often it is seen
            log.warning("%s", outcome.line())
        return outcome

    async def ingest_article(self, article: Article, *, origin: str) -> Tally:
        """Store one article and everything it reports, in one transaction."""
        now = self.clock.now()
        records = self.extractor(article)
        async with self.db.transaction() as repo:
            tally = await self._ingest_article(repo, article, records, origin=origin, now=now)
        if tally.alerts:
            self.on_enqueued()
        return tally

    async def _ingest_article(
        self, repo: Repo, article: Article, records: list[LaunchEvent], *, origin: str, now: dt.datetime
    ) -> Tally:
        tally = Tally(articles=1)
        digest = article_hash(article)
        if await repo.article_id_by_hash(digest) is not None or (
            article.external_id is not None and await repo.has_external_id(article.external_id)
        ):
            tally.duplicates = 1
            return tally
        article_id = await repo.add_article(article, digest, origin, now)
        event_changes = [await self._store_report(repo, article, article_id, r, now) for r in records]
        for change in event_changes:
            if change.created:
                tally.events_new += 1
            elif change.changes:
                tally.events_updated += 1
            deliveries = await self.planner.plan(repo, change, now)
            tally.alerts += await repo.enqueue(deliveries, now)
        tally.backfilled = backfilled(event_changes, now, self.planner.max_age)
        return tally

    async def _store_report(
        self, repo: Repo, article: Article, article_id: int, record: LaunchEvent, now: dt.datetime
    ) -> EventChange:
        report = Report(str(article_id), article.published_at, record)
        candidates = [c for c in await repo.candidate_events(record) if same_launch(c.record, record)]
        # The closest date wins when a report could belong to launches on neighbouring days.
        candidates.sort(key=lambda c: (abs((c.record.date - record.date).days), c.id))
        previous: StoredEvent | None = None
        if candidates:
            stored = candidates[0]
            await repo.add_report(stored.id, article_id, record, now)
            before = MergedEvent(
                record=stored.record,
                support={k: tuple(map(str, v)) for k, v in stored.support.items()},
                conflicts={},
            )
            merged = merge_reports(await repo.reports_of(stored.id))
            diff = changes(before, merged)
            await repo.update_event(stored.id, merged, [(c.field, str(c.old), str(c.new)) for c in diff], now)
            event_id, created, previous = stored.id, False, stored
        else:
            merged = merge_reports([report])
            event_id = await repo.create_event(merged, now)
            await repo.add_report(event_id, article_id, record, now)
            diff, created = (), True
        if created or diff:
            # assess() reads only what happened before the event, so the history can be every earlier event.
            # assess() looks only at what came before the event's date, so the event itself is harmless here.
            assessment = self.assessor(merged.record, await repo.history_until(merged.record.date))
            await repo.set_level(event_id, assessment.level, assessment.reasons)
        event = await repo.event(event_id)
        assert event is not None
        return EventChange(event=event, created=created, changes=tuple(diff), before=previous)
