"""Webhook mode through the stand-in's setWebhook delivery: two bot instances behind a load balancer
answer every update, a POST without Telegram's secret header is refused, and an alert queued by a
separate ``launchwatch ingest`` process is delivered by a ``launchwatch run --webhook`` process."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import socket
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.app import running
from bot.config import Settings
from bot.testing.fake_telegram import FakeTelegram
from tests.conftest import POSTGRES_URL
from tests.outbox_kit import TOKEN, throwaway_postgres

ROOT = Path(__file__).parents[1]
SECRET = "launchwatch-test-secret"
ALICE = 5001


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def load_balancer(backends: list[str]) -> AsyncIterator[tuple[str, Counter[str]]]:
    """Round robin over the backends, passing Telegram's headers through; counts who got what."""
    turns = itertools.cycle(backends)
    served: Counter[str] = Counter()
    session = aiohttp.ClientSession()

    async def forward(request: web.Request) -> web.Response:
        backend = next(turns)
        served[backend] += 1
        headers = {
            k: v for k, v in request.headers.items() if k.lower().startswith(("x-telegram", "content-type"))
        }
        async with session.post(backend, data=await request.read(), headers=headers) as answer:
            return web.Response(status=answer.status, body=await answer.read())

    app = web.Application()
    app.router.add_post("/hook", forward)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/hook", served
    finally:
        await runner.cleanup()
        await session.close()


def settings(tg: FakeTelegram, tmp: Path, name: str, webhook: str, port: int, db_url: str) -> Settings:
    (tmp / name).mkdir()
    return Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": tg.base_url,
            "DATABASE_URL": db_url,
            "INGEST_DIR": str(tmp / name),
            "WEBHOOK_URL": webhook,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "PORT": str(port),
            "WEBHOOK_SECRET": SECRET,
        }
    )


async def test_two_instances_behind_a_load_balancer_answer_every_update_and_refuse_forgeries(
    tmp_path: Path,
) -> None:
    db_url = f"sqlite:///{tmp_path / 'lw.db'}"
    ports = [free_port(), free_port()]
    backends = [f"http://127.0.0.1:{port}/hook" for port in ports]
    async with FakeTelegram(token=TOKEN) as tg, load_balancer(backends) as (public, served):
        first = settings(tg, tmp_path, "a", public, ports[0], db_url)
        second = settings(tg, tmp_path, "b", public, ports[1], db_url)
        async with running(first), running(second):
            assert tg.webhook_url == public
            users = range(ALICE, ALICE + 6)
            for user in users:
                tg.push_message(user, "/subscribe")
            for user in users:
                (reply,) = await tg.wait_for_messages(user, 1, timeout=10)
                assert reply.text.startswith("Subscribed")
            assert sorted(served.values()) == [3, 3], "both instances took their share"

            # Someone who is not Telegram posts an update straight to an instance: refused.
            forged = {
                "update_id": 999,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 7, "type": "private"},
                    "text": "/start",
                },
            }
            async with aiohttp.ClientSession() as session:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
                    async with session.post(backends[0], json=forged, headers=headers) as answer:
                        assert answer.status == 403
            await asyncio.sleep(0.3)
            assert tg.messages(7) == []


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    not POSTGRES_URL, reason="set LAUNCHWATCH_TEST_POSTGRES_URL to run on PostgreSQL"
                ),
            ],
        ),
    ]
)
async def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lw.db'}"
        return
    async with throwaway_postgres(POSTGRES_URL or "") as url:
        yield url


@pytest.mark.slow
async def test_an_alert_queued_by_an_ingest_process_is_delivered_by_a_bot_process(
    shared_url: str, tmp_path: Path
) -> None:
    (tmp_path / "bot-folder").mkdir()
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copyfile(ROOT / "seeds" / "seed000.txt", articles / "seed000.txt")
    port = free_port()
    log = tmp_path / "processes.log"
    async with FakeTelegram(token=TOKEN) as tg:
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("TELEGRAM_", "DATABASE_", "INGEST_", "WEBHOOK_"))
            },
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": tg.base_url,
            "DATABASE_URL": shared_url,
            "ALERT_MAX_AGE": "off",
            "WEBHOOK_SECRET": SECRET,
        }
        with log.open("ab") as out:
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--webhook", f"http://127.0.0.1:{port}/telegram",
                "--port", str(port), "--ingest-dir", str(tmp_path / "bot-folder"),
                env={**env, "WEBHOOK_LISTEN": "127.0.0.1"}, stdout=out, stderr=out,
            )  # fmt: skip
        try:
            await tg.wait_for(lambda: tg.webhook_url is not None, timeout=30)
            tg.push_message(ALICE, "/subscribe")
            (reply,) = await tg.wait_for_messages(ALICE, 1, timeout=10)
            assert reply.text.startswith("Subscribed")

            with log.open("ab") as out:
                ingest = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "ingest", str(articles), env=env, stdout=out, stderr=out
                )
            assert await ingest.wait() == 0
            assert "2 alerts queued" in log.read_text()

            messages = await tg.wait_for_messages(ALICE, 3, timeout=15)
            assert any("North Korea fired 8 short-range ballistic" in m.text for m in messages[1:])
            assert any("South Korea and the United States fired 8" in m.text for m in messages[1:])
        finally:
            bot.terminate()
            await asyncio.wait_for(bot.wait(), 20)
    assert "Receiving updates at http://127.0.0.1" in log.read_text()
    assert "Traceback" not in log.read_text(), log.read_text()


def test_a_webhook_must_be_https_except_on_this_machine_and_the_flag_sets_it() -> None:
    import argparse

    from bot.cli import build_parser, settings_from
    from bot.config import ConfigError

    with pytest.raises(ConfigError, match="https"):
        Settings.from_env({"WEBHOOK_URL": "http://bot.example.org/hook"})
    assert Settings.from_env({"WEBHOOK_URL": "http://127.0.0.1:8080/hook"}).webhook_url
    args: argparse.Namespace = build_parser().parse_args(
        ["run", "--webhook", "https://bot.example.org/tg", "--port", "9000"]
    )
    chosen = settings_from(args, {})
    assert (chosen.webhook_url, chosen.webhook_port) == ("https://bot.example.org/tg", 9000)
