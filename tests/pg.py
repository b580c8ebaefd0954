"""A throwaway PostgreSQL schema per test, dropped afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text

from bot.config import database_url
from storage.db import Database


@asynccontextmanager
async def fresh_postgres(url: str, schema: str) -> AsyncIterator[Database]:
    base = database_url(url)
    admin = Database(base)
    async with admin.engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    database = Database(base, schema=schema)
    try:
        await database.create_schema()
        yield database
    finally:
        await database.dispose()
        admin = Database(base)
        async with admin.engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
