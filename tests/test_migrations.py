"""The schema is the migrations' job: they build exactly what the models describe, on SQLite and
PostgreSQL, adopt a database made before migrations existed, and write the next revision for us."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection

from storage import migrations
from storage.db import Database
from storage.models import Base


def differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_the_migrated_schema_is_exactly_the_models(db: Database) -> None:
    # ``db`` was built by ``create_schema``, which runs the migrations (SQLite, and PostgreSQL when set).
    async with db.engine.connect() as conn:
        assert await conn.run_sync(differences) == []
    assert await db.schema_revision() == migrations.head()


async def test_upgrading_twice_changes_nothing(db: Database) -> None:
    await db.create_schema()
    assert await db.schema_revision() == migrations.head()


async def test_a_database_made_before_migrations_is_adopted_with_its_rows(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        # What create_all made before there were migrations: the initial schema, unversioned.
        command.upgrade(migrations.config(conn), migrations.BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text("INSERT INTO service_state (key, value, updated_at) VALUES ('k', '{}', '2022-01-01')")
        )
    engine.dispose()
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await db.create_schema()
        assert await db.schema_revision() == migrations.head()
        async with db.engine.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM service_state"))).scalar() == 1
            assert await conn.run_sync(differences) == []
    finally:
        await db.dispose()


def test_every_revision_downgrades_to_nothing_and_back(tmp_path: Path) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{tmp_path / 'round.db'}")
    with engine.begin() as conn:
        migrations.upgrade(conn)
        command.downgrade(migrations.config(conn), "base")
        assert set(inspect(conn).get_table_names()) == {"alembic_version"}
        migrations.upgrade(conn)
        assert differences(conn) == []
        conn.execute(text("DROP INDEX ix_deliveries_due"))
        assert differences(conn), "the comparison does see a schema that drifted from the models"
    engine.dispose()


def test_a_new_revision_follows_the_head_and_is_empty_while_the_models_have_not_moved(tmp_path: Path) -> None:
    (path,) = migrations.new_revision("nothing changed", directory=tmp_path)
    source = path.read_text()
    assert path.parent == tmp_path
    assert f"down_revision: str | None = {migrations.head()!r}" in source
    assert "op." not in source, "no operations while the models match the head"
