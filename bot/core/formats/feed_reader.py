"""RSS and Atom feed files: every entry is an article (feedparser does the XML)."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import io
import re
from typing import Any

import feedparser

from bot.core.errors import FormatError
from bot.core.formats.assembly import Found, assemble
from bot.core.formats.decoding import declared_encoding, decode
from bot.core.formats.markup import fragment_text
from bot.core.formats.prose import normalise_text
from bot.core.records import Article, ReadResult

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PLAIN_TYPES = frozenset({"text/plain"})


def read_feed(data: bytes, *, mtime: dt.datetime) -> ReadResult:
    decoded = decode(data, declared=declared_encoding(data))
    warnings = list(decoded.warnings)
    parsed = _parse(decoded.text)
    entries: list[Any] = list(parsed.get("entries") or [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if problem is not None:
            raise FormatError(f"not a feed: {_one_line(problem)}", code="bad_feed")
        if not parsed.get("version"):
            raise FormatError("not a feed: no <rss>, <feed> or RDF root", code="bad_feed")
        raise FormatError("the feed has no entries", code="bad_feed")
    if problem is not None:
        warnings.append(f"the feed is not well-formed ({_one_line(problem)}); read leniently")
    feed_title = (parsed.get("feed") or {}).get("title")
    articles: list[Article] = []
    skipped: list[str] = []
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}: "
        try:
            articles.append(_article(entry, feed_title, mtime=mtime, warnings=warnings, where=where))
        except FormatError as err:
            skipped.append(f"{err.reason}; entry skipped")
    if not articles:
        raise FormatError(f"no usable entries: {skipped[0]}", code="bad_feed")
    warnings.extend(skipped)
    return ReadResult(tuple(articles), tuple(warnings))


def _parse(text: str) -> Any:
    # feedparser fetches a str that looks like a URL and opens one that names a file, even bytes;
    # a stream is only ever read. The text is decoded already, so the declaration must not say
    # otherwise when it is re-encoded.
    body = _XML_DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    try:
        return feedparser.parse(io.BytesIO(body.encode("utf-8", "replace")))
    except Exception as err:  # feedparser is lenient, but its sanitiser meets odd markup
        raise FormatError(f"not a feed: {_one_line(err)}", code="bad_feed") from None


def _article(
    entry: Any, feed_title: object, *, mtime: dt.datetime, warnings: list[str], where: str
) -> Article:
    title = _plain(_field(entry, "title_detail") or {}, _field(entry, "title"))
    text = _entry_text(entry)
    if not text:
        if not title:
            raise FormatError(f"{where}neither title nor text")
        warnings.append(f"{where}no description or content; the title serves as text")
        text = title
    published: list[object] = [_field(entry, "published"), _field(entry, "updated"), _field(entry, "created")]
    # feedparser reads more date dialects than we do, but only to UTC: keep its reading as the
    # fallback so the instant survives even when the offset does not.
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = _field(entry, key)
        if parsed:
            with contextlib.suppress(OverflowError, ValueError, OSError, TypeError):
                published.append(dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC))
    link = _field(entry, "link")
    identifier = _field(entry, "id") or link
    found = Found(
        text=text,
        title=title,
        published=published,
        source=feed_title if isinstance(feed_title, str) else None,
        url=link if isinstance(link, str) else None,
        external_id=identifier if isinstance(identifier, str) else None,
    )
    return assemble(found, mtime=mtime, warnings=warnings, where=where)


def _entry_text(entry: Any) -> str:
    """The fullest text an entry has: its content (content:encoded, Atom content), else its summary."""
    candidates = [(c, c.get("value")) for c in _field(entry, "content") or [] if isinstance(c, dict)]
    candidates.append((_field(entry, "summary_detail") or {}, _field(entry, "summary")))
    texts = [_plain(detail, value) for detail, value in candidates]
    return max(texts, key=len, default="")


def _plain(detail: Any, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        return ""
    # feedparser hands over sanitised HTML unless the feed says the text is plain; a summary it
    # copied from the content comes without a type at all.
    if isinstance(detail, dict) and detail.get("type") in _PLAIN_TYPES:
        return normalise_text(value)
    return fragment_text(value)


def _field(entry: Any, key: str) -> Any:
    # Plain dict access: FeedParserDict.get maps "updated" to "published" with a deprecation
    # warning, and we want to know which of the two the entry really has.
    return dict.get(entry, key) if isinstance(entry, dict) else None


def _one_line(err: object) -> str:
    return (str(err).splitlines() or [type(err).__name__])[0][:160]
