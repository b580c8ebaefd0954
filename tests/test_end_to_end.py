"""The whole path as a user meets it: a real ``launchwatch run`` process, the real python-telegram-bot
HTTP stack, a real ingest folder and database, and the project's Bot API stand-in playing Telegram."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.testing.fake_telegram import FakeTelegram

ROOT = Path(__file__).parents[1]
TOKEN = "424242:AAEend-to-end-test-token-xxxxxxxx"
ALICE = 5001


def drop(src: Path, ingest: Path, name: str) -> None:
    """Put a file into the folder the way a careful writer does: write aside, then rename."""
    tmp = ingest / f".{name}.part"
    shutil.copyfile(src, tmp)
    tmp.replace(ingest / name)


@asynccontextmanager
async def launchwatch(
    tg: FakeTelegram, workdir: Path, log: Path, *, api_url: str | None = None
) -> AsyncIterator[asyncio.subprocess.Process]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "INGEST_"))},
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_url or tg.base_url,
        "DATABASE_URL": f"sqlite:///{workdir / 'lw.db'}",
        "INGEST_DIR": str(workdir / "ingest"),
        "ALERT_MAX_AGE": "off",
    }
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=workdir, env=env, stdout=out, stderr=out
        )
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                proc.kill()
                await proc.wait()


def processed(workdir: Path, name: str) -> bool:
    with sqlite3.connect(workdir / "lw.db") as conn:
        return conn.execute("SELECT 1 FROM ingest_files WHERE path = ?", (name,)).fetchone() is not None


async def until(predicate: object, wait: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + wait
    while not predicate():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


@pytest.mark.slow
async def test_subscribe_drop_an_article_get_two_alerts_and_nothing_twice(tmp_path: Path) -> None:
    ingest = tmp_path / "ingest"
    ingest.mkdir()
    log = tmp_path / "launchwatch.log"
    seed = ROOT / "seeds" / "seed000.txt"

    async with FakeTelegram(token=TOKEN) as tg:
        async with launchwatch(tg, tmp_path, log):
            await tg.wait_for(lambda: any(c.method == "setMyCommands" for c in tg.calls), timeout=30)
            commands = next(c for c in tg.calls if c.method == "setMyCommands")
            assert "latest" in str(commands.params)

            tg.push_message(ALICE, "/subscribe")
            (reply,) = await tg.wait_for_messages(ALICE, 1)
            assert reply.text.startswith("Subscribed")

            # A seed article arrives: North Korea's launch and the allies' response are two alerts.
            drop(seed, ingest, "seed000.txt")
            messages = await tg.wait_for_messages(ALICE, 3, timeout=20)
            alerts = [m.text for m in messages[1:]]
            nk = next(
                a for a in alerts if a.startswith("🚨") and "North Korea fired 8 short-range ballistic" in a
            )
            assert "Sun 5 Jun 2022" in nk
            allies = next(a for a in alerts if "South Korea and the United States fired 8" in a)
            assert "Mon 6 Jun 2022" in allies
            assert "East Sea" in allies
            assert all(m.html and "<b>" in m.html for m in messages[1:]), "alerts are sent as HTML"

            tg.push_message(ALICE, "/latest")
            (latest,) = (await tg.wait_for_messages(ALICE, 4))[3:]
            lines = latest.text.splitlines()
            newest, older = lines[1], lines[2]
            assert "2022-06-06" in newest, "newest first"
            assert "South Korea" in newest
            assert "2022-06-05" in older
            assert "North Korea" in older
            assert "8 × SRBM" in older

            # The same article under another name: recognised, nothing new is sent.
            drop(seed, ingest, "the-same-story-again.txt")
            await until(lambda: processed(tmp_path, "the-same-story-again.txt"))
            await asyncio.sleep(1.0)
            assert len(tg.messages(ALICE)) == 4

        # Restart on the same database: nothing is re-sent, and the bot still answers.
        async with launchwatch(tg, tmp_path, log):
            polls_before = sum(c.method == "getUpdates" for c in tg.calls)
            await tg.wait_for(
                lambda: sum(c.method == "getUpdates" for c in tg.calls) > polls_before, timeout=30
            )
            await asyncio.sleep(1.5)
            assert len(tg.messages(ALICE)) == 4, log.read_text()
            tg.push_message(ALICE, "/latest 1")
            (again,) = (await tg.wait_for_messages(ALICE, 5))[4:]
            assert "2022-06-06" in again.text
        assert "Traceback" not in log.read_text(), log.read_text()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.slow
async def test_telegram_down_at_start_the_archive_is_read_and_alerts_wait_until_it_answers(
    tmp_path: Path,
) -> None:
    ingest = tmp_path / "ingest"
    ingest.mkdir()
    log = tmp_path / "launchwatch.log"
    shutil.copyfile(ROOT / "seeds" / "seed000.txt", ingest / "already-here.txt")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    cli = [
        sys.executable,
        "-m",
        "bot",
        "chats",
        "add",
        str(ALICE),
        "--database-url",
        f"sqlite:///{tmp_path / 'lw.db'}",
    ]
    added = await asyncio.create_subprocess_exec(*cli, cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)})
    assert await added.wait() == 0

    # Nothing listens on Telegram's address yet: every request is refused.
    port = free_port()
    tg = FakeTelegram(token=TOKEN, port=port)
    tg.add_chat(ALICE, "private", first_name="Alice")
    try:
        async with launchwatch(tg, tmp_path, log, api_url=f"http://127.0.0.1:{port}/bot"):
            await until(lambda: processed(tmp_path, "already-here.txt"))
            drop(ROOT / "seeds" / "seed002.txt", ingest, "arrived-later.txt")
            await until(lambda: processed(tmp_path, "arrived-later.txt"))
            assert "cannot be reached" in log.read_text()

            await tg.start()  # Telegram is back
            messages = await tg.wait_for_messages(ALICE, 3, timeout=60)
    finally:
        await tg.stop()
    alerts = [m.text for m in messages]
    assert sum("North Korea fired 8 short-range ballistic" in a for a in alerts) == 1, alerts
    assert any("17 Nov 2022" in a for a in alerts), alerts
    assert "Traceback" not in log.read_text(), log.read_text()
