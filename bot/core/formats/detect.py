"""Which reader a file gets: by its extension, or by its first bytes when it has none."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from bot.core.errors import UnsupportedFormat
from bot.core.formats.tables import EMAIL_ONLY_HEADERS, EXTENSIONS, Format

_HEADER_LINE = re.compile(r"^([!-9;-~]+):")  # an RFC 5322 field name and its colon
_SNIFF_CHARS = 2048


def format_for_name(name: str) -> Format | None:
    """The format the file's extension names; None when it has no extension (sniff the content).

    Raises ``UnsupportedFormat`` for an extension we do not read.
    """
    path = PurePosixPath(name.replace("\\", "/"))
    suffix = path.suffix.lower()
    if not suffix:
        return None
    if suffix not in EXTENSIONS:
        raise UnsupportedFormat(f"'{suffix}' files are not articles we read")
    return EXTENSIONS[suffix]


def sniff(text: str) -> Format:
    """A format for decoded text with no extension to go by. Plain text unless it clearly is not."""
    head = text[:_SNIFF_CHARS].lstrip()
    lowered = head.lower()
    if head.startswith(("{", "[")) and _is_json(text):
        return Format.JSON  # (JSON Lines included: the JSON reader falls back to lines)
    if head.startswith("<"):
        if any(root in lowered for root in ("<rss", "<feed", "<rdf:rdf")):
            return Format.FEED
        if lowered.startswith("<?xml") and "<html" not in lowered:
            return Format.FEED
        return Format.HTML
    if _looks_like_mail(head):
        return Format.EMAIL
    return Format.TEXT


def _is_json(text: str) -> bool:
    """Whether the text parses as JSON (or JSON Lines); "[Breaking] North Korea ..." does not."""
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg != "Extra data":
            return False
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
        except (ValueError, RecursionError):
            return False
    except (ValueError, RecursionError):
        return True  # JSON too deep or too long for us: the JSON reader will say so
    return True


def _looks_like_mail(head: str) -> bool:
    lines = head.split("\n")
    if lines[0].startswith("From "):  # an mbox separator line
        return True
    names = set()
    for line in lines:
        if not line.strip():
            break
        if line[0] in " \t":  # a folded header continues
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            return False
        names.add(match.group(1).lower())
    return bool(names & EMAIL_ONLY_HEADERS)
