"""Plain text and Markdown: an optional header block or front matter, then the body."""

from __future__ import annotations

import datetime as dt
import re

from bot.core.errors import FormatError
from bot.core.formats.assembly import Found, assemble
from bot.core.formats.decoding import decode
from bot.core.formats.tables import HEADER_KEYS
from bot.core.records import ReadResult

_KEY_VALUE = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]{0,30}?)\s*:\s*(.*)$")
_FRONT_MATTER_FENCE = "---"
_FRONT_MATTER_END = frozenset({"---", "..."})
_MAX_HEADER_LINES = 40

# Markdown reduced to its words; the extractor reads sentences, not markup.
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_MD_CODE = re.compile(r"`([^`\n]+)`")


def read_plain(data: bytes, *, mtime: dt.datetime, markdown: bool = False) -> ReadResult:
    decoded = decode(data)
    warnings = list(decoded.warnings)
    header, body = split_header(decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
    title = header.get("title")
    if markdown:
        body, title = _strip_markdown(body, title)
    found = Found(
        text=body,
        title=title,
        published=[header["published"]] if "published" in header else [],
        source=header.get("source"),
        url=header.get("url"),
    )
    if header and not found.text.strip():
        raise FormatError("the header block is followed by no text", code="empty")
    return ReadResult((assemble(found, mtime=mtime, warnings=warnings),), tuple(warnings))


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The recognised header fields (by Article field name) and the body after them."""
    lines = text.lstrip().split("\n")
    if lines[0].strip() == _FRONT_MATTER_FENCE:
        for end in range(1, min(len(lines), _MAX_HEADER_LINES + 1)):
            if lines[end].strip() in _FRONT_MATTER_END:
                inside = lines[1:end]
                # Two rules around an opening paragraph are Markdown, not front matter.
                if any(_KEY_VALUE.match(line) for line in inside):
                    return _fields(inside, front_matter=True), "\n".join(lines[end + 1 :])
                break
    # A block of "Key: value" lines ended by a blank line, with at least one key we know
    # ("Author:" among them is fine) ...
    block_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    block = lines[:block_end]
    if 0 < block_end <= _MAX_HEADER_LINES and all(_KEY_VALUE.match(line.strip()) for line in block):
        fields = _fields(block)
        if fields:
            return fields, "\n".join(lines[block_end:])
    # ... or, failing that, just the leading lines whose keys we know (a header with no blank line
    # after it, or a body that happens to open with "Update: ...").
    known = 0
    while known < min(len(lines), _MAX_HEADER_LINES) and _known_key(lines[known]):
        known += 1
    return _fields(lines[:known]), "\n".join(lines[known:])


def _fields(lines: list[str], *, front_matter: bool = False) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        # Front matter is YAML: an indented line belongs to the key above it, not to the article.
        match = _KEY_VALUE.match(line if front_matter else line.strip())
        if not match:
            continue
        key = HEADER_KEYS.get(match.group(1).strip().lower())
        value = match.group(2).strip()
        if front_matter and len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key and value and key not in found:  # the first line naming a field wins
            found[key] = value
    return found


def _known_key(line: str) -> bool:
    match = _KEY_VALUE.match(line.strip())
    return bool(match) and match is not None and match.group(1).strip().lower() in HEADER_KEYS


def _strip_markdown(body: str, title: str | None) -> tuple[str, str | None]:
    """Markdown to plain prose, and the title: the given one, else a heading opening the body.

    The opening heading leaves the body when it is the title, not when it says something else.
    """
    opening = _MD_HEADING.match(body.lstrip("\n"))
    if opening and opening.group(1) and (title is None or opening.group(1).strip() == title.strip()):
        title = opening.group(1)
        body = body.lstrip("\n")[opening.end() :]
    body = _MD_IMAGE.sub(r"\1", body)
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_HEADING.sub(r"\1", body)
    body = _MD_EMPHASIS.sub(r"\2", body)
    body = _MD_CODE.sub(r"\1", body)
    return body, title
