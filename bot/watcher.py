"""The ingest folder: catch up on what is there, then react to every new or changed file.

Files are only ever read: launchwatch never moves or deletes what people put in the folder.
What was processed is remembered in the database (path, size, modification time, content hash).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchfiles import Change, awatch

from bot.services.ingest import FileOutcome, IngestService, Tally

log = logging.getLogger(__name__)

#: Names that writers use while a file is still being written, and editors' scratch files.
TEMPORARY_SUFFIXES = (".part", ".tmp", ".temp", ".crdownload", ".download", ".swp", ".swx", "~")

#: How long a file's size must hold still before it is read (writers that do not rename atomically).
SETTLE_SECONDS = 0.05
SETTLE_LIMIT_SECONDS = 30.0


def is_candidate(root: Path, path: Path) -> bool:
    """Hidden files, files in hidden folders and temporary files are not articles (yet)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if not parts or any(p.startswith(".") for p in parts):
        return False
    name = parts[-1]
    return not (name.endswith(TEMPORARY_SUFFIXES) or (name.startswith("#") and name.endswith("#")))


class Watcher:
    def __init__(
        self,
        ingest: IngestService,
        *,
        progress: bool | None = None,
        on_file: Callable[[FileOutcome], None] | None = None,
    ) -> None:
        self.ingest = ingest
        self.root = ingest.root
        #: None: show a progress bar when stderr is a terminal and the catch-up is large.
        self.progress = progress
        self.on_file = on_file
        #: Set once the folder is being watched: files created after this are reported by :meth:`watch`.
        self.started = asyncio.Event()

    def _files(self, errors: list[tuple[Path, OSError]]) -> list[Path]:
        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(
            self.root, onerror=lambda e: errors.append((Path(e.filename), e))
        ):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if is_candidate(self.root, path):
                    found.append(path)
        return found

    async def scan_once(self) -> Tally:
        """Ingest every file not yet processed in its current state. The one-shot form of :meth:`watch`."""
        self.root.mkdir(parents=True, exist_ok=True)
        dir_errors: list[tuple[Path, OSError]] = []
        files = await asyncio.to_thread(self._files, dir_errors)
        tally = Tally()
        for folder, exc in dir_errors:
            outcome = await self.ingest._fail(
                self.ingest.relative(folder), f"dir:{folder}", 0, 0, "unreadable_folder",
                f"cannot list folder: {exc.strerror or exc}", self.ingest.clock.now(),
            )  # fmt: skip
            tally.errors += 1
            self._report(outcome)
        async with self.ingest.db.transaction() as repo:
            states = await repo.file_states()
        todo = []
        for path in files:
            try:
                info = path.lstat()
            except OSError:
                continue
            state = states.get(self.ingest.relative(path))
            if state is not None and (state.size, state.mtime_ns) == (info.st_size, info.st_mtime_ns):
                continue  # this version of the file was processed (or failed) before
            todo.append(path)
        bar = self._bar(len(todo))
        try:
            for path in todo:
                outcome = await self.ingest.ingest_file(path)
                tally.add(outcome.tally)
                self._report(outcome)
                if bar is not None:
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()
        return tally

    def _bar(self, total: int) -> Any:
        show = self.progress if self.progress is not None else (sys.stderr.isatty() and total >= 20)
        if not show or total == 0:
            return None
        from tqdm import tqdm

        return tqdm(total=total, unit="file", desc="ingest", file=sys.stderr, leave=False)

    def _report(self, outcome: FileOutcome) -> None:
        if self.on_file is not None:
            self.on_file(outcome)

    async def watch(self, stop: asyncio.Event) -> None:
        """React to new and changed files until ``stop`` is set."""
        self.root.mkdir(parents=True, exist_ok=True)
        changes_feed = awatch(
            self.root,
            stop_event=stop,
            watch_filter=lambda change, path: (
                change != Change.deleted and is_candidate(self.root, Path(path))
            ),
            step=20,
            debounce=400,
            recursive=True,
            ignore_permission_denied=True,
        )
        # awatch registers its watches when first iterated, before it waits for changes in a thread;
        # one turn of the loop after that is enough for the registration to have happened.
        first = asyncio.ensure_future(anext(changes_feed))
        await asyncio.sleep(0.05)
        self.started.set()
        try:
            changes = await first
            while True:
                await self._ingest_changed({Path(p) for _, p in changes})
                changes = await anext(changes_feed)
        except StopAsyncIteration:  # the stop event was set
            return

    async def _ingest_changed(self, paths: set[Path]) -> None:
        for path in sorted(paths):
            if not await settle(path):
                continue
            try:
                outcome = await self.ingest.ingest_file(path)
            except Exception:  # the loop boundary: one bad file must never stop the watcher
                log.exception("%s: unexpected error while ingesting", path)
                continue
            self._report(outcome)


async def settle(path: Path) -> bool:
    """Wait until the file's size stops changing. False if it vanished or is not a file."""
    waited = 0.0
    try:
        size = path.stat().st_size
        while waited < SETTLE_LIMIT_SECONDS:
            await asyncio.sleep(SETTLE_SECONDS)
            waited += SETTLE_SECONDS
            now = path.stat().st_size
            if now == size:
                return path.is_file() or path.is_symlink()
            size = now
    except OSError:
        return False
    return True
