"""/export: stored events as CSV, one row per event — the spec's fields, then what the store knows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.core.records import SPEC_FIELDS, StoredEvent

COLUMNS: tuple[str, ...] = (
    "id",
    *SPEC_FIELDS,
    "level",
    "level_reasons",
    "version",
    "first_seen_at",
    "date_inferred",
    "source_count",
    "source_titles",
    "source_urls",
    "evidence",
)

#: Characters a spreadsheet reads as the start of a formula; an article's text must never run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def events_csv(events: Sequence[StoredEvent]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read the Korean and the dashes right).

    Lists inside a cell (actors, sources, evidence) are joined with `` | ``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        record = event.record.to_json()
        row: list[object] = [event.id]
        for name in SPEC_FIELDS:
            value = record[name]
            row.append(" | ".join(value) if isinstance(value, list) else value)
        row += [
            event.level,
            " | ".join(event.level_reasons),
            event.version,
            event.first_seen_at.isoformat(),
            event.record.date_inferred,
            len(event.sources),
            " | ".join(s.title for s in event.sources),
            " | ".join(s.url or "" for s in event.sources),
            " | ".join(dict.fromkeys(e.sentence for e in event.record.evidence)),
        ]
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
