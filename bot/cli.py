"""``launchwatch``: run the service, ingest a folder, extract from files, manage the database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from bot import __version__
from bot.config import ConfigError, Settings

log = logging.getLogger("launchwatch")


def _add_settings_flags(parser: argparse.ArgumentParser, *, ingest_dir: bool = True) -> None:
    group = parser.add_argument_group("settings (each overrides its environment variable)")
    group.add_argument(
        "--database-url", metavar="URL", help="DATABASE_URL (default: sqlite:///launchwatch.db)"
    )
    if ingest_dir:
        group.add_argument("--ingest-dir", metavar="DIR", help="INGEST_DIR (default: ./ingest)")
    group.add_argument(
        "--alert-max-age", metavar="AGE", help="ALERT_MAX_AGE, e.g. 72h, 3d or off (default: 72h)"
    )
    group.add_argument("--max-file-size", metavar="SIZE", help="INGEST_MAX_FILE_SIZE (default: 20MB)")
    group.add_argument("--log-level", metavar="LEVEL", help="LOG_LEVEL: DEBUG, INFO, WARNING, ERROR")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="launchwatch",
        description="Telegram alerts and summaries for missile launches on the Korean peninsula.",
    )
    parser.add_argument("--version", action="version", version=f"launchwatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the bot: watch the ingest folder, alert chats, answer commands")
    run.add_argument(
        "--token", metavar="TOKEN", help="TELEGRAM_BOT_TOKEN (none: a console chat on this terminal)"
    )
    run.add_argument(
        "--api-url", metavar="URL", help="TELEGRAM_API_URL (default: https://api.telegram.org/bot)"
    )
    run.add_argument(
        "--webhook",
        metavar="URL",
        help="WEBHOOK_URL: receive updates at this public https URL instead of long polling",
    )
    run.add_argument("--port", metavar="PORT", help="PORT the webhook server listens on (default: 8443)")
    _add_settings_flags(run)

    dispatch = sub.add_parser(
        "dispatch",
        help="only deliver the outbox (run several beside 'run' or 'ingest --watch' on one PostgreSQL)",
    )
    dispatch.add_argument("--token", metavar="TOKEN", help="TELEGRAM_BOT_TOKEN (required)")
    dispatch.add_argument("--api-url", metavar="URL", help="TELEGRAM_API_URL")
    dispatch.add_argument("--database-url", metavar="URL", help="DATABASE_URL")
    dispatch.add_argument("--log-level", metavar="LEVEL", help="LOG_LEVEL: DEBUG, INFO, WARNING, ERROR")
    dispatch.add_argument("--once", action="store_true", help="send what is due now, then exit")
    dispatch.add_argument(
        "--concurrency", type=int, default=32, metavar="N", help="sends in flight at once (default: 32)"
    )
    dispatch.add_argument(
        "--lease",
        metavar="DURATION",
        default="60s",
        help="how long a claim holds before another dispatcher may resume it (default: 60s)",
    )
    dispatch.add_argument("--worker-id", metavar="NAME", help="this dispatcher's name in the outbox")

    extract = sub.add_parser("extract", help="print the launch events found in article files")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("--json", action="store_true", help="one JSON object per file (what score.py reads)")

    ingest = sub.add_parser("ingest", help="ingest a folder once (or keep watching it), without the bot")
    ingest.add_argument("dir", nargs="?", metavar="DIR", help="the folder (default: INGEST_DIR)")
    ingest.add_argument("--watch", action="store_true", help="keep watching after the first pass")
    ingest.add_argument("--errors", action="store_true", help="list recorded ingest errors and exit")
    _add_settings_flags(ingest, ingest_dir=False)

    chats = sub.add_parser("chats", help="subscribe a chat from here (a channel the bot administers)")
    chats_sub = chats.add_subparsers(dest="chats_command", required=True, metavar="ACTION")
    chats_add = chats_sub.add_parser("add", help="subscribe CHAT_ID (idempotent)")
    chats_add.add_argument("chat_id", type=int, metavar="CHAT_ID", help="e.g. -1001234567890 for a channel")
    chats_add.add_argument(
        "--type", choices=("channel", "supergroup", "group", "private"), help="default: guessed from the id"
    )
    chats_add.add_argument(
        "--level", type=int, choices=range(1, 6), metavar="N", help="alert level 1-5 (default: 2, or as set)"
    )
    chats_add.add_argument("--thread", type=int, metavar="ID", help="forum topic to post alerts in")
    chats_add.add_argument("--title", metavar="TITLE", help="a name to show in /status and logs")
    chats_add.add_argument("--database-url", metavar="URL", help="DATABASE_URL")

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = db_sub.add_parser("upgrade", help="create or upgrade the schema (Alembic migrations)")
    upgrade.add_argument("--database-url", metavar="URL", help="DATABASE_URL")
    revision = db_sub.add_parser(
        "revision", help="for developers: write a migration for what changed in storage/models.py"
    )
    revision.add_argument(
        "-m", "--message", required=True, help="what the revision does, e.g. 'add chats.lang'"
    )
    return parser


def settings_from(args: argparse.Namespace, environ: os._Environ[str] | dict[str, str]) -> Settings:
    overrides = {
        "telegram_bot_token": getattr(args, "token", None),
        "telegram_api_url": getattr(args, "api_url", None),
        "database_url": getattr(args, "database_url", None),
        "ingest_dir": getattr(args, "ingest_dir", None) or getattr(args, "dir", None),
        "alert_max_age": getattr(args, "alert_max_age", None),
        "ingest_max_file_size": getattr(args, "max_file_size", None),
        "log_level": getattr(args, "log_level", None),
        "webhook_url": getattr(args, "webhook", None),
        "port": getattr(args, "port", None),
    }
    return Settings.from_env(environ, **overrides)


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
        stream=sys.stderr,
    )
    # Every poll and send would be an INFO line otherwise.
    for noisy in ("httpx", "telegram.ext.Updater", "apscheduler", "aiohttp.access", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "extract":
        from bot.extract_command import run_extract

        return run_extract(args.paths, as_json=args.json, out=sys.stdout)
    try:
        settings = settings_from(args, os.environ)
    except ConfigError as exc:
        print(f"launchwatch: configuration error: {exc}", file=sys.stderr)
        return 2
    _configure_logging(settings.log_level)
    try:
        if args.command == "run":
            from bot.app import serve

            asyncio.run(serve(settings, announce=lambda line: print(line, flush=True)))
        elif args.command == "dispatch":
            from bot.config import parse_duration
            from bot.dispatch_command import run_dispatch

            return asyncio.run(
                run_dispatch(
                    settings,
                    once=args.once,
                    concurrency=max(1, args.concurrency),
                    lease=parse_duration(args.lease, "--lease"),
                    worker_id=args.worker_id,
                )
            )
        elif args.command == "ingest":
            from bot.ingest_command import run_ingest

            return asyncio.run(run_ingest(settings, watch=args.watch, errors=args.errors))
        elif args.command == "chats":
            from bot.chats_command import add_chat

            return asyncio.run(
                add_chat(
                    settings,
                    args.chat_id,
                    out=sys.stdout,
                    chat_type=args.type,
                    level=args.level,
                    thread_id=args.thread,
                    title=args.title,
                )
            )
        elif args.command == "db" and args.db_command == "revision":
            from storage.migrations import new_revision

            for path in new_revision(args.message):
                print(f"Wrote {path}: read it, then run the tests (also on PostgreSQL).")
        elif args.command == "db":
            from storage.db import Database

            async def upgrade() -> str | None:
                db = Database(settings.database_url)
                try:
                    await db.create_schema()
                    return await db.schema_revision()
                finally:
                    await db.dispose()

            revision = asyncio.run(upgrade())
            print(
                f"Database schema is up to date ({settings.database_url.split('://')[0]}, revision {revision})."
            )
    except ConfigError as exc:
        print(f"launchwatch: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # Startup failures people can fix (an unreachable database, an unwritable folder): one line.
        print(f"launchwatch: {exc}", file=sys.stderr)
        return 1
    return 0
