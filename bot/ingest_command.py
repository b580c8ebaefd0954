"""``launchwatch ingest``: ingest without the bot. Alerts are still decided and queued in the outbox,
so a bot process on the same database delivers them; this is how ingest runs in its own process."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from bot.clock import SystemClock
from bot.config import Settings
from bot.core.extract import extract
from bot.services.alerts import AlertPlanner
from bot.services.ingest import FileOutcome, IngestService, Tally
from bot.watcher import Watcher
from storage.db import Database


def summary(t: Tally) -> str:
    return (
        f"{t.files} files, {t.articles} articles ({t.duplicates} already known), "
        f"{t.events_new} new events, {t.events_updated} updated, {t.backfilled} back-filled, "
        f"{t.alerts} alerts queued, {t.errors} errors"
    )


async def run_ingest(settings: Settings, *, watch: bool, errors: bool) -> int:
    db = Database(settings.database_url)
    try:
        await db.create_schema()
        if errors:
            async with db.transaction() as repo:
                recorded = await repo.errors_since(None)
            for e in recorded:
                print(f"{e.at:%Y-%m-%d %H:%M:%S} UTC  {e.path}: {e.code}: {e.reason}")
            print(f"{len(recorded)} recorded ingest error{'s' * (len(recorded) != 1)}.")
            return 0
        clock = SystemClock()
        service = IngestService(
            db,
            root=settings.ingest_dir,
            clock=clock,
            extractor=extract,
            planner=AlertPlanner(settings.alert_max_age),
            max_file_size=settings.max_file_size,
        )

        def on_file(outcome: FileOutcome) -> None:
            if outcome.status != "unchanged":
                print(outcome.line(), flush=True)

        watcher = Watcher(service, on_file=on_file)
        if not watch:
            print(summary(await watcher.scan_once()), flush=True)
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        # Watch first, then catch up, so nothing that arrives in between is missed.
        watching = asyncio.create_task(watcher.watch(stop))
        await watcher.started.wait()
        print(summary(await watcher.scan_once()), flush=True)
        print(f"Watching {settings.ingest_dir}; Ctrl-C stops.", file=sys.stderr, flush=True)
        await watching
        return 0
    finally:
        await db.dispose()
