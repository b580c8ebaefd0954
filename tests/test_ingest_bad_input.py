"""Whatever lands in the ingest folder, a bad file is recorded once with a clear reason, the user's
files stay as they were, and the good file dropped beside it is still read."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.core.extract import extract
from bot.services.alerts import AlertPlanner
from bot.services.ingest import IngestService
from bot.watcher import Watcher
from storage.db import Database

NOW = dt.datetime(2024, 11, 1, 3, 0, tzinfo=dt.UTC)

GOOD = json.dumps(
    {
        "title": "North Korea fires ballistic missile into East Sea",
        "published": "2024-10-31T09:00:00+09:00",
        "source": "Test Wire",
        "url": "https://example.org/good",
        "text": "North Korea fired a short-range ballistic missile into the East Sea on Thursday morning, "
        "South Korea's Joint Chiefs of Staff said.",
    }
)

FEED_WITH_A_BROKEN_ENTRY = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>N. Korea fires missile</title><link>https://example.org/a</link>
<pubDate>Thu, 31 Oct 2024 01:00:00 +0000</pubDate>
<description>North Korea fired a ballistic missile into the East Sea on Thursday, the JCS said.</description></item>
<item><title></title><description></description></item>
</channel></rss>"""


@pytest.fixture
async def folder(tmp_path: Path) -> AsyncIterator[tuple[Path, Database, Watcher]]:
    root = tmp_path / "ingest"
    root.mkdir()
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'lw.db'}")
    await db.create_schema()
    service = IngestService(
        db,
        root=root,
        clock=ManualClock(NOW),
        extractor=extract,
        planner=AlertPlanner(None),
        max_file_size=1024 * 1024,
    )
    yield root, db, Watcher(service, progress=False)
    await db.dispose()


def write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def make_large(root: Path, name: str) -> Path:
    path = root / name
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # a sparse 50 MB file: large on paper, instant to make
    return path


def make_outside_link(root: Path, name: str) -> Path:
    outside = root.parent / "secret.txt"
    outside.write_text("Title: not yours\n\nNorth Korea fired a missile on Monday.")
    link = root / name
    link.symlink_to(outside)
    return link


# (name, how to make it, expected code) — one row per kind of bad input.
BAD_INPUTS: list[tuple[str, Callable[[Path, str], Path], str]] = [
    ("empty.txt", lambda r, n: write(r, n, b""), "empty"),
    ("blank.md", lambda r, n: write(r, n, "   \n\n  \t\n"), "empty"),
    ("image.txt", lambda r, n: write(r, n, bytes(range(256)) * 8), "binary"),
    ("huge.txt", make_large, "too_large"),
    ("broken.json", lambda r, n: write(r, n, '{"title": "x", "text": '), "bad_json"),
    ("shape.json", lambda r, n: write(r, n, "[1, 2, 3]"), "wrong_shape"),
    ("notext.json", lambda r, n: write(r, n, '{"title": "only a title"}'), "wrong_shape"),
    (
        "nobody.html",
        lambda r, n: write(r, n, "<html><head><title>x</title></head><body></body></html>"),
        "no_body",
    ),
    ("feed.rss", lambda r, n: write(r, n, "this is not a feed at all"), "bad_feed"),
    ("report.pdf", lambda r, n: write(r, n, b"%PDF-1.7 binary"), "unsupported"),
    ("escape.txt", make_outside_link, "symlink_outside"),
]


@pytest.mark.parametrize(
    ("name", "make", "code"), BAD_INPUTS, ids=[row[2] + ":" + row[0] for row in BAD_INPUTS]
)
async def test_a_bad_file_is_recorded_and_the_good_one_beside_it_still_counts(
    folder: tuple[Path, Database, Watcher], name: str, make: Callable[[Path, str], Path], code: str
) -> None:
    root, db, watcher = folder
    bad = make(root, name)
    before = bad.lstat()
    write(root, "good.json", GOOD)

    tally = await watcher.scan_once()

    assert tally.errors == 1
    assert tally.articles == 1
    assert tally.events_new == 1
    async with db.transaction() as repo:
        (error,) = await repo.errors_since(None)
        counts = await repo.counts()
    assert error.code == code
    assert error.path == name
    assert error.reason
    assert "\n" not in error.reason, "one readable line"
    assert counts.events == 1
    after = bad.lstat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns), (
        "the user's file is untouched"
    )
    assert bad.is_symlink() or bad.exists()

    # Seen again unchanged: not read again, not recorded again.
    again = await watcher.scan_once()
    assert again.errors == 0
    async with db.transaction() as repo:
        assert len(await repo.errors_since(None)) == 1


async def test_invalid_utf8_is_decoded_with_a_warning_and_still_read(
    folder: tuple[Path, Database, Watcher],
) -> None:
    root, db, watcher = folder
    body = (
        b"Title: Missile launch\nPublished: 2024-10-31T10:00:00+09:00\n\n"
        b"North Korea fired a ballistic missile into the East Sea on Thursday, the JCS said. "
    ) + b"\xff\xfe broken bytes \xc3\x28 here."
    write(root, "latin.txt", body)
    tally = await watcher.scan_once()
    assert tally.articles == 1
    assert tally.errors == 0
    async with db.transaction() as repo:
        warnings = await repo.errors_since(None)
    assert [w.code for w in warnings] == ["warning"]


async def test_a_feed_with_a_broken_entry_keeps_the_good_one(folder: tuple[Path, Database, Watcher]) -> None:
    root, db, watcher = folder
    write(root, "wire.rss", FEED_WITH_A_BROKEN_ENTRY)
    tally = await watcher.scan_once()
    assert tally.articles == 1
    assert tally.events_new == 1
    async with db.transaction() as repo:
        assert [w.code for w in await repo.errors_since(None)] == ["warning"]


async def test_a_publication_date_in_the_future_falls_back_to_the_files_time_and_is_recorded(
    folder: tuple[Path, Database, Watcher],
) -> None:
    root, db, watcher = folder
    path = write(
        root,
        "future.txt",
        "Title: Launch\nPublished: 2031-01-01T00:00:00+09:00\n\nNorth Korea fired a ballistic missile on Thursday.",
    )
    stamp = NOW - dt.timedelta(hours=2)
    os.utime(path, (stamp.timestamp(), stamp.timestamp()))
    await watcher.scan_once()
    async with db.transaction() as repo:
        (warning,) = await repo.errors_since(None)
        events = await repo.latest_events(5)
    assert "in the future" in warning.reason
    assert events[0].record.date_inferred
    assert events[0].record.date <= NOW.date()


async def test_an_unparseable_date_uses_the_files_time_and_the_event_says_so(
    folder: tuple[Path, Database, Watcher],
) -> None:
    root, db, watcher = folder
    path = write(
        root,
        "nodate.txt",
        "Title: Launch\nPublished: the other day\n\nNorth Korea fired a ballistic missile on Thursday.",
    )
    stamp = dt.datetime(2024, 10, 31, 6, 0, tzinfo=dt.UTC)
    os.utime(path, (stamp.timestamp(), stamp.timestamp()))
    await watcher.scan_once()
    async with db.transaction() as repo:
        (event,) = await repo.latest_events(5)
        warnings = await repo.errors_since(None)
    assert event.record.date_inferred
    assert event.record.date == dt.date(2024, 10, 31)
    assert any("date" in w.reason for w in warnings)


async def test_a_file_that_vanishes_before_it_is_read_is_recorded_and_nothing_breaks(
    folder: tuple[Path, Database, Watcher],
) -> None:
    root, db, watcher = folder
    outcome = await watcher.ingest.ingest_file(root / "gone.txt")
    assert outcome.status == "gone"
    async with db.transaction() as repo:
        (error,) = await repo.errors_since(None)
    assert error.code == "vanished"


async def test_a_fixed_file_is_picked_up_again(folder: tuple[Path, Database, Watcher]) -> None:
    root, _db, watcher = folder
    path = write(root, "late.json", '{"title": "x", "text": ')
    first = await watcher.scan_once()
    assert first.errors == 1
    path.write_text(GOOD)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    second = await watcher.scan_once()
    assert second.errors == 0
    assert second.events_new == 1


async def test_hidden_and_temporary_files_are_left_for_later_and_subfolders_are_read(
    folder: tuple[Path, Database, Watcher],
) -> None:
    root, db, watcher = folder
    for name in (".hidden.json", "partial.json.part", "draft.json.tmp", "notes.json~", ".cache/x.json"):
        write(root, name, GOOD)
    write(root, "wires/2024/good.json", GOOD)
    tally = await watcher.scan_once()
    assert tally.files == 1
    assert tally.articles == 1
    async with db.transaction() as repo:
        states = await repo.file_states()
    assert list(states) == ["wires/2024/good.json"]


async def test_the_same_article_twice_is_one_article(folder: tuple[Path, Database, Watcher]) -> None:
    root, db, watcher = folder
    write(root, "a.json", GOOD)
    write(root, "b.json", GOOD)
    tally = await watcher.scan_once()
    assert tally.articles == 2
    assert tally.duplicates == 1
    assert tally.events_new == 1
    async with db.transaction() as repo:
        assert (await repo.counts()).articles == 1
        assert set(await repo.file_states()) == {"a.json", "b.json"}


def test_an_unreadable_folder_is_recorded_and_the_rest_of_the_folder_flows(tmp_path: Path) -> None:
    """Through ``launchwatch ingest`` as an unprivileged user (root reads any folder, so root drops to nobody)."""
    import shutil
    import subprocess
    import sys

    base = Path(tempfile.mkdtemp(prefix="lw-perm-"))
    try:
        base.chmod(0o777)
        root = base / "ingest"
        (root / "locked").mkdir(parents=True)
        write(root, "good.json", GOOD)
        write(root, "locked/inside.json", GOOD.replace("Thursday", "Friday"))
        for p in (root, root / "good.json"):
            p.chmod(0o755 if p.is_dir() else 0o644)
        (root / "locked").chmod(0o000)
        prefix: list[str] = []
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root without setpriv: cannot make a folder unreadable")
            prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(Path(__file__).parents[1]),
            "DATABASE_URL": f"sqlite:///{base / 'lw.db'}",
            "HOME": str(base),
        }
        run = [*prefix, sys.executable, "-m", "bot", "ingest", str(root)]
        result = subprocess.run(run, env=env, cwd=base, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "1 errors" in result.stdout, result.stdout
        assert "good.json: 1 article" in result.stdout
        listed = subprocess.run(
            [*prefix, sys.executable, "-m", "bot", "ingest", "--errors", str(root)],
            env=env, cwd=base, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert "locked: unreadable_folder: cannot list folder" in listed.stdout, listed.stdout
    finally:
        (base / "ingest" / "locked").chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)
