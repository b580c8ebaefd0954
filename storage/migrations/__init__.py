"""The schema's history as Alembic migrations, run from code: no ``alembic.ini`` in the working directory.

``upgrade(connection)`` brings a database to the newest revision; it runs at every start and from
``launchwatch db upgrade``. ``new_revision(message)`` writes a new revision file from the difference
between ``storage.models`` and the newest revision (``launchwatch db revision -m "..."``).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
#: The revision a database made by ``create_all`` before migrations existed is taken to be at.
BASELINE = "0001"
#: Any constant: PostgreSQL processes starting together take turns at migrating.
_PG_LOCK = 0x6C61756E  # "laun"


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection) -> None:
    """Migrate to the newest revision inside the caller's transaction (sync; use ``run_sync``)."""
    if connection.dialect.name == "postgresql":
        # Released at commit; a second process waits here and then finds nothing left to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
    tables = set(inspect(connection).get_table_names())
    cfg = config(connection)
    if "alembic_version" not in tables and "deliveries" in tables:
        # Made by create_all before there were migrations: it is the initial schema.
        log.info("database made before migrations: taking it as revision %s", BASELINE)
        command.stamp(cfg, BASELINE)
    before = current(connection)
    command.upgrade(cfg, "head")
    after = current(connection)
    if after != before:
        log.info("database schema upgraded from %s to %s", before or "nothing", after)


def new_revision(message: str, *, directory: Path | None = None) -> list[Path]:
    """Autogenerate a revision: the models compared with a scratch SQLite database at the newest revision.

    The file goes into ``storage/migrations/versions`` (or ``directory``, for tests); read it, and
    check it on PostgreSQL too (``tests/test_migrations.py`` does) before committing it.
    """
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'head.db'}")
        with engine.begin() as connection:
            upgrade(connection)
            cfg = config(connection)
            if directory is not None:
                cfg.set_main_option("version_locations", f"{HERE / 'versions'}:{directory}")
            number = len(list(ScriptDirectory.from_config(cfg).walk_revisions())) + 1
            scripts: Any = command.revision(
                cfg,
                message=message,
                autogenerate=True,
                rev_id=f"{number:04d}",
                version_path=None if directory is None else str(directory),
            )
        engine.dispose()
    made = scripts if isinstance(scripts, list) else [scripts]
    return [Path(s.path) for s in made if s is not None]
