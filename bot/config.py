"""Settings: read once from an environment mapping and CLI overrides, validated up front.

This is the only module that knows environment variable names. A bad value raises
:class:`ConfigError` naming the variable, which the CLI prints as one line (exit 2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.ratelimit import Limits, Rate, parse_rate

DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///launchwatch.db"
DEFAULT_INGEST_DIR = "ingest"
DEFAULT_ALERT_MAX_AGE = "72h"
DEFAULT_MAX_FILE_SIZE = "20MB"


class ConfigError(Exception):
    """A setting has a value launchwatch cannot use. The message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    #: None runs the console chat against the in-process Bot API stand-in.
    telegram_token: str | None
    #: python-telegram-bot's ``base_url`` form: the token is appended to it.
    telegram_api_url: str
    #: An async SQLAlchemy URL (``sqlite+aiosqlite://`` or ``postgresql+asyncpg://``).
    database_url: str
    ingest_dir: Path
    #: Events older than this when first stored are back-filled silently; None alerts on any age.
    alert_max_age: dt.timedelta | None
    max_file_size: int
    log_level: str = "INFO"
    #: Public HTTPS URL for webhook mode; None means long polling.
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    #: Telegram's sending limits (TELEGRAM_RATE_GLOBAL, _PRIVATE, _GROUP, times TELEGRAM_RATE_SCALE).
    telegram_limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **overrides: str | None) -> Settings:
        """Build settings from ``environ``; a non-None override (from a CLI flag) wins over its variable.

        Override keys are the lower-case variable names: ``telegram_bot_token``, ``database_url``, ...
        """

        def get(name: str, default: str | None = None) -> str | None:
            override = overrides.get(name.lower())
            if override is not None:
                return override
            value = environ.get(name)
            if value is None or value.strip() == "":
                return default
            return value.strip()

        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and not re.fullmatch(r"\d+:[A-Za-z0-9_-]{20,}", token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN: not a bot token (expected digits, a colon and the secret, "
                "as @BotFather gives it)"
            )
        api_url = get("TELEGRAM_API_URL", DEFAULT_API_URL) or DEFAULT_API_URL
        if not re.match(r"https?://[^/\s]+", api_url):
            raise ConfigError(f"TELEGRAM_API_URL: {api_url!r} is not an http(s) URL")
        webhook_url = get("WEBHOOK_URL")
        if webhook_url is not None and not (
            webhook_url.startswith("https://")
            or re.match(r"http://(127\.0\.0\.1|localhost|\[::1\])[:/]", webhook_url)
        ):
            # Plain http only on this machine, where the Bot API stand-in delivers updates.
            raise ConfigError(f"WEBHOOK_URL: {webhook_url!r} must be an https:// URL (Telegram requires it)")
        return cls(
            telegram_token=token,
            telegram_api_url=api_url,
            database_url=database_url(get("DATABASE_URL", DEFAULT_DATABASE_URL) or DEFAULT_DATABASE_URL),
            ingest_dir=Path(get("INGEST_DIR", DEFAULT_INGEST_DIR) or DEFAULT_INGEST_DIR),
            alert_max_age=parse_max_age(get("ALERT_MAX_AGE", DEFAULT_ALERT_MAX_AGE) or "", "ALERT_MAX_AGE"),
            max_file_size=parse_size(
                get("INGEST_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE) or "", "INGEST_MAX_FILE_SIZE"
            ),
            log_level=parse_log_level(get("LOG_LEVEL", "INFO") or "INFO"),
            webhook_url=webhook_url,
            webhook_listen=get("WEBHOOK_LISTEN", "0.0.0.0") or "0.0.0.0",
            webhook_port=parse_port(get("PORT", "8443") or "8443", "PORT"),
            webhook_secret=parse_secret(get("WEBHOOK_SECRET")),
            telegram_limits=parse_limits(get),
        )


_DURATION = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>s|sec|m|min|h|hr|d|day|w|wk)s?", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "day": 86400}
_UNIT_SECONDS |= {"w": 604800, "wk": 604800}


def parse_duration(text: str, name: str) -> dt.timedelta:
    """``90s``, ``30m``, ``72h``, ``3d``, ``2w`` or combinations like ``1d12h``."""
    compact = text.strip().replace(" ", "")
    pos, total = 0, 0.0
    for match in _DURATION.finditer(compact):
        if match.start() != pos:
            break
        total += float(match["n"]) * _UNIT_SECONDS[match["unit"].lower()]
        pos = match.end()
    if pos != len(compact) or pos == 0:
        raise ConfigError(f"{name}: {text!r} is not a duration (examples: 72h, 3d, 90m, or off)")
    return dt.timedelta(seconds=total)


def parse_max_age(text: str, name: str) -> dt.timedelta | None:
    if text.strip().lower() in {"off", "none", "never", "disabled"}:
        return None
    return parse_duration(text, name)


_SIZE = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[kmg]?i?b?)", re.IGNORECASE)


def parse_size(text: str, name: str) -> int:
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise ConfigError(f"{name}: {text!r} is not a size (examples: 20MB, 500kB, 1048576)")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match["unit"][:1].lower()]
    size = int(float(match["n"]) * factor)
    if size <= 0:
        raise ConfigError(f"{name}: must be larger than zero")
    return size


def parse_limits(get: Callable[[str, str], str | None]) -> Limits:
    """Telegram's limits by default; each may be changed or turned ``off``; SCALE speeds all up (tests)."""
    default = Limits()

    def rate(name: str, fallback: Rate | None) -> Rate | None:
        text = get(name, "")
        if not text:
            return fallback
        try:
            return parse_rate(text)
        except ValueError as exc:
            raise ConfigError(f"{name}: {exc}") from None

    limits = Limits(
        rate("TELEGRAM_RATE_GLOBAL", default.overall),
        rate("TELEGRAM_RATE_PRIVATE", default.private),
        rate("TELEGRAM_RATE_GROUP", default.group),
    )
    scale = get("TELEGRAM_RATE_SCALE", "1") or "1"
    try:
        factor = float(scale)
    except ValueError:
        factor = 0.0
    if not factor > 0:
        raise ConfigError(
            f"TELEGRAM_RATE_SCALE: {scale!r} is not a positive number (1 is Telegram's own limits)"
        )
    return limits if factor == 1 else limits.scaled(factor)


def parse_log_level(text: str) -> str:
    level = text.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"LOG_LEVEL: {text!r} is not one of DEBUG, INFO, WARNING, ERROR")
    return level


def parse_port(text: str, name: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ConfigError(f"{name}: {text!r} is not a TCP port")
    return int(text)


def parse_secret(text: str | None) -> str | None:
    # Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - in the secret token header.
    if text is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", text):
        raise ConfigError("WEBHOOK_SECRET: use 1-256 characters from A-Z, a-z, 0-9, _ and -")
    return text


def database_url(url: str) -> str:
    """Map the URLs people paste (Heroku's ``postgres://``, plain ``sqlite:///``) to async drivers."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ConfigError(f"DATABASE_URL: {url!r} is not a database URL (example: sqlite:///launchwatch.db)")
    scheme = scheme.lower()
    if scheme in {"postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg"}:
        return f"postgresql+asyncpg://{rest}"
    if scheme in {"sqlite", "sqlite+aiosqlite"}:
        return f"sqlite+aiosqlite://{rest}"
    raise ConfigError(f"DATABASE_URL: unsupported database {scheme!r} (use sqlite:// or postgresql://)")
