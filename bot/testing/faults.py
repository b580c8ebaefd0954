"""Faults the Bot API stand-in can inject: Telegram refusing, stalling or hanging up on a call.

A :class:`Fault` says which calls it hits (a method, a chat, every Nth, only the first N) and what
happens to them. Build one with a factory, hand it to ``FakeTelegram.add_fault`` and read its
``seen``/``hits`` counters afterwards::

    flood = tg.add_fault(Fault.retry_after(3, method="sendMessage", first=1))
    ...                                  # the first sendMessage gets 429, the retry goes through
    assert flood.hits == 1
    tg.remove_fault(flood)

Error faults answer before the call takes effect (nothing is sent), as Telegram does for flood
control. A delay lets the call go through afterwards, so a client that gave up (``TimedOut``) may
still find its message delivered, which is exactly the hazard retries must survive. A drop closes
the connection without an answer; with ``after_handling=True`` the call takes effect first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict, Unpack

__all__ = ["Fault", "FaultMatch"]


class FaultMatch(TypedDict, total=False):
    """Which calls a fault hits; every key is optional."""

    method: str  # a Bot API method name, case-insensitive; all methods when absent
    chat_id: int | str  # calls whose chat_id parameter is this chat
    every: int  # only every Nth matching call (1: each)
    first: int  # only among the first N matching calls


@dataclass(eq=False, slots=True)
class Fault:
    kind: Literal["error", "delay", "drop"]
    method: str | None = None
    chat_id: int | str | None = None
    every: int = 1
    first: int | None = None
    error_code: int = 0
    description: str = ""
    parameters: dict[str, Any] | None = None
    seconds: float = 0.0
    after_handling: bool = False
    #: Matching calls seen so far, and how many of them the fault hit.
    seen: int = field(default=0, init=False)
    hits: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.every < 1:
            raise ValueError("every must be at least 1")

    # --- factories ------------------------------------------------------------------------------

    @classmethod
    def error(
        cls,
        code: int,
        description: str,
        *,
        parameters: dict[str, Any] | None = None,
        **match: Unpack[FaultMatch],
    ) -> Fault:
        """Answer with Telegram's error envelope: ``{"ok": false, "error_code": code, ...}``."""
        return cls("error", error_code=code, description=description, parameters=parameters, **match)

    @classmethod
    def retry_after(cls, seconds: int, **match: Unpack[FaultMatch]) -> Fault:
        """429 flood control; python-telegram-bot raises ``RetryAfter``."""
        return cls.error(
            429, f"Too Many Requests: retry after {seconds}", parameters={"retry_after": seconds}, **match
        )

    @classmethod
    def forbidden(
        cls, description: str = "Forbidden: bot was blocked by the user", **match: Unpack[FaultMatch]
    ) -> Fault:
        """403; python-telegram-bot raises ``Forbidden``."""
        return cls.error(403, description, **match)

    @classmethod
    def bad_request(cls, description: str, **match: Unpack[FaultMatch]) -> Fault:
        """400; ``description`` gets Telegram's "Bad Request: " prefix when it lacks one."""
        if not description.startswith("Bad Request: "):
            description = f"Bad Request: {description}"
        return cls.error(400, description, **match)

    @classmethod
    def migrated(cls, new_chat_id: int, **match: Unpack[FaultMatch]) -> Fault:
        """400 for a group that became a supergroup; python-telegram-bot raises ``ChatMigrated``."""
        return cls.error(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            parameters={"migrate_to_chat_id": new_chat_id},
            **match,
        )

    @classmethod
    def server_error(cls, code: int = 500, **match: Unpack[FaultMatch]) -> Fault:
        """500 (or 502 "Bad Gateway"); python-telegram-bot raises ``NetworkError``."""
        description = "Bad Gateway" if code == 502 else "Internal Server Error"
        return cls.error(code, description, **match)

    @classmethod
    def delay(cls, seconds: float, **match: Unpack[FaultMatch]) -> Fault:
        """Hold the call ``seconds`` before serving it (a client with a shorter timeout gets ``TimedOut``)."""
        return cls("delay", seconds=seconds, **match)

    @classmethod
    def drop(cls, *, after_handling: bool = False, **match: Unpack[FaultMatch]) -> Fault:
        """Close the connection without an answer (``NetworkError``); optionally after serving the call."""
        return cls("drop", after_handling=after_handling, **match)

    # --- matching -------------------------------------------------------------------------------

    def applies_to(self, method: str, chat_id: object) -> bool:
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def trigger(self) -> bool:
        """Count one matching call; True when this one is hit."""
        self.seen += 1
        if self.first is not None and self.seen > self.first:
            return False
        if self.seen % self.every:
            return False
        self.hits += 1
        return True
