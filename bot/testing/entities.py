"""Telegram's own text formatting, through TDLib's parser, as the Bot API stand-in applies it.

Telegram parses a message's HTML with TDLib's code (``td/telegram/MessageEntity.cpp``) and then
"fixes" the result before storing it: control characters become spaces, ``\\r`` disappears,
entities that cover only whitespace are dropped, the text is trimmed, and the server finds the
entities nobody marked (URLs, mentions, hashtags, ``/commands``...). We call the same parser through
``tdjson.td_execute`` and redo the fixing steps here, so a message recorded by the stand-in reads
exactly as a Telegram client would show it, and HTML Telegram would refuse is refused with its words.

Offsets and lengths are in UTF-16 code units, as in the Bot API; lengths of whole texts (the 4096
and 1024 limits) are in Unicode code points, as TDLib counts them (``utf8_length``).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import tdjson

__all__ = [
    "MAX_CAPTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "Entity",
    "EntityParseError",
    "FormattedText",
    "UnsupportedParseMode",
    "find_entities",
    "format_text",
    "parse_html",
    "utf16_len",
]

#: Telegram's limits, in code points after entity parsing (TDLib's ``message_text_length_max``
#: and ``message_caption_length_max`` defaults).
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


class EntityParseError(ValueError):
    """TDLib refused the markup. ``reason`` is TDLib's text after "Can't parse entities: "."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsupportedParseMode(ValueError):
    """``parse_mode`` is none of HTML, MarkdownV2, Markdown."""


@dataclass(frozen=True, slots=True)
class Entity:
    """One Bot API ``MessageEntity``; ``user_id`` stands for the ``user`` of a ``text_mention``."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None
    user_id: int | None = None
    unix_time: int | None = None
    date_time_format: str | None = None

    @property
    def end(self) -> int:
        return self.offset + self.length

    def to_api(self, users: Mapping[int, Mapping[str, Any]] | None = None) -> dict[str, Any]:
        """The Bot API JSON object. ``users`` supplies the User object of a ``text_mention``."""
        out: dict[str, Any] = {"offset": self.offset, "length": self.length, "type": self.type}
        for name in ("url", "language", "custom_emoji_id", "unix_time", "date_time_format"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.user_id is not None:
            known = (users or {}).get(self.user_id)
            out["user"] = dict(known) if known else {"id": self.user_id, "is_bot": False, "first_name": ""}
        return out

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Entity:
        user = data.get("user")
        return cls(
            type=str(data["type"]),
            offset=int(data["offset"]),
            length=int(data["length"]),
            url=data.get("url"),
            language=data.get("language"),
            custom_emoji_id=data.get("custom_emoji_id"),
            user_id=int(user["id"]) if isinstance(user, Mapping) else None,
            unix_time=data.get("unix_time"),
            date_time_format=data.get("date_time_format"),
        )


@dataclass(frozen=True, slots=True)
class FormattedText:
    """Plain text and its entities, sorted as Telegram sorts them."""

    text: str
    entities: tuple[Entity, ...] = ()

    def entities_api(self, users: Mapping[int, Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
        return [entity.to_api(users) for entity in self.entities]

    def slice(self, entity: Entity) -> str:
        """The text an entity covers (offsets are UTF-16, Python strings are code points)."""
        encoded = self.text.encode("utf-16-le")
        return encoded[2 * entity.offset : 2 * entity.end].decode("utf-16-le", errors="replace")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- talking to TDLib -------------------------------------------------------------------------

_init_lock = threading.Lock()
_initialised = False


def _td(request: Mapping[str, Any]) -> dict[str, Any]:
    global _initialised
    if not _initialised:
        with _init_lock:
            if not _initialised:
                # TDLib logs every static request to stderr at its default verbosity.
                tdjson.td_execute(b'{"@type":"setLogVerbosityLevel","new_verbosity_level":0}')
                _initialised = True
    # td_execute serves synchronous requests and may be called from any thread.
    raw = tdjson.td_execute(json.dumps(request, ensure_ascii=False).encode())
    if raw is None:
        raise RuntimeError(f"TDLib gave no answer to {request.get('@type')}")
    answer: dict[str, Any] = json.loads(raw)
    return answer


_PARSE_MODES: dict[str, dict[str, Any]] = {
    "html": {"@type": "textParseModeHTML"},
    "markdownv2": {"@type": "textParseModeMarkdown", "version": 2},
    "markdown": {"@type": "textParseModeMarkdown", "version": 1},
}

_SIMPLE_TYPES = {
    "textEntityTypeMention": "mention",
    "textEntityTypeHashtag": "hashtag",
    "textEntityTypeCashtag": "cashtag",
    "textEntityTypeBotCommand": "bot_command",
    "textEntityTypeUrl": "url",
    "textEntityTypeEmailAddress": "email",
    "textEntityTypePhoneNumber": "phone_number",
    "textEntityTypeBold": "bold",
    "textEntityTypeItalic": "italic",
    "textEntityTypeUnderline": "underline",
    "textEntityTypeStrikethrough": "strikethrough",
    "textEntityTypeSpoiler": "spoiler",
    "textEntityTypeCode": "code",
    "textEntityTypePre": "pre",
    "textEntityTypeBlockQuote": "blockquote",
    "textEntityTypeExpandableBlockQuote": "expandable_blockquote",
}
_PRECISION = {"dateTimePartPrecisionShort": "short", "dateTimePartPrecisionLong": "long"}


def _date_time_format(formatting: Mapping[str, Any]) -> str:
    """TDLib's dateTimeFormattingType back to the Bot API's format string (``wDT``, ``r``...)."""
    if formatting.get("@type") == "dateTimeFormattingTypeRelative":
        return "r"
    out = "w" if formatting.get("show_day_of_week") else ""
    date = _PRECISION.get(formatting.get("date_precision", {}).get("@type", ""))
    time = _PRECISION.get(formatting.get("time_precision", {}).get("@type", ""))
    if date:
        out += "d" if date == "short" else "D"
    if time:
        out += "t" if time == "short" else "T"
    return out


def _from_td(td_entity: Mapping[str, Any]) -> Entity | None:
    kind = td_entity["type"]
    td_type = kind["@type"]
    offset, length = int(td_entity["offset"]), int(td_entity["length"])
    simple = _SIMPLE_TYPES.get(td_type)
    if simple:
        return Entity(simple, offset, length)
    if td_type == "textEntityTypePreCode":
        return Entity("pre", offset, length, language=kind.get("language") or None)
    if td_type == "textEntityTypeTextUrl":
        return Entity("text_link", offset, length, url=kind["url"])
    if td_type == "textEntityTypeMentionName":
        return Entity("text_mention", offset, length, user_id=int(kind["user_id"]))
    if td_type == "textEntityTypeCustomEmoji":
        return Entity("custom_emoji", offset, length, custom_emoji_id=str(kind["custom_emoji_id"]))
    if td_type == "textEntityTypeDateTime":
        fmt = _date_time_format(kind.get("formatting_type", {}))
        return Entity("date_time", offset, length, unix_time=int(kind["unix_time"]), date_time_format=fmt)
    # Bank card numbers and media timestamps exist in TDLib but not in the Bot API.
    return None


def _parse(text: str, parse_mode: str) -> FormattedText:
    mode = _PARSE_MODES.get(parse_mode.lower())
    if mode is None:
        raise UnsupportedParseMode(parse_mode)
    answer = _td({"@type": "parseTextEntities", "text": text, "parse_mode": mode})
    if answer.get("@type") == "error":
        message = str(answer.get("message", ""))
        raise EntityParseError(message.removeprefix("Can't parse entities: "))
    entities = [e for e in (_from_td(raw) for raw in answer["entities"]) if e is not None]
    return FormattedText(answer["text"], tuple(entities))


def parse_html(text: str) -> FormattedText:
    """TDLib's HTML parser alone (no trimming, no auto-detected entities).

    Raises :class:`EntityParseError` with TDLib's reason when Telegram would refuse the HTML.
    """
    return _parse(text, "HTML")


def find_entities(text: str) -> list[Entity]:
    """The entities Telegram finds by itself: URLs, e-mails, @mentions, #hashtags, $CASHTAGS, /commands."""
    if not text:
        return []
    answer = _td({"@type": "getTextEntities", "text": text})
    found = (_from_td(raw) for raw in answer.get("entities", ()))
    return [e for e in found if e is not None]


# --- Telegram's fix_formatted_text ------------------------------------------------------------

# TDLib's MessageEntity::get_type_priority: the tie-break when two entities share offset and length.
_PRIORITY = {
    "mention": 50,
    "hashtag": 50,
    "bot_command": 50,
    "url": 50,
    "email": 50,
    "cashtag": 50,
    "phone_number": 50,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
    "code": 20,
    "pre": 11,
    "text_link": 49,
    "text_mention": 49,
    "blockquote": 0,
    "expandable_blockquote": 0,
    "date_time": 50,
}
# Entities whose content is not the visible text; whitespace under them is kept.
_HIDDEN_DATA = frozenset({"text_link", "text_mention", "custom_emoji"})
# Formatting that may overlap anything; everything else is "continuous" and blocks auto-detection.
_SPLITTABLE = frozenset({"bold", "italic", "underline", "strikethrough", "spoiler"})
_BLOCKQUOTES = frozenset({"blockquote", "expandable_blockquote"})
# Characters TDLib removes outright: \r, U+2028..U+202E (separators, bidi overrides), and three
# combining marks that draw vertical lines through text.
_REMOVED = frozenset({0x0D, 0x030A, 0x0333, 0x033F, *range(0x2028, 0x202F)})
_NEEDS_CLEANING = re.compile("[\x00-\x09\x0b-\x1f\u030a\u0333\u033f\u2028-\u202e]")


def _sort_key(entity: Entity) -> tuple[int, int, int]:
    return (entity.offset, -entity.length, _PRIORITY.get(entity.type, 50))


def _clean(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Control characters become spaces and a few characters vanish; entity offsets follow."""
    if not _NEEDS_CLEANING.search(text):
        return text, entities
    out: list[str] = []
    new_at_old: list[int] = []
    new = 0
    for ch in text:
        code = ord(ch)
        width = 2 if code > 0xFFFF else 1
        new_at_old.extend([new] * width)
        if code in _REMOVED:
            continue
        if code < 0x20 and ch != "\n":
            ch = " "
        out.append(ch)
        new += width
    new_at_old.append(new)
    moved = []
    for e in entities:
        start, stop = new_at_old[e.offset], new_at_old[min(e.end, len(new_at_old) - 1)]
        moved.append(replace(e, offset=start, length=stop - start))
    return "".join(out), moved


def _is_blank(unit: int) -> bool:
    return unit in (0x20, 0x0A)


def _fix(text: str, entities: list[Entity], *, allow_empty: bool) -> FormattedText | None:
    """TDLib's fix_formatted_text for a text that came out of the parser; None when it is empty."""
    text, entities = _clean(text, entities)
    units = text.encode("utf-16-le")
    n = len(units) // 2

    def unit(i: int) -> int:
        return units[2 * i] | (units[2 * i + 1] << 8)

    kept: list[Entity] = []
    for e in entities:
        start, end = max(e.offset, 0), min(e.end, n)
        if e.type not in _HIDDEN_DATA:
            while start < end and _is_blank(unit(start)):
                start += 1
        if start < end or (e.type in _HIDDEN_DATA and e.length > 0):
            kept.append(replace(e, offset=start, length=end - start))

    last = n - 1
    while last >= 0 and _is_blank(unit(last)):
        last -= 1
    if last < 0:
        return None if not allow_empty else FormattedText("")
    stop = last + 1
    kept = [replace(e, length=min(e.end, stop) - e.offset) for e in kept if e.offset < stop]

    first_entity = min((e.offset for e in kept), default=stop)
    lead = 0
    while lead < first_entity and _is_blank(unit(lead)):
        lead += 1
    body = units[2 * lead : 2 * stop].decode("utf-16-le")
    kept = [replace(e, offset=e.offset - lead) for e in kept if e.length > 0]

    blocking = [e for e in kept if e.type not in _SPLITTABLE and e.type not in _BLOCKQUOTES]
    for found in find_entities(body):
        if not any(found.offset < b.end and b.offset < found.end for b in blocking):
            kept.append(found)
            blocking.append(found)
    kept.sort(key=_sort_key)
    return FormattedText(body, tuple(kept))


def format_text(
    text: str,
    parse_mode: str | None = None,
    entities: Iterable[Entity] | None = None,
    *,
    allow_empty: bool = False,
) -> FormattedText | None:
    """What Telegram stores for ``text`` sent with ``parse_mode`` or explicit ``entities``.

    Explicit entities win over ``parse_mode``, as in the Bot API. Returns None when nothing but
    whitespace is left (Telegram's "message text is empty") unless ``allow_empty`` (captions).
    Raises :class:`EntityParseError` or :class:`UnsupportedParseMode`.
    """
    given = list(entities or ())
    if given:
        limit = utf16_len(text)
        for e in given:
            if e.offset < 0 or e.length < 0 or e.end > limit:
                raise EntityParseError(f"Entity at UTF-16 offset {e.offset} ends after the end of the text")
        return _fix(text, sorted(given, key=_sort_key), allow_empty=allow_empty)
    if parse_mode:
        parsed = _parse(text, parse_mode)
        return _fix(parsed.text, list(parsed.entities), allow_empty=allow_empty)
    return _fix(text, [], allow_empty=allow_empty)
