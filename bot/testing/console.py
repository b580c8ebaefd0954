"""The terminal as one private chat with the bot, over the Bot API stand-in (console mode).

``render_console`` turns a message (plain text plus Bot API entities, as Telegram stores it) into
what a reader should see in a terminal; ``ConsoleChat`` wires stdin and stdout to a private chat
of a :class:`~bot.testing.fake_telegram.FakeTelegram`.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from bot.testing.entities import Entity
from bot.testing.fake_telegram import ChatEvent, FakeTelegram
from bot.testing.recorded import CallbackAnswer, SentMessage

__all__ = ["CONSOLE_CHAT_ID", "ConsoleChat", "KeyboardButton", "keyboard_buttons", "render_console"]

#: The console user's id, which is also the id of their private chat with the bot.
CONSOLE_CHAT_ID = 100_000_001

# ANSI Select Graphic Rendition pairs: (on, off). Each "off" resets only its own attribute, so
# nested entities (bold inside a link inside a quote) close cleanly.
_SGR: dict[str, tuple[str, str]] = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "italic": ("\x1b[3m", "\x1b[23m"),
    "underline": ("\x1b[4m", "\x1b[24m"),
    "strikethrough": ("\x1b[9m", "\x1b[29m"),
    "spoiler": ("\x1b[7m", "\x1b[27m"),
    "code": ("\x1b[36m", "\x1b[39m"),
    "pre": ("\x1b[36m", "\x1b[39m"),
    "text_link": ("\x1b[4m", "\x1b[24m"),
    "url": ("\x1b[4m", "\x1b[24m"),
}
_QUOTE_BAR = "│ "


@dataclass(frozen=True, slots=True)
class KeyboardButton:
    """One inline button; ``number`` is what the console user types to press a callback button."""

    number: int | None
    text: str
    callback_data: str | None
    url: str | None


def keyboard_buttons(reply_markup: Mapping[str, Any] | None) -> list[list[KeyboardButton]]:
    """The inline keyboard's rows; callback buttons are numbered from 1 in reading order."""
    rows: list[list[KeyboardButton]] = []
    number = 0
    for row in (reply_markup or {}).get("inline_keyboard", ()):
        out = []
        for button in row:
            data = button.get("callback_data")
            shown: int | None = None
            if data is not None:
                number += 1
                shown = number
            out.append(KeyboardButton(shown, button["text"], data, button.get("url")))
        rows.append(out)
    return rows


def _code_point_index(text: str) -> Callable[[int], int]:
    """UTF-16 offset -> index into the Python string."""
    starts: list[int] = []
    for i, ch in enumerate(text):
        starts.extend([i] * (2 if ord(ch) > 0xFFFF else 1))
    starts.append(len(text))
    return lambda offset: starts[min(max(offset, 0), len(starts) - 1)]


def render_console(
    text: str,
    entities: Sequence[Entity],
    reply_markup: Mapping[str, Any] | None,
    *,
    color: bool,
) -> str:
    """A message as a terminal should show it.

    The text is what Telegram displays (the HTML is already gone). Links whose text is not their
    address read ``text (url)``; block quotes get a bar before each line; with ``color`` (a TTY),
    bold, italic, underline, strikethrough, code, links and spoilers use ANSI attributes, and
    without it the text is left plain. An inline keyboard follows, one line per row:
    ``[ 1. Latest ]  [ Map ↗ https://… ]``; the numbers are what the user types to press a
    callback button. A reply keyboard is listed as ``keyboard: a | b``.
    """
    index = _code_point_index(text)
    opens: dict[int, list[Entity]] = {}
    closes: dict[int, list[Entity]] = {}
    quotes: list[tuple[int, int]] = []
    for entity in entities:
        start, end = index(entity.offset), index(entity.end)
        if entity.type in ("blockquote", "expandable_blockquote"):
            quotes.append((start, end))
            continue
        if entity.type in _SGR or entity.type == "text_link":
            opens.setdefault(start, []).append(entity)
            closes.setdefault(end, []).append(entity)

    def in_quote(pos: int) -> bool:
        return any(start <= pos < end for start, end in quotes)

    def close(entity: Entity, start: int, end: int) -> str:
        out = _SGR[entity.type][1] if color and entity.type in _SGR else ""
        if entity.type == "text_link" and entity.url:
            shown = text[start:end].strip()
            if shown.rstrip("/") != entity.url.rstrip("/"):
                out += f" ({entity.url})"
        return out

    spans = {id(e): (index(e.offset), index(e.end)) for e in entities}
    pieces: list[str] = []
    for pos in range(len(text) + 1):
        # Close the inner (later-opened, shorter) entities first so ANSI attributes nest.
        for entity in sorted(closes.get(pos, ()), key=lambda e: (-e.offset, e.length)):
            pieces.append(close(entity, *spans[id(entity)]))
        if pos == len(text):
            break
        if in_quote(pos) and (pos == 0 or text[pos - 1] == "\n"):
            pieces.append(_QUOTE_BAR)
        if color:
            for entity in sorted(opens.get(pos, ()), key=lambda e: (e.offset, -e.length)):
                if entity.type in _SGR:
                    pieces.append(_SGR[entity.type][0])
        pieces.append(text[pos])
    body = "".join(pieces)
    return "\n".join([body, *_keyboard_lines(reply_markup, color=color)])


def _keyboard_lines(reply_markup: Mapping[str, Any] | None, *, color: bool) -> list[str]:
    if not reply_markup:
        return []
    lines = []
    for row in keyboard_buttons(reply_markup):
        cells = []
        for button in row:
            if button.number is not None:
                label = f"{button.number}. {button.text}"
            elif button.url:
                label = f"{button.text} ↗ {button.url}"
            else:
                label = button.text
            cells.append(f"[ {label} ]")
        if cells:
            lines.append("  ".join(cells))
    reply_rows = reply_markup.get("keyboard")
    if reply_rows:
        labels = [b if isinstance(b, str) else str(b.get("text", "")) for row in reply_rows for b in row]
        lines.append("keyboard: " + " | ".join(labels))
    if color and lines:
        return [f"\x1b[2m{line}\x1b[22m" for line in lines]
    return lines


class ConsoleChat:
    """The terminal as a private chat with the bot.

    Every line typed is a message from the console user (``first_name`` "You") in their private
    chat (``chat_id``, :data:`CONSOLE_CHAT_ID` by default), pushed to the stand-in, so the bot
    sees exactly what it would from Telegram: ``/latest``, ``/help`` and plain text alike.

    Every message the bot sends to that chat is printed as Telegram would show it (see
    :func:`render_console`), under a header with the bot's name and the time; edits are printed
    again under "edited", deletions and callback-query notifications as one line. Photos and
    documents are saved in ``save_dir`` (a fresh temporary folder by default) and announced as
    ``[photo: chart.png 1080×720, saved to /tmp/…/7-chart.png]``, followed by their caption.

    Pressing buttons: the inline keyboard of the bot's latest message that has callback buttons
    is the active one. A line that is just a button's number (``2``) or exactly its label
    (case-insensitive, ``Next``) presses it, as a tap would: the bot gets a callback query. Start
    the line with a backslash (``\\2``) to send it as text instead.

    ANSI attributes are used when ``color`` is true; by default when stdout is a terminal. Input
    is read in a daemon thread so the event loop never blocks; end of input stops the reader
    quietly and leaves the bot running. When stdin is not a terminal the lines read are echoed
    (``> /latest``) so a transcript reads like a conversation.
    """

    def __init__(
        self,
        tg: FakeTelegram,
        *,
        chat_id: int = CONSOLE_CHAT_ID,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        first_name: str = "You",
        username: str | None = "console",
        color: bool | None = None,
        save_dir: Path | None = None,
    ) -> None:
        self.tg = tg
        self.chat_id = chat_id
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.first_name = first_name
        self.username = username
        self.color = _isatty(self.stdout) if color is None else color
        self._echo = not _isatty(self.stdin)
        self._save_dir = save_dir
        self._unsubscribe: Callable[[], None] | None = None

    # --- output -------------------------------------------------------------------------------

    def attach(self) -> None:
        """Start printing what the bot does in the console chat."""
        if self._unsubscribe is None:
            self.tg.add_chat(self.chat_id, "private", first_name=self.first_name, username=self.username)
            self._unsubscribe = self.tg.subscribe(self._on_event)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event: ChatEvent) -> None:
        if event.chat_id != self.chat_id:
            return
        if event.kind == "answered" and event.answer is not None:
            self._print_answer(event.answer)
        elif event.message is not None:
            self._write(self._describe(event.kind, event.message))

    def _describe(self, kind: str, message: SentMessage) -> str:
        if kind == "deleted":
            return f"(the bot deleted message #{message.message_id})"
        name = str(self.tg.bot_user["first_name"])
        stamp = message.edits[-1].date if message.edits else message.date
        when = datetime.fromtimestamp(stamp).strftime("%H:%M")
        header = f"{name} · {when}" + (" · edited" if kind == "edited" else "")
        if self.color:
            header = f"\x1b[1m{header}\x1b[22m"
        lines = [header]
        media = self._media_line(message) if kind == "sent" else None
        if media:
            lines.append(media)
        text = message.shown_text
        if text or message.reply_markup:
            lines.append(render_console(text, message.shown_entities, message.reply_markup, color=self.color))
        return "\n".join(lines)

    def _media_line(self, message: SentMessage) -> str | None:
        data = message.photo if message.photo is not None else message.document
        if data is None:
            return None
        folder = self._save_dir or Path(tempfile.mkdtemp(prefix="launchwatch-console-"))
        self._save_dir = folder
        folder.mkdir(parents=True, exist_ok=True)
        name = Path(message.filename or "file").name
        path = folder / f"{message.message_id}-{name}"
        path.write_bytes(data)
        if message.photo is not None:
            return f"[photo: {name} {message.width}×{message.height}, saved to {path}]"
        return f"[document: {name}, {_size(len(data))}, saved to {path}]"

    def _print_answer(self, answer: CallbackAnswer) -> None:
        if answer.text:
            self._write(f"({'alert' if answer.show_alert else 'notification'}: {answer.text})")

    def _write(self, text: str) -> None:
        self.stdout.write(f"\n{text}\n")
        self.stdout.flush()

    # --- input --------------------------------------------------------------------------------

    async def run(self) -> None:
        """Read lines until end of input, pushing each one to the bot; printing goes on after."""
        self.attach()
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str | None] = asyncio.Queue()

        def read() -> None:
            try:
                for line in iter(self.stdin.readline, ""):
                    loop.call_soon_threadsafe(lines.put_nowait, line)
            except (OSError, ValueError):  # stdin closed under us
                pass
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody is listening
                loop.call_soon_threadsafe(lines.put_nowait, None)

        # A daemon thread, not the default executor: a blocked readline must not hold up exit.
        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        while (line := await lines.get()) is not None:
            self.handle_line(line)

    def handle_line(self, line: str) -> None:
        """One line typed by the console user: a button press or a message."""
        text = line.rstrip("\r\n")
        if not text.strip():
            return
        if self._echo:
            self._write(f"> {text}")
        if text.startswith("\\"):
            self._send(text[1:])
            return
        button = self._button_for(text.strip())
        if button is not None:
            message_id, data = button
            self.tg.push_callback_query(
                self.chat_id, message_id, data, first_name=self.first_name, username=self.username
            )
        else:
            self._send(text)

    def _send(self, text: str) -> None:
        self.tg.push_message(self.chat_id, text, first_name=self.first_name, username=self.username)

    def _button_for(self, typed: str) -> tuple[int, str] | None:
        for message in reversed(self.tg.messages(self.chat_id)):
            if message.deleted:
                continue
            buttons = [b for row in keyboard_buttons(message.reply_markup) for b in row if b.callback_data]
            if not buttons:
                continue
            for button in buttons:
                if typed == str(button.number) or typed.casefold() == button.text.casefold():
                    assert button.callback_data is not None
                    return message.message_id, button.callback_data
            return None
        return None


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"
