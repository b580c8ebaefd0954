"""``launchwatch extract PATH... [--json]``: run the extractor over article files and print the events."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.core.errors import FormatError
from bot.core.extract import extract
from bot.core.formats import read_article_file
from bot.core.records import LaunchEvent


def run_extract(paths: Sequence[str], *, as_json: bool, out: TextIO) -> int:
    """Print each file's events (one JSON object per file with ``as_json``). Exit code 2 without paths."""
    if not paths:
        out.write("usage: launchwatch extract PATH... [--json]\n")
        return 2
    for path in paths:
        file = Path(path)
        name = file.name
        try:
            data = file.read_bytes()
            mtime = dt.datetime.fromtimestamp(file.stat().st_mtime, tz=dt.UTC)
            result = read_article_file(name, data, mtime=mtime)
        except (OSError, FormatError) as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            _report(out, name, [], as_json=as_json, error=reason)
            continue
        events = [event for article in result.articles for event in extract(article)]
        _report(out, name, events, as_json=as_json)
    return 0


def _report(
    out: TextIO, name: str, events: list[LaunchEvent], *, as_json: bool, error: str | None = None
) -> None:
    if as_json:
        record: dict[str, object] = {"file": name, "events": [e.to_json() for e in events]}
        if error is not None:
            record["error"] = error
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if error is not None:
        out.write(f"{name}: cannot read: {error}\n")
        return
    out.write(f"{name}: {len(events)} event{'s' if len(events) != 1 else ''}\n")
    for e in events:
        count = "?" if e.count is None else str(e.count)
        if e.count_qualifier.value == "at_least":
            count = f">={count}"
        elif e.count_qualifier.value == "approximate":
            count = f"~{count}"
        parts = [
            f"  {e.date.isoformat()} [{e.status.value}]",
            "+".join(a.value for a in e.actors),
            e.kind.value,
            f"n={count}",
            e.missile_class.value,
        ]
        if e.system:
            parts.append(e.system)
        if e.launch_site:
            parts.append(f"from {e.launch_site}")
        if e.landing.value != "unknown":
            parts.append(f"-> {e.landing.value}")
        if e.outcome.value != "unknown":
            parts.append(e.outcome.value)
        out.write(" ".join(parts) + "\n")
