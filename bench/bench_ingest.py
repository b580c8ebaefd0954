"""Ingest benchmarks (launchwatch issue 4). Prints figures; never fails on a slow machine.

1. Latency: a file is atomically renamed into the watched folder of a running launchwatch (real
   watcher, real SQLite file, real python-telegram-bot against the Bot API stand-in); the clock stops
   when the alert's sendMessage request reaches the stand-in. p50 and p95 over N files. Files
   arrive one every ``--interval`` seconds (default 1.1): Telegram allows one message a second
   to a private chat, and the dispatcher keeps to that, so faster drops would measure the limit.
2. Catch-up: N article files already in the folder when launchwatch starts; articles per second end
   to end into SQLite, printed beside extraction alone on the same articles.

    python bench/bench_ingest.py                 # 200 latency files, 10,000 catch-up files
    python bench/bench_ingest.py --latency 50 --catch-up 1000
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import running  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core.extract import extract  # noqa: E402
from bot.core.formats import read_article_file  # noqa: E402
from bot.services.alerts import AlertPlanner  # noqa: E402
from bot.services.ingest import IngestService  # noqa: E402
from bot.testing.fake_telegram import FakeTelegram  # noqa: E402
from bot.watcher import Watcher  # noqa: E402
from storage.db import Database  # noqa: E402

TOKEN = "777000:AAEbenchmark-token-xxxxxxxxxxxxxxx"
CHAT = 9001
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
KST = dt.timezone(dt.timedelta(hours=9))


#: The first article's launch day: far enough back that 10,000 launches three days apart all lie in the
#: past (a publication date in the future would be refused as a wrong stamp).
FIRST_DAY = dt.date(1940, 1, 1)


def article(i: int) -> dict[str, str]:
    """A distinct launch per i: its own date, three days from the next (so no two merge), count and marker."""
    day = FIRST_DAY + dt.timedelta(days=3 * i)
    published = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9, 0), tzinfo=KST)
    count = 1 + i % 7
    return {
        "title": f"North Korea fires missiles, bulletin {i}",
        "published": published.isoformat(),
        "source": "Bench Wire",
        "url": f"https://example.org/bench/{i}",
        "text": (
            f"North Korea fired {count} short-range ballistic missiles into the East Sea on "
            f"{WEEKDAYS[day.weekday()]}, South Korea's Joint Chiefs of Staff said. "
            f"The missiles flew about {100 + i % 500} km. Bulletin number {i}."
        ),
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def latency(n: int, interval: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ingest = work / "ingest"
        ingest.mkdir()
        async with FakeTelegram(token=TOKEN) as tg:
            settings = Settings.from_env(
                {
                    "TELEGRAM_BOT_TOKEN": TOKEN,
                    "TELEGRAM_API_URL": tg.base_url,
                    "DATABASE_URL": f"sqlite:///{work / 'lw.db'}",
                    "INGEST_DIR": str(ingest),
                    "ALERT_MAX_AGE": "off",
                    "LOG_LEVEL": "WARNING",
                }
            )
            async with running(settings, clock=SystemClock()):
                tg.push_message(CHAT, "/subscribe")
                await tg.wait_for_messages(CHAT, 1, timeout=30)
                samples: list[float] = []
                for i in range(n):
                    await asyncio.sleep(interval)
                    before = len(tg.messages(CHAT))
                    staged = work / f"a{i}.json"
                    staged.write_text(json.dumps(article(i)))
                    start = time.perf_counter()
                    staged.rename(ingest / staged.name)
                    await tg.wait_for(lambda b=before: len(tg.messages(CHAT)) > b, timeout=30)
                    samples.append(time.perf_counter() - start)
                    print(f"\r  latency: {i + 1}/{n}", end="", file=sys.stderr, flush=True)
                print(file=sys.stderr)
    print(
        f"rename → alert at the Bot API: n={n}  p50={pct(samples, 0.5) * 1000:.0f} ms  "
        f"p95={pct(samples, 0.95) * 1000:.0f} ms  max={max(samples) * 1000:.0f} ms  (targets: p50 ≤ 300 ms, p95 ≤ 1 s)"
    )


async def catch_up(n: int, rounds: int) -> None:
    if FIRST_DAY + dt.timedelta(days=3 * n) > dt.date.today():
        raise SystemExit(f"--catch-up {n}: the last articles would be dated in the future; use fewer files")
    payloads = [json.dumps(article(i)).encode() for i in range(n)]
    mtime = dt.datetime.now(dt.UTC)
    articles = [read_article_file(f"a{i}.json", p, mtime=mtime).articles[0] for i, p in enumerate(payloads)]
    extract_rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for a in articles:
            extract(a)
        extract_rates.append(n / (time.perf_counter() - start))
    rates = []
    for r in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "ingest"
            folder.mkdir()
            for i, p in enumerate(payloads):
                (folder / f"a{i:05d}.json").write_bytes(p)
            db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'lw.db'}")
            await db.create_schema()
            service = IngestService(
                db,
                root=folder,
                clock=SystemClock(),
                extractor=extract,
                planner=AlertPlanner(dt.timedelta(hours=72)),
                max_file_size=20 * 1024 * 1024,
            )
            start = time.perf_counter()
            tally = await Watcher(service, progress=sys.stderr.isatty()).scan_once()
            rates.append(tally.articles / (time.perf_counter() - start))
            await db.dispose()
            print(
                f"  catch-up round {r + 1}/{rounds}: {rates[-1]:,.0f} articles/s "
                f"({tally.articles:,} articles, {tally.events_new:,} new events, {tally.errors} errors)",
                file=sys.stderr,
            )
    print(
        f"catch-up of {n:,} files into SQLite: median {statistics.median(rates):,.0f} articles/s end to end; "
        f"extraction alone {statistics.median(extract_rates):,.0f} articles/s (medians of {rounds})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--latency", type=int, default=200, metavar="N")
    parser.add_argument("--catch-up", type=int, default=10_000, metavar="N")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--interval", type=float, default=1.1, metavar="SECONDS", help="between latency drops"
    )
    args = parser.parse_args()
    if args.latency:
        asyncio.run(latency(args.latency, args.interval))
    if args.catch_up:
        asyncio.run(catch_up(args.catch_up, args.rounds))


if __name__ == "__main__":
    main()
