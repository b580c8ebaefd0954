"""Turning what a reader found in a file into a valid ``Article``: one place for the fallbacks.

Every reader hands over raw fields; here the text is normalised, a missing title becomes the first
sentence, and a missing or unreadable date becomes the file's modification time, with a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.core.errors import FormatError
from bot.core.formats.dates import parse_stamp
from bot.core.formats.prose import first_sentence_title, normalise_text, normalise_title
from bot.core.formats.tables import PLACEHOLDER_VALUES
from bot.core.records import Article


@dataclass(slots=True)
class Found:
    """The raw fields of one article as a reader found them, before any fallback."""

    text: str
    title: str | None = None
    #: Candidate publication stamps, best first: strings, JSON numbers, or aware datetimes.
    published: list[object] = field(default_factory=list)
    source: str | None = None
    url: str | None = None
    external_id: str | None = None


def assemble(found: Found, *, mtime: dt.datetime, warnings: list[str], where: str = "") -> Article:
    """A valid article from ``found``; ``FormatError(code="empty")`` when it has no text.

    ``where`` ("entry 3: ") prefixes the warnings of one entry in a many-article file.
    """
    text = normalise_text(found.text)
    if not text:
        raise FormatError(f"{where}no text", code="empty")
    title = normalise_title(found.title or "")
    if not title:
        title = first_sentence_title(text)
    published_at, inferred = _published(found.published, mtime=mtime, warnings=warnings, where=where)
    return Article(
        title=title,
        text=text,
        published_at=published_at,
        source=_optional(found.source),
        url=_optional(found.url),
        published_inferred=inferred,
        external_id=_optional(found.external_id),
    )


def _published(
    candidates: Iterable[object], *, mtime: dt.datetime, warnings: list[str], where: str
) -> tuple[dt.datetime, bool]:
    unreadable: list[str] = []
    for raw in candidates:
        if raw is None or raw == "":
            continue
        if isinstance(raw, dt.datetime) and raw.utcoffset() is not None:
            return raw, False
        stamp = parse_stamp(raw)
        if stamp is None:
            unreadable.append(_quote(raw))
            continue
        if stamp.assumed:
            warnings.append(f"{where}publication date {_quote(raw)} {stamp.assumed}")
        return stamp.when, False
    if unreadable:
        warnings.append(
            f"{where}publication date {unreadable[0]} is not a date I can read; "
            "using the file's modification time"
        )
    else:
        warnings.append(f"{where}no publication date; using the file's modification time")
    return mtime, True


def _optional(value: str | None) -> str | None:
    if value is None:
        return None
    value = normalise_title(value)
    return None if value.lower() in PLACEHOLDER_VALUES else value


def _quote(raw: object) -> str:
    shown = repr(raw) if not isinstance(raw, str) else f"'{normalise_title(raw)}'"
    return shown if len(shown) <= 60 else shown[:57] + "...'"
