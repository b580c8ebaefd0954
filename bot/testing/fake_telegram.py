"""A strict stand-in for the Telegram Bot API on 127.0.0.1, for tests, benchmarks and console mode.

python-telegram-bot talks to it over real HTTP, exactly as to Telegram::

    async with FakeTelegram() as tg:
        app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).build()
        ...
        tg.push_message(42, "/latest")                   # a user writes to the bot
        [reply] = await tg.wait_for_messages(42, 1)      # what the bot answered, parsed as Telegram would
        assert "Hwasong-18" in reply.text

What it does as Telegram does: the envelopes and error strings; ``getUpdates`` long polling with
offsets, limits, ``allowed_updates`` and the 409 conflicts; webhooks with the secret-token header;
HTML (and MarkdownV2) parsed by TDLib's own parser, trimmed and length-checked; message ids per
chat; blocked users, kicked bots, groups upgraded to supergroups; editing without ``reply_markup``
removing the keyboard; "message is not modified"; privacy mode in groups.

Where it is stricter than Telegram (``strict=True``, the default): an unknown parameter, or an
unknown field inside a JSON parameter, is refused with ``Bad Request: unknown parameter "x"``
instead of being ignored. Every parameter is checked against the Bot API's own description
(``bot_api_methods.json``). Where it is looser: webhook URLs may be plain http on 127.0.0.1, and
photos or documents given as URLs cannot be fetched (no network), so they fail as an unreachable
URL does on Telegram. Error strings marked "best guess" in the code were not confirmed against
Telegram's server.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import mimetypes
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import aiohttp
from aiohttp import web

from bot.testing.bot_api_spec import (
    IMPLEMENTED_METHODS,
    BotApiSpec,
    MethodSpec,
    ParamError,
    UploadedFile,
)
from bot.testing.entities import (
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    Entity,
    EntityParseError,
    FormattedText,
    UnsupportedParseMode,
    find_entities,
    format_text,
)
from bot.testing.faults import Fault
from bot.testing.media import image_size
from bot.testing.recorded import (
    Call,
    CallbackAnswer,
    MessageVersion,
    SentMessage,
    WebhookDelivery,
)

__all__ = ["ApiError", "ChatEvent", "FakeTelegram"]

log = logging.getLogger(__name__)

T = TypeVar("T")
Params = dict[str, Any]
ChatType = Literal["private", "group", "supergroup", "channel"]
MemberStatus = Literal["creator", "administrator", "member", "restricted", "left", "kicked"]

_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_API_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z0-9_]*)")
_FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Telegram keeps unconfirmed updates for a day; the stand-in only needs to bound memory.
_MAX_PENDING_UPDATES = 100_000
_MAX_UPLOAD = 50 * 1024 * 1024
_MAX_PHOTO = 10 * 1024 * 1024
_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_POLL_OVERTAKEN = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
_RESTRICTED_PERMISSIONS = [
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
]
_TEXT_BUTTONS = "Text buttons are unallowed in the inline keyboard"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """A Telegram error envelope: ``{"ok": false, "error_code", "description", "parameters"}``."""

    def __init__(self, code: int, description: str, parameters: Mapping[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = dict(parameters) if parameters else None

    def envelope(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            out["parameters"] = self.parameters
        return out


def _bad(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True, slots=True)
class ChatEvent:
    """Something the bot did in a chat, for listeners such as the console chat."""

    kind: Literal["sent", "edited", "deleted", "answered"]
    chat_id: int
    message: SentMessage | None = None
    answer: CallbackAnswer | None = None


@dataclass(slots=True)
class _Chat:
    id: int
    type: ChatType
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_forum: bool = False
    blocked: bool = False  # private chats: the user blocked the bot
    migrated_to: int | None = None
    members: dict[int, str] = field(default_factory=dict)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    sent: dict[int, SentMessage] = field(default_factory=dict)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def next_message_id(self) -> int:
        return next(self.ids)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            out["first_name"] = self.first_name or ""
            if self.last_name:
                out["last_name"] = self.last_name
        else:
            out["title"] = self.title or ""
        if self.username:
            out["username"] = self.username
        if self.is_forum:
            out["is_forum"] = True
        return out

    def live(self, message_id: int) -> dict[str, Any] | None:
        return None if message_id in self.deleted else self.messages.get(message_id)


@dataclass(frozen=True, slots=True)
class _Described:
    """A successful result that Telegram sends with a description ("Webhook was set")."""

    result: Any
    description: str


@dataclass(slots=True)
class _StoredFile:
    file_id: str
    unique_id: str
    path: str
    data: bytes
    kind: Literal["photo", "document"]
    filename: str
    mime_type: str


class FakeTelegram:
    """The Bot API stand-in. See the module docstring; the test API is the public methods below."""

    DEFAULT_TOKEN = "123456789:AAFakeTokenForTheLaunchwatchStandIn"
    DEFAULT_USER_ID = 10_001

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        strict: bool = True,
        clock: Callable[[], float] | None = None,
        latency: float = 0.0,
        bot_username: str = "launchwatch_bot",
        bot_first_name: str = "Launchwatch",
        privacy_mode: bool = True,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        if not _TOKEN_SHAPE.fullmatch(token):
            raise ValueError(f"not a bot token: {token!r}")
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.strict = strict
        self.latency = latency
        self.privacy_mode = privacy_mode
        self.webhook_retry_delay = webhook_retry_delay
        self._host, self._port = host, port
        self._clock = clock or time.time
        self._spec = BotApiSpec.load()
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self._users: dict[int, dict[str, Any]] = {self.bot_id: self.bot_user}
        self._chats: dict[int, _Chat] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._poll_conflict = ""
        self._webhook: dict[str, Any] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._queries: dict[str, tuple[int, int]] = {}
        self._query_ids = itertools.count(1)
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._file_ids = itertools.count(1)
        self._faults: list[Fault] = []
        self._listeners: list[Callable[[ChatEvent], None]] = []
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._base = ""
        #: Every request, in order (see :class:`Call`).
        self.calls: list[Call] = []
        #: Every answerCallbackQuery, in order.
        self.callback_answers: list[CallbackAnswer] = []
        #: Every POST of an update to the webhook, in order.
        self.webhook_deliveries: list[WebhookDelivery] = []
        self._handlers: dict[str, Callable[[Params], Any]] = {
            "answerCallbackQuery": self._answer_callback_query,
            "close": self._harmless,
            "deleteMessage": self._delete_message,
            "deleteMyCommands": self._delete_my_commands,
            "deleteWebhook": self._delete_webhook,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "editMessageText": self._edit_message_text,
            "getChat": self._get_chat,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMember": self._get_chat_member,
            "getChatMemberCount": self._get_chat_member_count,
            "getFile": self._get_file,
            "getMe": self._get_me,
            "getMyCommands": self._get_my_commands,
            "getUpdates": self._get_updates,
            "getWebhookInfo": self._get_webhook_info,
            "leaveChat": self._leave_chat,
            "logOut": self._harmless,
            "sendChatAction": self._send_chat_action,
            "sendDocument": self._send_document,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "setMyCommands": self._set_my_commands,
            "setWebhook": self._set_webhook,
        }
        assert set(self._handlers) == set(IMPLEMENTED_METHODS), "handlers and bot_api_methods.json disagree"

    # === lifecycle ==================================================================================

    async def start(self) -> None:
        app = web.Application(client_max_size=_MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        port = self._runner.addresses[0][1]
        self._base = f"http://{self._host}:{port}"
        self._closing = False

    async def stop(self) -> None:
        """Answer pending long polls at once (empty), stop webhook delivery, close the server."""
        self._closing = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/bot``: python-telegram-bot appends the token."""
        return f"{self._base}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self._base}/file/bot"

    # === driving it like a user =====================================================================

    def add_chat(
        self,
        chat_id: int,
        type: ChatType,
        title: str | None = None,
        *,
        is_forum: bool = False,
        username: str | None = None,
        first_name: str | None = None,
        bot_status: MemberStatus | None = None,
    ) -> dict[str, Any]:
        """Make a chat known (a group the bot was added to, a channel it administers...); its Chat JSON.

        The bot is a member of groups and an administrator of channels unless ``bot_status`` says
        otherwise. A private chat's id is its user's id.
        """
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = _Chat(
                chat_id, type, title=title, username=username, first_name=first_name, is_forum=is_forum
            )
            self._chats[chat_id] = chat
        elif chat.type != type:
            raise ValueError(f"chat {chat_id} is a {chat.type}, not a {type}")
        if type == "private":
            self._users.setdefault(
                chat_id, {"id": chat_id, "is_bot": False, "first_name": first_name or "Tester"}
            )
            chat.first_name = chat.first_name or self._users[chat_id]["first_name"]
        else:
            default = "administrator" if type == "channel" else "member"
            chat.members[self.bot_id] = bot_status or chat.members.get(self.bot_id, default)
        return chat.json()

    def push_message(
        self,
        chat_id: int,
        text: str,
        *,
        chat_type: ChatType = "private",
        user_id: int | None = None,
        username: str | None = None,
        first_name: str = "Tester",
        chat_title: str | None = None,
        message_thread_id: int | None = None,
        is_topic_message: bool | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text`` in a chat; returns the Update queued for the bot.

        Entities (``/commands``, URLs, mentions...) are detected as Telegram does. In a group with
        privacy mode on, the bot only gets commands, replies to it, mentions of it, or everything
        when it is an administrator; other messages are stored in the chat but not delivered (the
        returned update then is not queued).
        """
        if chat_type == "private":
            user_id = chat_id if user_id is None else user_id
            if user_id != chat_id:
                raise ValueError("in a private chat the chat id is the user's id")
        user_id = self.DEFAULT_USER_ID if user_id is None else user_id
        user = self._user(user_id, first_name=first_name, username=username)
        if chat_id in self._chats:
            chat = self._chats[chat_id]
            if chat.type != chat_type:
                raise ValueError(f"chat {chat_id} is a {chat.type}; pass chat_type={chat.type!r}")
        else:
            self.add_chat(
                chat_id, chat_type, chat_title or ("Test channel" if chat_type == "channel" else "Test group")
            )
            chat = self._chats[chat_id]
            if chat_type == "private":
                chat.first_name, chat.username = first_name, username
        if chat_type == "private":
            self.unblock(chat_id)  # a user who blocked the bot unblocks it to write again
        elif chat_type != "channel":
            chat.members.setdefault(user_id, "member")
        message = self._new_message(chat, sender=None if chat_type == "channel" else user)
        message["text"] = text
        detected = find_entities(text)
        if detected:
            message["entities"] = [e.to_api(self._users) for e in detected]
        if message_thread_id is not None:
            message["message_thread_id"] = message_thread_id
            if is_topic_message if is_topic_message is not None else chat.is_forum:
                message["is_topic_message"] = True
        if reply_to is not None:
            replied = chat.live(reply_to)
            if replied is None:
                raise ValueError(f"no message {reply_to} in chat {chat_id}")
            message["reply_to_message"] = {k: v for k, v in replied.items() if k != "reply_to_message"}
        chat.messages[message["message_id"]] = message
        kind = "channel_post" if chat_type == "channel" else "message"
        update = {"update_id": next(self._update_ids), kind: message}
        if self._bot_receives(chat, message, detected):
            self._queue(update)
        return update

    def push_callback_query(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = "Tester",
        username: str | None = None,
    ) -> dict[str, Any]:
        """A user presses the inline button carrying ``data`` under one of the bot's messages."""
        chat = self._chat_or_raise(chat_id)
        message = chat.live(message_id)
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        buttons = [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
        if not any(b.get("callback_data") == data for b in buttons):
            raise ValueError(f"message {message_id} has no button with callback_data {data!r}")
        user_id = (
            user_id if user_id is not None else (chat_id if chat.type == "private" else self.DEFAULT_USER_ID)
        )
        user = self._user(user_id, first_name=first_name, username=username)
        query_id = f"{self.bot_id}{next(self._query_ids):010d}"
        self._queries[query_id] = (chat_id, message_id)
        query = {
            "id": query_id,
            "from": user,
            "message": message,
            "chat_instance": str(-abs(chat_id) * 7919 % 10**18),
            "data": data,
        }
        update = {"update_id": next(self._update_ids), "callback_query": query}
        self._queue(update)
        return update

    def push_update(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Queue any Update JSON as is; ``update_id`` is assigned when missing."""
        update = dict(raw)
        update.setdefault("update_id", next(self._update_ids))
        self._queue(update)
        return update

    def push_migration(self, old_chat_id: int, new_chat_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
        """A group becomes a supergroup: two service messages, and the old id refuses sends from now on."""
        old = self._chat_or_raise(old_chat_id)
        if old.type != "group":
            raise ValueError(f"chat {old_chat_id} is a {old.type}; only groups migrate")
        new = _Chat(new_chat_id, "supergroup", title=old.title, members=dict(old.members))
        self._chats[new_chat_id] = new
        old.migrated_to = new_chat_id
        user = self._user(self.DEFAULT_USER_ID, first_name="Tester", username=None)
        to_message = self._new_message(old, sender=user)
        to_message["migrate_to_chat_id"] = new_chat_id
        from_message = self._new_message(new, sender=user)
        from_message["sender_chat"] = new.json()
        from_message["migrate_from_chat_id"] = old_chat_id
        updates = []
        for chat, message in ((old, to_message), (new, from_message)):
            chat.messages[message["message_id"]] = message
            update = {"update_id": next(self._update_ids), "message": message}
            self._queue(update)
            updates.append(update)
        return updates[0], updates[1]

    def set_member_status(self, chat_id: int, user_id: int, status: MemberStatus) -> None:
        """Set what getChatMember/getChatAdministrators say; for the bot itself, as Telegram
        does, also queue a ``my_chat_member`` update."""
        chat = self._chat_or_raise(chat_id)
        if chat.type == "private":
            raise ValueError("private chats have no member statuses; use block()")
        old = chat.members.get(user_id, "left")
        chat.members[user_id] = status
        if user_id == self.bot_id and old != status:
            self._queue_my_chat_member(chat, old, status)

    def block(self, chat_id: int) -> None:
        """The user blocks the bot (private chat) or the bot is kicked (group, channel)."""
        chat = self._chat_or_raise(chat_id)
        if chat.type == "private":
            if not chat.blocked:
                chat.blocked = True
                self._queue_my_chat_member(chat, "member", "kicked")
        else:
            self.set_member_status(chat_id, self.bot_id, "kicked")

    def unblock(self, chat_id: int) -> None:
        chat = self._chat_or_raise(chat_id)
        if chat.type == "private":
            if chat.blocked:
                chat.blocked = False
                self._queue_my_chat_member(chat, "kicked", "member")
        else:
            self.set_member_status(
                chat_id, self.bot_id, "administrator" if chat.type == "channel" else "member"
            )

    # === reading what happened =======================================================================

    def messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in a chat, in order, deleted ones included (``deleted=True``)."""
        chat = self._chats.get(chat_id)
        return list(chat.sent.values()) if chat else []

    def chat_history(self, chat_id: int) -> list[dict[str, Any]]:
        """Every message in a chat (users' and the bot's) as Message JSON, deleted ones left out."""
        chat = self._chats.get(chat_id)
        if chat is None:
            return []
        return [m for mid, m in sorted(chat.messages.items()) if mid not in chat.deleted]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def commands(
        self, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """The command list set for a scope (default scope when None) and language."""
        return list(self._commands.get((self._scope_key(scope), language_code), []))

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by the bot."""
        return list(self._updates)

    @property
    def webhook_url(self) -> str | None:
        return self._webhook["url"] if self._webhook else None

    def file_bytes(self, file_id: str) -> bytes:
        return self._files[file_id].data

    def subscribe(self, listener: Callable[[ChatEvent], None]) -> Callable[[], None]:
        """Call ``listener`` on the event loop whenever the bot sends, edits or deletes a message,
        or answers a callback query; returns the function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # The timeout is the test's own deadline for the condition, not a cancellation knob: ASYNC109 off.
    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy (re-checked after every request and push); return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = "; ".join(
                    f"{c.method} {c.status} {c.description or ''}".strip() for c in self.calls[-5:]
                )
                raise TimeoutError(f"condition not met within {timeout}s (last calls: {recent or 'none'})")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def wait_for_messages(self, chat_id: int, n: int, timeout: float = 5.0) -> list[SentMessage]:  # noqa: ASYNC109
        """Wait until the bot has sent at least ``n`` messages to the chat; return all of them."""

        def enough() -> list[SentMessage]:
            sent = self.messages(chat_id)
            return sent if len(sent) >= n else []

        return await self.wait_for(enough, timeout)

    # === faults ======================================================================================

    def add_fault(self, fault: Fault) -> Fault:
        self._faults.append(fault)
        return fault

    def remove_fault(self, fault: Fault) -> None:
        if fault in self._faults:
            self._faults.remove(fault)

    def clear_faults(self) -> None:
        self._faults.clear()

    # === HTTP ========================================================================================

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        file_match = _FILE_PATH.fullmatch(request.path)
        if file_match:
            return self._download(file_match["token"], file_match["path"])
        match = _API_PATH.fullmatch(request.path)
        if match is None:
            return self._envelope(ApiError(404, "Not Found").envelope(), 404)
        token, name = match["token"], match["method"]
        if not _TOKEN_SHAPE.fullmatch(token):
            return self._envelope(ApiError(404, "Not Found").envelope(), 404)
        if token != self.token:
            return self._envelope(ApiError(401, "Unauthorized").envelope(), 401)
        try:
            raw, files = await self._read_params(request)
        except ApiError as exc:
            return self._finish(name, {}, exc.code, exc.envelope())
        shown = {**raw, **{k: f.filename for k, f in files.items()}}
        spec = self._spec.method(name)
        if spec is None:
            return self._finish(name, shown, 404, ApiError(404, "Not Found").envelope())
        if self.latency:
            await asyncio.sleep(self.latency)

        fault = self._fault_for(spec.name, raw.get("chat_id"))
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
        elif fault is not None and fault.kind == "error":
            envelope = ApiError(fault.error_code, fault.description, fault.parameters).envelope()
            return self._finish(spec.name, shown, fault.error_code, envelope)
        elif fault is not None and fault.kind == "drop" and not fault.after_handling:
            return self._drop(request, spec.name, shown)

        status, envelope, params = await self._call(spec, raw, files)
        if fault is not None and fault.kind == "drop":
            self._record(spec.name, params if status == 200 else shown, status, None)
            return self._drop(request, spec.name, None)
        return self._finish(spec.name, params if status == 200 else shown, status, envelope)

    async def _call(
        self, spec: MethodSpec, raw: Params, files: Mapping[str, UploadedFile]
    ) -> tuple[int, dict[str, Any], Params]:
        try:
            params = self._spec.check_params(spec, raw, files, strict=self.strict)
        except ParamError as exc:
            return 400, ApiError(400, exc.description).envelope(), raw
        try:
            result = self._handlers[spec.name](params)
            if isinstance(result, Awaitable):
                result = await result
        except ApiError as exc:
            return exc.code, exc.envelope(), self._shown(params)
        if isinstance(result, _Described):
            return (
                200,
                {"ok": True, "result": result.result, "description": result.description},
                self._shown(params),
            )
        return 200, {"ok": True, "result": result}, self._shown(params)

    @staticmethod
    def _shown(params: Params) -> Params:
        return {k: (v.filename if isinstance(v, UploadedFile) else v) for k, v in params.items()}

    async def _read_params(self, request: web.Request) -> tuple[Params, dict[str, UploadedFile]]:
        raw: Params = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if not request.can_read_body:
            return raw, files
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad("can't parse JSON object") from None  # best guess
            if not isinstance(body, dict):
                raise _bad("JSON object expected")  # best guess
            raw.update(body)
        elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    files[key] = UploadedFile(value.filename, data, value.content_type)
                else:
                    raw[key] = value
        return raw, files

    def _fault_for(self, method: str, chat_id: object) -> Fault | None:
        hit = None
        for fault in list(self._faults):
            if fault.applies_to(method, chat_id) and fault.trigger() and hit is None:
                hit = fault
        return hit

    def _drop(self, request: web.Request, method: str, params: Params | None) -> web.StreamResponse:
        if params is not None:
            self._record(method, params, 0, None)
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)

    def _finish(self, method: str, params: Params, status: int, envelope: dict[str, Any]) -> web.Response:
        self._record(method, params, status, envelope)
        return self._envelope(envelope, status)

    @staticmethod
    def _envelope(envelope: Mapping[str, Any], status: int) -> web.Response:
        return web.json_response(envelope, status=status, dumps=lambda v: json.dumps(v, ensure_ascii=False))

    def _record(self, method: str, params: Params, status: int, response: Mapping[str, Any] | None) -> None:
        self.calls.append(Call(method, params, status, response, time.monotonic()))
        self._notify()

    def _download(self, token: str, path: str) -> web.Response:
        stored = self._file_paths.get(path)
        if token != self.token or stored is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.data, content_type=stored.mime_type)

    # === state helpers ===============================================================================

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _emit(self, event: ChatEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a listener's bug must not turn into a Bot API error
                log.exception("chat event listener failed")

    def _now(self) -> int:
        return int(self._clock())

    def _user(self, user_id: int, *, first_name: str, username: str | None) -> dict[str, Any]:
        if user_id == self.bot_id:
            raise ValueError("that is the bot's own id")
        user = self._users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}
            self._users[user_id] = user
        if username:
            user["username"] = username
        return user

    def _chat_or_raise(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ValueError(f"unknown chat {chat_id}; push a message or add_chat() first")
        return chat

    def _new_message(self, chat: _Chat, *, sender: Mapping[str, Any] | None) -> dict[str, Any]:
        message: dict[str, Any] = {"message_id": chat.next_message_id()}
        if sender is not None:
            message["from"] = dict(sender)
        else:
            message["sender_chat"] = chat.json()
        message["chat"] = chat.json()
        message["date"] = self._now()
        return message

    def _queue(self, update: dict[str, Any]) -> None:
        kind = next((k for k in update if k != "update_id"), "")
        allowed = self._allowed_updates
        if allowed is None or not allowed:
            if kind in _DEFAULT_EXCLUDED_UPDATES:
                return
        elif kind not in allowed:
            return
        self._updates.append(update)
        del self._updates[:-_MAX_PENDING_UPDATES]
        self._notify()

    def _queue_my_chat_member(self, chat: _Chat, old: str, new: str) -> None:
        actor = self._users.get(chat.id) if chat.type == "private" else self._users.get(self.DEFAULT_USER_ID)
        actor = actor or {"id": self.DEFAULT_USER_ID, "is_bot": False, "first_name": "Tester"}
        update = {
            "update_id": next(self._update_ids),
            "my_chat_member": {
                "chat": chat.json(),
                "from": actor,
                "date": self._now(),
                "old_chat_member": self._member_json(self.bot_user, old),
                "new_chat_member": self._member_json(self.bot_user, new),
            },
        }
        self._queue(update)

    def _bot_receives(self, chat: _Chat, message: Mapping[str, Any], entities: list[Entity]) -> bool:
        status = chat.members.get(self.bot_id)
        if chat.type == "private":
            return True
        if chat.type == "channel":
            return status in ("administrator", "creator")
        if status in ("left", "kicked"):
            return False
        if not self.privacy_mode or status in ("administrator", "creator"):
            return True
        text = message.get("text", "")
        me = str(self.bot_user["username"]).lower()
        for e in entities:
            piece = FormattedText(text).slice(e).lower()
            if e.type == "bot_command" and ("@" not in piece or piece.endswith(f"@{me}")):
                return True
            if e.type == "mention" and piece == f"@{me}":
                return True
        replied = message.get("reply_to_message")
        return bool(replied and replied.get("from", {}).get("id") == self.bot_id)

    # --- chats as the bot addresses them ---

    def _resolve(self, chat_id: int | str) -> _Chat:
        """The chat a chat_id names; errors as Telegram gives them for unknown or migrated chats."""
        chat: _Chat | None = None
        if isinstance(chat_id, int):
            chat = self._chats.get(chat_id)
            if chat is None and chat_id in self._users and chat_id != self.bot_id:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif chat_id.startswith("@"):
            name = chat_id[1:].lower()
            chat = next((c for c in self._chats.values() if (c.username or "").lower() == name), None)
        if chat is None:
            raise _bad("chat not found")
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        return chat

    def _writable(self, chat_id: int | str) -> _Chat:
        """A chat the bot may post in, or Telegram's 403 / 400 for why it may not."""
        chat = self._resolve(chat_id)
        if chat.type == "private":
            if chat.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            return chat
        status = chat.members.get(self.bot_id, "left")
        kind = {"group": "group chat", "supergroup": "supergroup chat", "channel": "channel chat"}[chat.type]
        if status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind}")
        if status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind}")
        if chat.type == "channel" and status not in ("administrator", "creator"):
            raise _bad("need administrator rights in the channel chat")
        return chat

    def _thread(self, chat: _Chat, thread_id: int | None) -> int | None:
        if thread_id is None:
            return None
        if chat.is_forum or (chat.type in ("group", "supergroup") and thread_id in chat.messages):
            return thread_id
        raise _bad("message thread not found")

    def _reply_target(self, chat: _Chat, params: Params) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if not reply:
            return None
        target_chat = chat if reply.get("chat_id") is None else self._resolve(reply["chat_id"])
        replied = target_chat.live(reply["message_id"])
        if replied is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise _bad("message to be replied not found")
        return {k: v for k, v in replied.items() if k != "reply_to_message"}

    # --- text and markup ---

    def _format(self, text: str, params: Params, *, caption: bool) -> FormattedText | None:
        given = params.get("caption_entities" if caption else "entities")
        try:
            formatted = format_text(
                text,
                params.get("parse_mode"),
                [Entity.from_api(e) for e in given] if given else None,
                allow_empty=caption,
            )
        except EntityParseError as exc:
            raise _bad(f"can't parse entities: {exc.reason}") from None
        except UnsupportedParseMode:
            raise _bad("unsupported parse_mode") from None
        if formatted is None:
            raise _bad("message text is empty")
        if len(formatted.text) > (MAX_CAPTION_LENGTH if caption else MAX_TEXT_LENGTH):
            raise _bad("message caption is too long" if caption else "message is too long")
        return formatted if formatted.text or not caption else None

    @staticmethod
    def _markup(params: Params) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        for row in markup.get("inline_keyboard", ()):
            for button in row:
                actions = [a for a in _BUTTON_ACTIONS if a in button]
                if not actions:
                    raise _bad(f"can't parse inline keyboard button: {_TEXT_BUTTONS}")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise _bad("BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"(https?|tg)://\S+$", url):
                    raise _bad("BUTTON_URL_INVALID")
        return dict(markup)

    @staticmethod
    def _echoed_markup(markup: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """Telegram's Message carries inline keyboards only, and only non-empty ones."""
        if markup and any(markup.get("inline_keyboard", ())):
            return {"inline_keyboard": markup["inline_keyboard"]}
        return None

    # --- building the bot's messages ---

    def _bot_message(self, chat: _Chat, params: Params) -> dict[str, Any]:
        thread = self._thread(chat, params.get("message_thread_id"))
        reply = self._reply_target(chat, params)
        message = self._new_message(chat, sender=None if chat.type == "channel" else self.bot_user)
        if thread is not None:
            message["message_thread_id"] = thread
            if chat.is_forum:
                message["is_topic_message"] = True
        if reply is not None:
            message["reply_to_message"] = reply
        return message

    def _deliver(self, chat: _Chat, message: dict[str, Any], sent: SentMessage) -> dict[str, Any]:
        chat.messages[sent.message_id] = message
        chat.sent[sent.message_id] = sent
        self._emit(ChatEvent("sent", chat.id, message=sent))
        return message

    def _sent(self, method: str, chat: _Chat, message: Mapping[str, Any], params: Params) -> SentMessage:
        return SentMessage(
            message_id=message["message_id"],
            chat_id=chat.id,
            method=method,
            date=message["date"],
            parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
            reply_to_message_id=message.get("reply_to_message", {}).get("message_id"),
            message_thread_id=message.get("message_thread_id"),
            disable_notification=bool(params.get("disable_notification")),
            params=self._shown(params),
        )

    # === methods =====================================================================================

    def _harmless(self, params: Params) -> bool:
        return True

    def _get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # --- updates ---

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        self._poll_conflict = _POLL_OVERTAKEN
        generation = self._poll_generation
        self._notify()  # an earlier long poll learns it has been overtaken
        if "allowed_updates" in params:
            self._allowed_updates = frozenset(params["allowed_updates"])
        offset = params.get("offset", 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        limit = min(max(params.get("limit", 100), 1), 100)
        timeout = max(params.get("timeout", 0), 0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            if generation != self._poll_generation:
                raise ApiError(409, self._poll_conflict)
            if self._updates or self._closing:
                return self._updates[:limit]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    def _set_webhook(self, params: Params) -> _Described:
        url = params["url"]
        if not re.match(r"https?://[^/\s]+", url):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            raise _bad("secret token contains unallowed characters")  # best guess
        if params.get("drop_pending_updates"):
            self._updates.clear()
        if "allowed_updates" in params:
            self._allowed_updates = frozenset(params["allowed_updates"])
        was_set = self._webhook is not None
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": params.get("max_connections", 40),
            "ip_address": params.get("ip_address"),
            "has_custom_certificate": "certificate" in params,
        }
        self._webhook_error = None
        self._poll_generation += 1
        self._poll_conflict = "Conflict: terminated by setWebhook request"
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver_webhooks())
        self._notify()
        return _Described(True, "Webhook was updated" if was_set else "Webhook was set")

    def _delete_webhook(self, params: Params) -> _Described:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        if self._webhook is None:
            return _Described(True, "Webhook is already deleted")
        self._webhook = None
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            self._webhook_task = None
        self._notify()
        return _Described(True, "Webhook was deleted")

    def _get_webhook_info(self, params: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": bool(self._webhook and self._webhook["has_custom_certificate"]),
            "pending_update_count": len(self._updates),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
            if self._webhook["ip_address"]:
                info["ip_address"] = self._webhook["ip_address"]
            if self._allowed_updates:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if self._webhook_error:
                info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    async def _deliver_webhooks(self) -> None:
        """POST pending updates to the webhook one at a time, in order, retrying failures."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        while self._webhook is not None and not self._closing:
            if not self._updates:
                await self._changed.wait()
                continue
            update, hook = self._updates[0], self._webhook
            headers = {"Content-Type": "application/json"}
            if hook["secret_token"]:
                headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
            status: int | None = None
            error: str | None = None
            try:
                async with self._session.post(
                    hook["url"],
                    data=json.dumps(update),
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=10),
                ) as response:
                    status = response.status
                    await response.read()
                    if not 200 <= status < 300:
                        error = f"Wrong response from the webhook: {status} {response.reason}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = (
                    "Connection refused"
                    if isinstance(exc, aiohttp.ClientConnectorError)
                    else str(exc) or "Timeout"
                )
            self.webhook_deliveries.append(WebhookDelivery(update["update_id"], status, error))
            if error is None:
                if self._updates and self._updates[0] is update:
                    self._updates.pop(0)
                self._notify()
            else:
                self._webhook_error = (self._now(), error)
                self._notify()
                await asyncio.sleep(self.webhook_retry_delay)

    # --- sending ---

    def _send_message(self, params: Params) -> dict[str, Any]:
        chat = self._writable(params["chat_id"])
        formatted = self._format(params["text"], params, caption=False)
        assert formatted is not None
        markup = self._markup(params)
        message = self._bot_message(chat, params)
        message["text"] = formatted.text
        if formatted.entities:
            message["entities"] = formatted.entities_api(self._users)
        if (echoed := self._echoed_markup(markup)) is not None:
            message["reply_markup"] = echoed
        if "link_preview_options" in params:
            message["link_preview_options"] = params["link_preview_options"]
        sent = self._sent("sendMessage", chat, message, params)
        sent.text, sent.entities, sent.html = formatted.text, formatted.entities, params["text"]
        return self._deliver(chat, message, sent)

    def _send_photo(self, params: Params) -> dict[str, Any]:
        return self._send_media("photo", params)

    def _send_document(self, params: Params) -> dict[str, Any]:
        return self._send_media("document", params)

    def _send_media(self, kind: Literal["photo", "document"], params: Params) -> dict[str, Any]:
        chat = self._writable(params["chat_id"])
        stored = self._stored_file(kind, params[kind])
        caption = self._format(params["caption"], params, caption=True) if "caption" in params else None
        markup = self._markup(params)
        message = self._bot_message(chat, params)
        size = image_size(stored.data) if kind == "photo" else None
        if kind == "photo":
            assert size is not None
            message["photo"] = self._photo_sizes(stored, *size)
        else:
            message["document"] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "file_name": stored.filename,
                "mime_type": stored.mime_type,
                "file_size": len(stored.data),
            }
        if caption is not None:
            message["caption"] = caption.text
            if caption.entities:
                message["caption_entities"] = caption.entities_api(self._users)
        if (echoed := self._echoed_markup(markup)) is not None:
            message["reply_markup"] = echoed
        sent = self._sent("sendPhoto" if kind == "photo" else "sendDocument", chat, message, params)
        sent.caption = caption.text if caption else None
        sent.caption_entities = caption.entities if caption else ()
        sent.html = params.get("caption")
        sent.filename, sent.mime_type, sent.file_id = stored.filename, stored.mime_type, stored.file_id
        if kind == "photo":
            sent.photo = stored.data
            sent.width, sent.height = size or (None, None)
        else:
            sent.document = stored.data
        return self._deliver(chat, message, sent)

    def _stored_file(self, kind: Literal["photo", "document"], value: UploadedFile | str) -> _StoredFile:
        if isinstance(value, str):
            known = self._files.get(value)
            if known is not None:
                return known
            if re.match(r"https?://", value):
                raise _bad("failed to get HTTP URL content")  # the stand-in has no network
            raise _bad("wrong file identifier/HTTP URL specified")
        if not value.data:
            raise _bad("file must be non-empty")
        if kind == "photo":
            size = image_size(value.data)
            if size is None:
                raise _bad("IMAGE_PROCESS_FAILED")
            width, height = size
            if width + height > 10_000 or max(width, height) > 20 * min(width, height):
                raise _bad("PHOTO_INVALID_DIMENSIONS")
            if len(value.data) > _MAX_PHOTO:
                raise _bad("file is too big")  # best guess
        number = next(self._file_ids)
        prefix = "AgACAgIAAxkDAAI" if kind == "photo" else "BQACAgIAAxkDAAI"
        suffix = ".jpg" if kind == "photo" else (mimetypes.guess_extension(value.content_type) or "")
        filename = value.filename or f"file_{number}{suffix}"
        stored = _StoredFile(
            file_id=f"{prefix}{number:06d}{secrets.token_hex(4)}",
            unique_id=f"AQAD{number:06d}",
            path=f"{kind}s/file_{number}{suffix if kind == 'photo' else _extension(filename)}",
            data=value.data,
            kind=kind,
            filename=filename,
            mime_type="image/jpeg" if kind == "photo" else (value.content_type or "application/octet-stream"),
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.path] = stored
        return stored

    @staticmethod
    def _photo_sizes(stored: _StoredFile, width: int, height: int) -> list[dict[str, Any]]:
        """Telegram's thumbnails: 90, 320 and 800 px on the long side where the image is larger,
        and the photo itself up to 1280 px."""
        longest = max(width, height)
        sizes = []
        for i, limit in enumerate((90, 320, 800, 1280)):
            if limit < 1280 and longest <= limit:
                continue
            scale = min(1.0, limit / longest)
            sizes.append(
                {
                    "file_id": stored.file_id if limit == 1280 else f"{stored.file_id}_{i}",
                    "file_unique_id": f"{stored.unique_id}{i}",
                    "width": max(1, round(width * scale)),
                    "height": max(1, round(height * scale)),
                    "file_size": len(stored.data)
                    if limit == 1280
                    else max(1, int(len(stored.data) * scale * scale)),
                }
            )
        return sizes

    def _send_chat_action(self, params: Params) -> bool:
        self._thread(self._writable(params["chat_id"]), params.get("message_thread_id"))
        if params["action"] not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    # --- editing and deleting ---

    def _editable(self, params: Params) -> tuple[_Chat, dict[str, Any], SentMessage]:
        if "inline_message_id" in params:
            raise _bad("MESSAGE_ID_INVALID")  # the stand-in has no inline messages
        if "chat_id" not in params:
            raise _bad("chat_id is empty")
        if "message_id" not in params:
            raise _bad("message identifier is not specified")  # best guess
        chat = self._writable(params["chat_id"])
        message = chat.live(params["message_id"])
        if message is None:
            raise _bad("message to edit not found")
        sent = chat.sent.get(params["message_id"])
        if sent is None:
            raise _bad("message can't be edited")
        return chat, message, sent

    def _apply_edit(
        self,
        method: str,
        chat: _Chat,
        message: dict[str, Any],
        sent: SentMessage,
        params: Params,
        *,
        text: FormattedText | None = None,
        caption: FormattedText | Literal[False] | None = False,
    ) -> dict[str, Any]:
        """Change a message; without reply_markup Telegram removes its inline keyboard."""
        markup = self._markup(params)
        echoed = self._echoed_markup(markup)
        new = dict(message)
        if text is not None:
            new["text"] = text.text
            new.pop("entities", None)
            if text.entities:
                new["entities"] = text.entities_api(self._users)
        if caption is not False:
            for key in ("caption", "caption_entities"):
                new.pop(key, None)
            if caption is not None:
                new["caption"] = caption.text
                if caption.entities:
                    new["caption_entities"] = caption.entities_api(self._users)
        new.pop("reply_markup", None)
        if echoed is not None:
            new["reply_markup"] = echoed
        unchanged = {k: v for k, v in new.items() if k != "edit_date"} == {
            k: v for k, v in message.items() if k != "edit_date"
        }
        if unchanged:
            raise ApiError(400, _NOT_MODIFIED)
        new["edit_date"] = self._now()
        chat.messages[sent.message_id] = new
        if text is not None:
            sent.text, sent.entities, sent.html = text.text, text.entities, params.get("text")
            sent.parse_mode = params.get("parse_mode")
        if caption is not False:
            sent.caption = caption.text if caption else None
            sent.caption_entities = caption.entities if caption else ()
            sent.html, sent.parse_mode = params.get("caption"), params.get("parse_mode")
        sent.reply_markup = markup
        sent.edits.append(
            MessageVersion(
                method,
                new["edit_date"],
                sent.text,
                sent.entities,
                sent.caption,
                sent.caption_entities,
                markup,
                sent.html,
            )
        )
        self._emit(ChatEvent("edited", chat.id, message=sent))
        return new

    def _edit_message_text(self, params: Params) -> dict[str, Any]:
        chat, message, sent = self._editable(params)
        if "text" not in params:
            raise _bad("message text is empty")
        if "text" not in message:
            raise _bad("there is no text in the message to edit")
        formatted = self._format(params["text"], params, caption=False)
        return self._apply_edit("editMessageText", chat, message, sent, params, text=formatted)

    def _edit_message_caption(self, params: Params) -> dict[str, Any]:
        chat, message, sent = self._editable(params)
        if "text" in message:
            raise _bad("there is no caption in the message to edit")
        caption = self._format(params["caption"], params, caption=True) if "caption" in params else None
        return self._apply_edit("editMessageCaption", chat, message, sent, params, caption=caption)

    def _edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        chat, message, sent = self._editable(params)
        return self._apply_edit("editMessageReplyMarkup", chat, message, sent, params)

    def _delete_message(self, params: Params) -> bool:
        chat = self._resolve(params["chat_id"])
        message_id = params["message_id"]
        message = chat.live(message_id)
        if message is None:
            raise _bad("message to delete not found")
        own = message.get("from", {}).get("id") == self.bot_id or message_id in chat.sent
        if (
            not own
            and chat.type != "private"
            and chat.members.get(self.bot_id) not in ("administrator", "creator")
        ):
            raise _bad("message can't be deleted")
        chat.deleted.add(message_id)
        sent = chat.sent.get(message_id)
        if sent is not None:
            sent.deleted = True
            self._emit(ChatEvent("deleted", chat.id, message=sent))
        return True

    def _answer_callback_query(self, params: Params) -> bool:
        where = self._queries.pop(params["callback_query_id"], None)
        if where is None:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        answer = CallbackAnswer(
            params["callback_query_id"],
            where[0],
            where[1],
            params.get("text"),
            bool(params.get("show_alert")),
            params.get("url"),
        )
        self.callback_answers.append(answer)
        self._emit(ChatEvent("answered", where[0], answer=answer))
        return True

    # --- commands ---

    @staticmethod
    def _scope_key(scope: Mapping[str, Any] | None) -> str:
        return json.dumps(scope or {"type": "default"}, sort_keys=True)

    def _set_my_commands(self, params: Params) -> bool:
        commands = params["commands"]
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _COMMAND.fullmatch(command["command"]):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")  # best guess
        key = (self._scope_key(params.get("scope")), params.get("language_code", ""))
        if commands:
            self._commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: Params) -> list[dict[str, Any]]:
        return self.commands(params.get("scope"), params.get("language_code", ""))

    def _delete_my_commands(self, params: Params) -> bool:
        self._commands.pop((self._scope_key(params.get("scope")), params.get("language_code", "")), None)
        return True

    # --- chats and members ---

    def _get_chat(self, params: Params) -> dict[str, Any]:
        chat = self._resolve(params["chat_id"])
        info = chat.json()
        info.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return info

    @staticmethod
    def _member_json(user: Mapping[str, Any], status: str) -> dict[str, Any]:
        out: dict[str, Any] = {"status": status, "user": dict(user)}
        if status == "creator":
            out["is_anonymous"] = False
        elif status == "administrator":
            out.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=True,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=False,
                can_edit_stories=False,
                can_delete_stories=False,
                can_post_messages=True,
                can_edit_messages=True,
                can_pin_messages=True,
            )
        elif status == "restricted":
            out.update(dict.fromkeys(_RESTRICTED_PERMISSIONS, False), is_member=True, until_date=0)
        elif status == "kicked":
            out["until_date"] = 0
        return out

    def _get_chat_member(self, params: Params) -> dict[str, Any]:
        chat = self._resolve(params["chat_id"])
        user_id = params["user_id"]
        user = self._users.get(user_id)
        if user is None:
            raise _bad("user not found")
        if chat.type == "private":
            if user_id not in (chat.id, self.bot_id):
                raise _bad("user not found")
            return self._member_json(user, "kicked" if chat.blocked and user_id == self.bot_id else "member")
        return self._member_json(user, chat.members.get(user_id, "left"))

    def _get_chat_administrators(self, params: Params) -> list[dict[str, Any]]:
        chat = self._resolve(params["chat_id"])
        if chat.type == "private":
            raise _bad("there are no administrators in the private chat")
        admins = []
        for user_id, status in chat.members.items():
            user = self._users.get(user_id)
            if user is None or status not in ("creator", "administrator"):
                continue
            if user.get("is_bot") and user_id != self.bot_id and not params.get("return_bots"):
                continue
            admins.append(self._member_json(user, status))
        return admins

    def _get_chat_member_count(self, params: Params) -> int:
        chat = self._resolve(params["chat_id"])
        if chat.type == "private":
            return 2
        return sum(1 for status in chat.members.values() if status not in ("left", "kicked"))

    def _leave_chat(self, params: Params) -> bool:
        chat = self._resolve(params["chat_id"])
        if chat.type == "private":
            raise _bad("chat member status can't be changed in private chats")
        self.set_member_status(chat.id, self.bot_id, "left")
        return True

    def _get_file(self, params: Params) -> dict[str, Any]:
        stored = self._files.get(params["file_id"])
        if stored is None:
            raise _bad("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.data),
            "file_path": stored.path,
        }


def _extension(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:] if dot > 0 else ""
