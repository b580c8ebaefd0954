"""Shared fixtures: real databases (SQLite files, and PostgreSQL when the server is reachable)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database

SHARED = Path(__file__).parents[1] / ".." / "shared"
POSTGRES_URL = os.environ.get("LAUNCHWATCH_TEST_POSTGRES_URL")


def _postgres_param() -> object:
    return pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not POSTGRES_URL, reason="set LAUNCHWATCH_TEST_POSTGRES_URL to run on PostgreSQL"
            ),
        ],
    )


@pytest.fixture(params=["sqlite", _postgres_param()])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """An empty database with the current schema: a SQLite file, or a fresh schema on PostgreSQL."""
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await database.create_schema()
        yield database
        await database.dispose()
        return
    from tests.pg import fresh_postgres

    async with fresh_postgres(POSTGRES_URL or "", f"t_{uuid.uuid4().hex[:10]}") as database:
        yield database


@pytest.fixture
def sqlite_db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'launchwatch.db'}"
