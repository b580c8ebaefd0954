"""Format readers: one file's bytes to articles. Pure: no filesystem, clock or network.

``read_article_file`` is the one entry point. It picks a reader by the file's extension (or, for a
name without one, by its content), and every way the bytes can be bad ends in a ``FormatError``
with a short ``code``: ``unsupported``, ``empty``, ``binary``, ``bad_json``, ``wrong_shape``,
``no_body`` or ``bad_feed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.core.errors import FormatError, UnsupportedFormat
from bot.core.formats.decoding import decode
from bot.core.formats.detect import format_for_name, sniff
from bot.core.formats.feed_reader import read_feed
from bot.core.formats.html_reader import read_html
from bot.core.formats.json_reader import read_json, read_json_lines
from bot.core.formats.mail_reader import read_mail
from bot.core.formats.plain_reader import read_plain
from bot.core.formats.tables import Format
from bot.core.records import ReadResult

__all__ = ["Format", "FormatError", "ReadResult", "UnsupportedFormat", "read_article_file"]

Reader = Callable[..., ReadResult]

_READERS: dict[Format, Reader] = {
    Format.TEXT: read_plain,
    Format.MARKDOWN: lambda data, *, mtime: read_plain(data, mtime=mtime, markdown=True),
    Format.JSON: read_json,
    Format.JSONL: read_json_lines,
    Format.HTML: read_html,
    Format.FEED: read_feed,
    Format.EMAIL: read_mail,
}


def read_article_file(name: str, data: bytes, *, mtime: dt.datetime) -> ReadResult:
    """The articles in one file, and warnings worth recording.

    ``name`` (a file name or relative path) picks the format; ``mtime`` (timezone-aware) stands in
    for a publication time the file does not give. Raises ``FormatError`` when the file yields no
    article, ``UnsupportedFormat`` when it is not a format we read; never anything else.
    """
    if mtime.tzinfo is None or mtime.utcoffset() is None:
        # The caller's mistake, not the file's: failing every file as unreadable would hide it.
        raise ValueError("read_article_file needs a timezone-aware mtime")
    kind = format_for_name(name)
    if kind is None:
        kind = sniff(decode(data).text)
        result = _READERS[kind](data, mtime=mtime)
        note = f"no file extension; read as {kind.value} by its content"
        return ReadResult(result.articles, (note, *result.warnings))
    return _READERS[kind](data, mtime=mtime)
