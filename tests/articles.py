"""Helpers for tests that read article files and build articles inline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.records import KST, Article, LaunchEvent
from bot.extract_command import reader

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT / ".." / "shared"
MTIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def load(path: Path) -> list[Article]:
    return list(reader()(path.name, path.read_bytes(), mtime=MTIME).articles)


def article(text: str, published: str, title: str = "") -> Article:
    """An article published at ``published`` (ISO 8601; Korea time when it has no offset)."""
    when = dt.datetime.fromisoformat(published)
    if when.tzinfo is None:
        when = when.replace(tzinfo=KST)
    return Article(title=title, text=text, published_at=when)


def events(text: str, published: str, title: str = "") -> list[LaunchEvent]:
    from bot.core.extract import extract

    return extract(article(text, published, title))


def news(text: str, published: str, title: str = "") -> list[LaunchEvent]:
    """Only the launches reported as news."""
    return [e for e in events(text, published, title) if e.status.value == "new"]
