"""Typed application state, reached from handlers as ``context.bot_data``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings
    from bot.dispatcher import Dispatcher
    from bot.services.digests import DigestService
    from bot.services.ingest import IngestService
    from storage.db import Database


class AppState:
    """Set by ``bot.app.build_application`` before the application starts; never a bag of string keys."""

    settings: Settings
    db: Database
    clock: Clock
    dispatcher: Dispatcher
    ingest: IngestService
    digests: DigestService
