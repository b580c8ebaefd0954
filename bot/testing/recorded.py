"""What the Bot API stand-in keeps for tests to read: every call, and what the bot put in each chat."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.testing.entities import Entity

__all__ = ["Call", "CallbackAnswer", "MessageVersion", "SentMessage", "WebhookDelivery"]


@dataclass(frozen=True, slots=True)
class Call:
    """One request to the stand-in and its answer.

    ``params`` are typed (ints, bools, decoded JSON) when the request passed the checks and as
    received otherwise; uploaded files appear as their file names. ``response`` is None when the
    connection was dropped.
    """

    method: str
    params: Mapping[str, Any]
    status: int
    response: Mapping[str, Any] | None
    at: float

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def description(self) -> str | None:
        return None if self.response is None else self.response.get("description")


@dataclass(frozen=True, slots=True)
class MessageVersion:
    """A message as it read after one edit."""

    method: str
    date: int
    text: str | None
    entities: tuple[Entity, ...]
    caption: str | None
    caption_entities: tuple[Entity, ...]
    reply_markup: Mapping[str, Any] | None
    html: str | None


@dataclass(slots=True, eq=False)
class SentMessage:
    """A message the bot sent, as the chat shows it now; ``edits`` keeps each later version.

    ``text``/``caption`` are the plain text after entity parsing (what a user reads), ``html`` the
    raw text or caption exactly as the bot sent it, with ``parse_mode``. ``reply_markup`` is the
    markup as sent (reply keyboards too, which Telegram does not echo back in the Message).
    """

    message_id: int
    chat_id: int
    method: str
    date: int
    text: str | None = None
    entities: tuple[Entity, ...] = ()
    caption: str | None = None
    caption_entities: tuple[Entity, ...] = ()
    html: str | None = None
    parse_mode: str | None = None
    reply_markup: Mapping[str, Any] | None = None
    reply_to_message_id: int | None = None
    message_thread_id: int | None = None
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    file_id: str | None = None
    disable_notification: bool = False
    params: Mapping[str, Any] = field(default_factory=dict)
    edits: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False

    @property
    def shown_text(self) -> str:
        """The text or the caption, whichever the message has."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def shown_entities(self) -> tuple[Entity, ...]:
        return self.entities if self.text is not None else self.caption_entities


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """An answerCallbackQuery the bot gave."""

    callback_query_id: str
    chat_id: int | None
    message_id: int | None
    text: str | None
    show_alert: bool
    url: str | None


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One POST of an update to the bot's webhook."""

    update_id: int
    status: int | None  # None when the connection failed
    error: str | None
