"""The engine, sessions and units of work. One session per unit of work, never shared across tasks."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage import migrations
from storage.repo import Repo

log = logging.getLogger(__name__)


class Database:
    def __init__(self, url: str, *, echo: bool = False, schema: str | None = None) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            path = make_url(url).database
            if path and path != ":memory:":
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            # A generous lock wait: the watcher, the dispatcher and a second process may all write.
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
            if schema is not None:  # tests (and a shared server) keep each database in its own schema
                kwargs["connect_args"] = {"server_settings": {"search_path": schema}}
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            _sqlite_immediate_transactions(self.engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    async def create_schema(self) -> None:
        """Bring the schema up to date with the Alembic migrations (at every start and ``launchwatch db upgrade``).

        Several processes may start at once: on PostgreSQL they take turns (an advisory lock), on
        SQLite the first one's ``BEGIN IMMEDIATE`` makes the others wait.
        """
        async with self.engine.begin() as conn:
            await conn.run_sync(migrations.upgrade)

    upgrade_schema = create_schema

    async def schema_revision(self) -> str | None:
        """The migration the database is at (None: not managed yet)."""
        async with self.engine.connect() as conn:
            return await conn.run_sync(migrations.current)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Repo]:
        """A unit of work: everything done through the yielded repo commits together or not at all."""
        async with self.sessions() as session, session.begin():
            yield Repo(session)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_immediate_transactions(engine: AsyncEngine) -> None:
    """Take SQLite's write lock at BEGIN, so two writers queue on the lock instead of failing.

    A deferred transaction that reads and then writes cannot wait for the lock it needs and fails at
    once with "database is locked"; BEGIN IMMEDIATE waits up to the busy timeout instead. WAL lets
    readers proceed beside the writer. This is SQLAlchemy's documented pysqlite recipe.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
