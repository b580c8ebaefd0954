"""Telegram without Telegram: the strict Bot API stand-in, its fault injection and the console chat.

Used by the tests, the benchmarks and ``launchwatch run`` without a bot token (console mode), so
it ships in the package. python-telegram-bot talks to it over real HTTP on 127.0.0.1.
"""

from bot.testing.console import ConsoleChat, render_console
from bot.testing.entities import Entity, EntityParseError, FormattedText, parse_html
from bot.testing.fake_telegram import ApiError, ChatEvent, FakeTelegram
from bot.testing.faults import Fault
from bot.testing.recorded import Call, CallbackAnswer, MessageVersion, SentMessage, WebhookDelivery

__all__ = [
    "ApiError",
    "Call",
    "CallbackAnswer",
    "ChatEvent",
    "ConsoleChat",
    "Entity",
    "EntityParseError",
    "FakeTelegram",
    "Fault",
    "FormattedText",
    "MessageVersion",
    "SentMessage",
    "WebhookDelivery",
    "parse_html",
    "render_console",
]
