"""What one chat wants to be told, and when: the settings stored with a subscription."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.records import Actor, MissileClass


class DigestFrequency(StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


class RegionFilter(StrEnum):
    """Which landings a chat cares about: all, or only those that touch Japan / head toward South Korea."""

    ANY = "any"
    JAPAN = "japan"
    SOUTH_KOREA = "south_korea"


DEFAULT_THRESHOLD = 2
DEFAULT_TIMEZONE = "Asia/Seoul"


@dataclass(frozen=True, slots=True)
class ChatPrefs:
    #: Alerts at or above this level (1-5) are sent.
    threshold: int = DEFAULT_THRESHOLD
    #: Empty means every side; otherwise only events with one of these actors.
    actors: frozenset[Actor] = field(default_factory=frozenset)
    #: Empty means every class; otherwise only events of these classes.
    classes: frozenset[MissileClass] = field(default_factory=frozenset)
    region: RegionFilter = RegionFilter.ANY
    #: IANA timezone name; dates and digest times are shown and scheduled in it.
    timezone: str = DEFAULT_TIMEZONE
    digest: DigestFrequency = DigestFrequency.OFF
    #: Local time of day the digest is sent.
    digest_time: dt.time = dt.time(8, 0)
    #: Day of week for weekly digests, Monday = 0.
    digest_weekday: int = 0
    #: Quiet hours, local time; both None means no quiet hours. The span may cross midnight.
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None


@dataclass(frozen=True, slots=True)
class Chat:
    """A chat the bot knows and what it has asked for."""

    chat_id: int
    #: Telegram's chat type: ``private``, ``group``, ``supergroup`` or ``channel``.
    type: str
    title: str | None = None
    subscribed: bool = False
    #: The forum topic its alerts go to, if any.
    thread_id: int | None = None
    prefs: ChatPrefs = field(default_factory=ChatPrefs)
    inactive_reason: str | None = None
    last_digest_at: dt.datetime | None = None
