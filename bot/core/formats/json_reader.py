"""JSON (one article object or a list of them) and JSON Lines (one object per line)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.errors import FormatError
from bot.core.formats.assembly import Found, assemble
from bot.core.formats.decoding import decode
from bot.core.formats.tables import JSON_FIELDS
from bot.core.records import Article, ReadResult

_OTHER_TEXT_NAMES = ", ".join(repr(k) for k, v in JSON_FIELDS.items() if v == "text" and k != "text")


@dataclass(frozen=True, slots=True)
class _Entry:
    """One value to read as an article, and where it came from ("entry 2", "line 7")."""

    where: str
    value: object


def read_json(data: bytes, *, mtime: dt.datetime) -> ReadResult:
    decoded = decode(data)
    warnings = list(decoded.warnings)
    try:
        document = json.loads(decoded.text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and _looks_like_lines(decoded.text):
            warnings.append("several JSON values, one per line: read as JSON Lines")
            return _read_lines(decoded.text, mtime=mtime, warnings=warnings)
        raise FormatError(
            f"not JSON: {err.msg} at line {err.lineno} column {err.colno}", code="bad_json"
        ) from None
    except (RecursionError, ValueError) as err:  # nesting too deep; integers too long to convert
        raise FormatError(f"not JSON I can read: {_first_line(err)}", code="bad_json") from None
    if isinstance(document, dict):
        entries = [_Entry("", document)]
    elif isinstance(document, list):
        if not document:
            raise FormatError("the JSON list holds no articles", code="empty")
        entries = [_Entry(f"entry {i}: ", value) for i, value in enumerate(document, 1)]
    else:
        raise FormatError(
            f"expected an article object or a list of them, found {_kind(document)}", code="wrong_shape"
        )
    return _collect(entries, mtime=mtime, warnings=warnings)


def read_json_lines(data: bytes, *, mtime: dt.datetime) -> ReadResult:
    decoded = decode(data)
    return _read_lines(decoded.text, mtime=mtime, warnings=list(decoded.warnings))


def _read_lines(text: str, *, mtime: dt.datetime, warnings: list[str]) -> ReadResult:
    entries: list[_Entry] = []
    bad_json: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entries.append(_Entry(f"line {number}: ", json.loads(line)))
        except json.JSONDecodeError as err:
            bad_json.append(f"line {number}: not JSON: {err.msg} at column {err.colno}")
        except (RecursionError, ValueError) as err:
            bad_json.append(f"line {number}: not JSON I can read: {_first_line(err)}")
    if not entries:
        raise FormatError(
            bad_json[0] if bad_json else "no JSON lines", code="bad_json" if bad_json else "empty"
        )
    warnings.extend(bad_json)
    return _collect(entries, mtime=mtime, warnings=warnings)


def _collect(entries: Sequence[_Entry], *, mtime: dt.datetime, warnings: list[str]) -> ReadResult:
    articles: list[Article] = []
    problems: list[str] = []
    for entry in entries:
        try:
            articles.append(_article(entry, mtime=mtime, warnings=warnings))
        except FormatError as err:
            problems.append(err.reason)
    if not articles:
        more = f" (and {len(problems) - 1} more like it)" if len(problems) > 1 else ""
        raise FormatError(problems[0] + more, code="wrong_shape")
    warnings.extend(f"{problem}; entry skipped" for problem in problems)
    return ReadResult(tuple(articles), tuple(warnings))


def _article(entry: _Entry, *, mtime: dt.datetime, warnings: list[str]) -> Article:
    where = entry.where
    if not isinstance(entry.value, dict):
        raise FormatError(f"{where}expected an article object, found {_kind(entry.value)}")
    by_field: dict[str, list[tuple[str, object]]] = {}
    lowered = {str(k).lower(): v for k, v in entry.value.items()}
    for name, target in JSON_FIELDS.items():
        if name in lowered and lowered[name] is not None:
            by_field.setdefault(target, []).append((name, lowered[name]))
    texts = by_field.get("text", [])
    text = next((v for _, v in texts if isinstance(v, str) and v.strip()), None)
    if text is None:
        if texts:
            name, value = texts[0]
            raise FormatError(f"{where}field {name!r} is {_kind(value)}, not article text")
        raise FormatError(f"{where}missing field 'text' (or {_OTHER_TEXT_NAMES})")
    found = Found(
        text=text,
        title=_string(by_field, "title", where, warnings),
        published=[v for _, v in by_field.get("published", [])],
        source=_string(by_field, "source", where, warnings),
        url=_string(by_field, "url", where, warnings),
        external_id=_identifier(by_field),
    )
    return assemble(found, mtime=mtime, warnings=warnings, where=where)


def _string(
    by_field: dict[str, list[tuple[str, object]]], target: str, where: str, warnings: list[str]
) -> str | None:
    for name, value in by_field.get(target, []):
        if isinstance(value, str):
            return value
        warnings.append(f"{where}field {name!r} is {_kind(value)}, not a string; ignored")
    return None


def _identifier(by_field: dict[str, list[tuple[str, object]]]) -> str | None:
    for _, value in by_field.get("external_id", []):
        if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
            return str(value)
    return None


def _looks_like_lines(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.startswith("{") and line.endswith("}") for line in lines)


def _kind(value: object) -> str:
    match value:
        case bool():
            return "a boolean"
        case int() | float():
            return "a number"
        case str():
            return "a string"
        case list():
            return "a list"
        case dict():
            return "an object"
        case None:
            return "null"
    return type(value).__name__


def _first_line(err: BaseException) -> str:
    return (str(err).splitlines() or [type(err).__name__])[0][:120]
